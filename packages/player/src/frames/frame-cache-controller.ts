/**
 * Instant frame steps while paused. A seek makes the browser flush, decode again from the
 * segment's keyframe and present the frame, tens of milliseconds per step; editors avoid that with
 * pictures decoded ahead. While the video is paused (and only then) this controller asks the
 * engine for the segments of the rendition playing around the playhead, decodes each once with
 * WebCodecs, and keeps the pictures by frame index (frame-cache.ts). A step to a cached frame
 * draws it on a canvas over the video at once (frame-overlay.ts) while the video seeks as always,
 * so the position and the video's own events are what they always are; the canvas goes away as
 * soon as the video presents that frame itself, and on play, on a seek elsewhere, on a new source
 * or rendition.
 */
import type { Engine, SegmentRequest } from '../engines/engine.js';
import { canDecodeFrames, decodeSamples, decoderConfigFor } from './frame-decoder.js';
import { FrameCache } from './frame-cache.js';
import type { FrameController } from './frame-controller.js';
import { FrameOverlay } from './frame-overlay.js';
import { frameAt } from './frame-time.js';
import { parseVideoInit, parseVideoSamples } from './mp4-samples.js';

export interface FrameCacheHost {
  /** The player element: its `qualitychange` events say the rendition changed. */
  element: HTMLElement;
  video: HTMLVideoElement;
  frames: FrameController;
  engine(): Engine | undefined;
  frameRate(): number;
}

/**
 * The segment at the playhead, the next and the previous one, within a memory budget: 3 segments
 * of 2 s at 480p are about 110 MB of decoded pictures; at 720p the budget keeps two.
 */
const LIMITS = { maxSegments: 3, maxBytes: 192 * 1024 * 1024 };
/** About what converting a 720p VideoFrame for the canvas takes on the main thread, without a GPU. */
const CONVERSION_MS = 12;
/** The longest the canvas stands in for the video (a seek that never presents its frame). */
const HAND_OVER_TIMEOUT_MS = 10_000;

export class FrameCacheController {
  readonly #host: FrameCacheHost;
  readonly #overlay: FrameOverlay;
  readonly #cache = new FrameCache(LIMITS);
  readonly #listening = new AbortController();
  /** The engine and rendition the cached pictures came from. */
  #source: { engine: Engine; quality: number } | undefined;
  #filling: AbortController | undefined;
  #fillAgain = false;
  /** The frame on the canvas, while it is shown. */
  #shown: { index: number } | undefined;
  /**
   * The frames next to the playhead, already converted to RGB and scaled to the canvas: drawing a
   * VideoFrame does that during the step, 5 to 10 ms at 720p without a GPU.
   */
  readonly #ready = new Map<number, ImageBitmap>();
  /** Bumped by every reset: a picture prepared for an older source is dropped. */
  #generation = 0;

