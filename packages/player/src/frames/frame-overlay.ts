/**
 * A canvas laid over the video that shows a decoded picture from the frame cache until the video
 * presents the same frame itself. It letterboxes the picture exactly as the video's
 * `object-fit: contain` does (overlay/picture-box.ts), at the element's device pixels, so the
 * hand-over from canvas to video does not move or rescale anything on screen. The box uses the
 * video's intrinsic size, which has the sample aspect ratio applied (a decoded frame's may not).
 */
import { containedBox, type Box } from '../overlay/picture-box.js';

export class FrameOverlay {
  readonly canvas: HTMLCanvasElement;
  readonly #video: HTMLVideoElement;

  constructor(video: HTMLVideoElement) {
    this.#video = video;
    const canvas = document.createElement('canvas');
    canvas.className = 'frame-cache';
    canvas.setAttribute('aria-hidden', 'true');
    canvas.hidden = true;
    this.canvas = canvas;
  }

  get shown(): boolean {
    return !this.canvas.hidden;
  }

  /** The picture's box in the canvas, in device pixels, for the video's current layout. */
  pictureBox(): Box {
    const video = this.#video;
    const scale = devicePixelRatio || 1;
    const box = containedBox(Math.round(video.clientWidth * scale), Math.round(video.clientHeight * scale), video.videoWidth, video.videoHeight);
    return { left: box.left, top: box.top, width: Math.round(box.width), height: Math.round(box.height) };
  }

  /**
   * Draws `picture` where the video would show it, and shows the canvas: a VideoFrame is scaled
   * into the box; an ImageBitmap already scaled to the box (see pictureBox) is copied as it is.
   */
  draw(picture: VideoFrame | ImageBitmap): void {
    const video = this.#video;
    const canvas = this.canvas;
    const scale = devicePixelRatio || 1;
    const width = Math.round(video.clientWidth * scale);
    const height = Math.round(video.clientHeight * scale);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const context = canvas.getContext('2d');
    if (!context) return;
    const box = this.pictureBox();
    context.clearRect(0, 0, width, height);
    context.drawImage(picture, box.left, box.top, box.width, box.height);
    canvas.hidden = false;
  }

  hide(): void {
    this.canvas.hidden = true;
  }
}
