/**
 * Keeps the decoded-frame cache (mp4 reading, WebCodecs, the overlay) out of the element's first
 * download: it is a chunk loaded the first time the video is paused with a picture, which is when
 * frame stepping can begin, and only where the browser has `VideoDecoder`. Until then, and without
 * it, every step takes the video's own seek.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { FrameCacheController, FrameCacheHost } from './frame-cache-controller.js';

export class FrameCacheLoader implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: FrameCacheHost;
  #controller: FrameCacheController | undefined;
  /** The load in flight or done, for this connection (a reconnection starts anew). */
  #loading: object | undefined;
  #listening: AbortController | undefined;

  constructor(host: ReactiveControllerHost, options: FrameCacheHost) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof globalThis.VideoDecoder !== 'function') return;
    this.#listening = new AbortController();
    const load = () => {
      if (this.#options.video.paused && this.#options.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) this.load();
    };
    for (const type of ['pause', 'seeked', 'loadeddata']) this.#options.video.addEventListener(type, load, { signal: this.#listening.signal });
    load();
  }

  hostDisconnected(): void {
    this.#listening?.abort();
    this.#controller?.dispose();
    this.#controller = undefined;
    this.#loading = undefined;
  }

  /** Loads the cache (once; no-op without WebCodecs). */
  load(): void {
    if (this.#loading || typeof globalThis.VideoDecoder !== 'function') return;
    const loading = (this.#loading = {});
    import('./frame-cache-controller.js').then(
      ({ FrameCacheController }) => {
        if (this.#loading !== loading || !FrameCacheController.supported) return;
        this.#listening?.abort();
        this.#controller = new FrameCacheController(this.#options);
        this.#host.requestUpdate();
      },
      // The chunk did not load (offline, a redeploy): steps stay plain seeks; a later pause tries again.
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
