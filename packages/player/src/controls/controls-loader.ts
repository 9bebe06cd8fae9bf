/**
 * Keeps the controls out of the element's first download: the ControlsController (requests,
 * shortcuts, captions, fullscreen) is a chunk loaded once the player is connected with `controls`
 * set, or, for the shortcuts alone, once the first picture is there and the page is idle, or the
 * player has focus (there is nothing to control before, and the chunk would compete with the
 * grant, the engine and the first segment for the first frame); the control elements are a second
 * chunk loaded only for `controls`. What stays in the element is this loader and the theme
 * variables.
 */
import { nothing, type ReactiveController } from 'lit';
import type { ControlsController, ControlsHost } from './controls-controller.js';

export class ControlsLoader implements ReactiveController {
  readonly #host: ControlsHost;
  #controller: ControlsController | undefined;
  #loading: Promise<void> | undefined;
  /** Until the controller loads: the video's `loadeddata`, after which the shortcuts alone come in. */
  #waiting: AbortController | undefined;
  /** The first picture is loaded (or the player has focus): the shortcuts alone may load. */
  #pictureShown = false;

  constructor(host: ControlsHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#waiting?.abort();
    this.#waiting = new AbortController();
    const signal = this.#waiting.signal;
    const whenIdle = (run: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 1000 }) : setTimeout(run, 100));
    const ready = () =>
      whenIdle(() => {
        if (signal.aborted) return;
        this.#pictureShown = true;
        this.#load();
      });
    if (this.#host.media.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) ready();
    else this.#host.media.addEventListener('loadeddata', ready, { signal, once: true });
    // Focus in the player before that (where its shortcuts apply by default) brings them in at once.
    this.#host.addEventListener(
      'focusin',
      () => {
        this.#pictureShown = true;
        this.#load();
      },
      { signal, once: true },
    );
  }

  hostDisconnected(): void {
    this.#waiting?.abort();
  }

  hostUpdated(): void {
    this.#load();
  }

  #load(): void {
    const host = this.#host;
    if (this.#loading || !host.isConnected) return;
    if (!host.controls && (host.nohotkeys || !this.#pictureShown)) return;
    this.#waiting?.abort();
    this.#loading = import('./controls-controller.js').then(({ ControlsController }) => {
      // Added to a connected host, it connects at once and takes over from the next update.
      this.#controller = new ControlsController(this.#host);
      this.#host.requestUpdate();
    });
  }

  render(): unknown {
    return this.#controller?.render() ?? nothing;
  }
}
