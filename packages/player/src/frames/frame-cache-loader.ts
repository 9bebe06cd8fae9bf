/**
 * Keeps the decoded-frame cache (mp4 reading, WebCodecs, the overlay) out of the element's first
 * download and off players nobody steps through: it is a chunk loaded on the first frame step,
 * and only where the browser has `VideoDecoder`. Decoding on every pause instead would fetch and
 * decode segments (up to ~190 MB of pictures) for each paused player of a page, frame stepping or
 * not. Until the first step, and without WebCodecs, every step takes the video's own seek.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { FrameCacheController, FrameCacheHost } from './frame-cache-controller.js';

export class FrameCacheLoader implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: FrameCacheHost;
  #controller: FrameCacheController | undefined;
  /** The load in flight or done, for this connection (a reconnection starts anew). */
  #loading: object | undefined;

  constructor(host: ReactiveControllerHost, options: FrameCacheHost) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#controller?.dispose();
    this.#controller = undefined;
    this.#loading = undefined;
  }

  /** Loads the cache (once; no-op without WebCodecs); the controller fills it while paused from then on. */
  load(): void {
    if (this.#loading || typeof globalThis.VideoDecoder !== 'function') return;
    const loading = (this.#loading = {});
    import('./frame-cache-controller.js').then(
      ({ FrameCacheController }) => {
        if (this.#loading !== loading || !FrameCacheController.supported) return;
        this.#controller = new FrameCacheController(this.#options);
        this.#host.requestUpdate();
      },
      // The chunk did not load (offline, a redeploy): steps stay plain seeks; a later step tries again.
      () => this.#loading === loading && (this.#loading = undefined),
    );
  }

  /** Shows the frame at `time` from the cache until the video, seeking there, presents it; false when it is not cached (or not paused). */
  show(time: number, fps: number): boolean {
    return this.#controller?.show(time, fps) ?? false;
  }

  render(): unknown {
    return this.#controller?.canvas ?? nothing;
  }
}
