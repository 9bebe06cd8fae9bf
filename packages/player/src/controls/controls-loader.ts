/**
 * Keeps the controls out of the element's first download: the ControlsController (requests,
 * shortcuts, captions, fullscreen) is a chunk loaded once the player is connected with shortcuts
 * on or `controls` set, and the control elements a second chunk loaded only for `controls`. What
 * stays in the element is this loader and the theme variables.
 */
import { nothing, type ReactiveController } from 'lit';
import type { ControlsController, ControlsHost } from './controls-controller.js';

export class ControlsLoader implements ReactiveController {
  readonly #host: ControlsHost;
  #controller: ControlsController | undefined;
  #loading: Promise<void> | undefined;

  constructor(host: ControlsHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.#loading || !this.#host.isConnected || (this.#host.nohotkeys && !this.#host.controls)) return;
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
