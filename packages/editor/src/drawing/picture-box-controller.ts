/**
 * Keeps the picture's box (see picture-box.ts) up to date for the drawing layer: measured from
 * the video element, again when the player is resized or the frame size changes (a new source, an
 * adaptive switch to a rendition of another shape).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { containedBox, sameBox, type PictureBox } from './picture-box.js';

const FRAME_SIZE_EVENTS = ['loadedmetadata', 'resize'];

export class PictureBoxController implements ReactiveController {
  /** The picture, in CSS pixels relative to the video element (which fills the stage); empty until the frame size is known. */
  box: PictureBox = { left: 0, top: 0, width: 0, height: 0 };
  #resize: ResizeObserver | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly video: () => HTMLVideoElement,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const video = this.video();
    for (const type of FRAME_SIZE_EVENTS) video.addEventListener(type, this.#measure);
    this.#resize = new ResizeObserver(this.#measure);
    this.#resize.observe(video);
    this.#measure();
  }

  hostDisconnected(): void {
    const video = this.video();
    for (const type of FRAME_SIZE_EVENTS) video.removeEventListener(type, this.#measure);
    this.#resize?.disconnect();
    this.#resize = undefined;
  }

  readonly #measure = (): void => {
    const video = this.video();
    const next = containedBox(video.clientWidth, video.clientHeight, video.videoWidth, video.videoHeight);
    if (sameBox(next, this.box)) return;
    this.box = next;
    this.host.requestUpdate();
  };
}