  constructor(host: FrameCacheHost) {
    this.#host = host;
    this.#overlay = new FrameOverlay(host.video);
    const video = host.video;
    const signal = this.#listening.signal;
    for (const type of ['pause', 'seeked', 'loadeddata']) video.addEventListener(type, () => this.#fillSoon(), { signal });
    video.addEventListener('play', () => this.#stop(), { signal });
    video.addEventListener('emptied', () => this.#reset(), { signal });
    video.addEventListener('seeking', () => this.#seeking(), { signal });
    // A seek to the frame already on screen may present nothing new: the video shows it already.
    video.addEventListener('seeked', () => this.#shown?.index === this.#presentedIndex() && this.#hide(), { signal });
    host.element.addEventListener('qualitychange', () => this.#reset(), { signal });
    this.#fillSoon();
  }

  static get supported(): boolean {
    return canDecodeFrames();
  }

  get canvas(): HTMLCanvasElement {
    return this.#overlay.canvas;
  }

  /**
   * Shows the frame at `time` from the cache over the video until the video, which the caller
   * seeks there, presents it too; false (and nothing shown) when the video is not paused or the
   * frame is not cached.
   */
  show(time: number, fps: number): boolean {
    const video = this.#host.video;
    if (!video.paused || !this.#sameSource()) return false;
    const index = frameAt(time, fps);
    const frame = this.#cache.get(index);
    if (!frame) return false;
    const ready = this.#ready.get(index);
    const box = this.#overlay.pictureBox();
    this.#overlay.draw(ready && ready.width === box.width && ready.height === box.height ? ready : frame);
    this.#shown = { index };
    this.#prepareSoon(index, fps);
    // Keep the canvas until the video presents this frame itself (or another step replaced it).
    void this.#host.frames
      .waitForFrame((presented) => this.#shown?.index !== index || frameAt(presented.mediaTime, fps) === index, HAND_OVER_TIMEOUT_MS)
      .then(() => {
        if (this.#shown?.index === index) this.#hide();
      });
    return true;
  }

  /** Frees every picture and stops listening (the player left the page). */
  dispose(): void {
    this.#listening.abort();
    this.#reset();
  }

  #seeking(): void {
    const shown = this.#shown;
    if (shown && frameAt(this.#host.video.currentTime, this.#host.frameRate()) !== shown.index) this.#hide();
  }

  #presentedIndex(): number | undefined {
    const presented = this.#host.frames.lastFrame;
    return presented && frameAt(presented.mediaTime, this.#host.frameRate());
  }

  #hide(): void {
    this.#shown = undefined;
    this.#overlay.hide();
  }

  /** Playing: the video shows every frame itself, and decoding now would compete with it. */
  #stop(): void {
    this.#hide();
    this.#filling?.abort();
    this.#filling = undefined;
  }

  /** A new source or rendition: the pictures are not the ones the video will show. */
  #reset(): void {
    this.#stop();
    this.#forget();
  }

  #forget(): void {
    this.#generation++;
    this.#cache.clear();
    this.#source = undefined;
    for (const bitmap of this.#ready.values()) bitmap.close();
    this.#ready.clear();
  }

  /**
   * Converts the frames on either side of frame `index` for the canvas, ahead of the next step,
   * once the page is idle (while the video seeks): createImageBitmap does the conversion on the
   * main thread, and a step should not wait for it.
   */
  #prepareSoon(index: number, fps: number): void {
    const video = this.#host.video;
    // Not if playing, or if another step has moved on since (its own preparation will follow).
    const prepare = () => void (video.paused && frameAt(video.currentTime, fps) === index && this.#prepare(index, fps));
    if (typeof requestIdleCallback !== 'function') return void setTimeout(prepare, 50);
    // A conversion takes about a frame's time: wait for an idle period that long, or half a second.
    const idle = (deadline: IdleDeadline) => (deadline.timeRemaining() >= CONVERSION_MS || deadline.didTimeout ? prepare() : requestIdleCallback(idle, { timeout: 500 }));
    requestIdleCallback(idle, { timeout: 500 });
  }

  async #prepare(index: number, fps: number): Promise<void> {
    const generation = this.#generation;
    const box = this.#overlay.pictureBox();
    for (const [at, bitmap] of this.#ready) {
      if (Math.abs(at - index) <= 1 && bitmap.width === box.width && bitmap.height === box.height) continue;
      bitmap.close();
      this.#ready.delete(at);
    }
    if (!(box.width > 0 && box.height > 0)) return;
    for (const at of [index + 1, index - 1]) {
      const frame = this.#cache.get(at);
      if (!frame || this.#ready.has(at)) continue;
      // The frame may be evicted (closed) meanwhile: no picture then.
      const bitmap = await createImageBitmap(frame, { resizeWidth: box.width, resizeHeight: box.height, resizeQuality: 'low' }).catch(() => undefined);
      if (!bitmap) continue;
      // Another step may have moved on meanwhile: keep only what is still next to the playhead.
      if (generation !== this.#generation || this.#ready.has(at) || Math.abs(at - frameAt(this.#host.video.currentTime, fps)) > 1) bitmap.close();
      else this.#ready.set(at, bitmap);
    }
  }

  /** Whether there are pictures of the engine and rendition playing; forgets those of another. */
  #sameSource(): boolean {
    const engine = this.#host.engine();
    const source = this.#source;
    if (source && (source.engine !== engine || source.quality !== engine.activeQuality)) {
      this.#hide();
      this.#forget();
    }
    return this.#source !== undefined;
  }

  #fillSoon(): void {
    if (!this.#host.video.paused) return;
    if (this.#filling) {
      this.#fillAgain = true;
      return;
    }
    const filling = new AbortController();
    this.#filling = filling;
    this.#fill(filling.signal)
      .catch(() => undefined)
      .finally(() => {
        if (this.#filling !== filling) return;
        this.#filling = undefined;
        if (this.#fillAgain) {
          this.#fillAgain = false;
          this.#fillSoon();
        }
      });
  }

  /** Decodes the segments around the playhead that are not cached yet, nearest first. */
  async #fill(signal: AbortSignal): Promise<void> {
    // Let the video's own seek and the page's work of this moment go first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const { video } = this.#host;
    const engine = this.#host.engine();
    if (!engine?.videoSegmentsAround || signal.aborted || !video.paused) return;
    this.#sameSource();
    const quality = engine.activeQuality;
    const refs = engine.videoSegmentsAround(video.currentTime);
    this.#cache.retain(new Set(refs.map((ref) => ref.key)));
    let segmentBytes = 0;
    for (const ref of refs) {
      if (this.#cache.has(ref.key)) continue;
      if (!this.#cache.fits(segmentBytes)) return;
      const [init, data] = await Promise.all(['url' in ref.init ? fetchBytes(ref.init, signal) : bytesOf(ref.init), fetchBytes(ref.data, signal)]);
      const track = parseVideoInit(init);
      const config = track && (await decoderConfigFor(track));
      if (!track || !config) return;
      const decoded = await decodeSamples(config, track, parseVideoSamples(data, track), signal);
      if (decoded.length === 0) continue;
      // A rendition switch while decoding: these pictures are of the old one.
      if (engine !== this.#host.engine() || engine.activeQuality !== quality) {
        for (const frame of decoded) frame.close();
        return;
      }
      const fps = this.#host.frameRate();
      const offset = ref.timeOffset ?? ref.start - decoded[0]!.timestamp / 1e6;
      // Rounded: a picture's presentation time is its frame's start, give or take the timescale's rounding.
      const byIndex = new Map(decoded.map((frame) => [Math.round((frame.timestamp / 1e6 + offset) * fps), frame] as const));
      for (const frame of decoded) if (byIndex.get(Math.round((frame.timestamp / 1e6 + offset) * fps)) !== frame) frame.close();
      this.#source = { engine, quality };
      this.#cache.add(ref.key, byIndex);
      segmentBytes = decoded.reduce((sum, frame) => sum + frame.allocationSize(), 0);
      // The first steps from here need no conversion either.
      this.#prepareSoon(frameAt(video.currentTime, fps), fps);
    }
  }
}

/** A segment's bytes, requested as the engine asked. */
async function fetchBytes(request: SegmentRequest, signal: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(request.url, { signal, credentials: request.credentials ? 'include' : 'same-origin', headers: request.range ? { range: request.range } : {} });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${request.url}`);
  return new Uint8Array(await response.arrayBuffer());
}

function bytesOf(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}
