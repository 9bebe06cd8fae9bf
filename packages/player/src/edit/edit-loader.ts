/**
 * Keeps edit playback out of the element's first download: the EditPlaybackController (with the
 * client's Edit rules and the annotation overlay) is a chunk imported the first time `edit` or
 * `edit-src` is set. A page that plays no Edit never downloads it.
 */
import type { EditPlaybackController, EditPlaybackHooks, EditPlaybackHost } from './edit-playback-controller.js';

/** What the loader reads of the player: the controller's host, plus the Edit it was given. */
export interface EditLoaderHost extends EditPlaybackHost {
  readonly isUpdatePending: boolean;
  readonly edit: unknown;
  readonly editSrc: string | undefined;
}

export class EditLoader {
  readonly #host: EditLoaderHost;
  readonly #video: HTMLVideoElement;
  readonly #hooks: EditPlaybackHooks;
  #loading: Promise<EditPlaybackController> | undefined;
  #playback: EditPlaybackController | undefined;

  constructor(host: EditLoaderHost, video: HTMLVideoElement, hooks: EditPlaybackHooks) {
    this.#host = host;
    this.#video = video;
    this.#hooks = hooks;
  }

  /** The controller, once its chunk is in; undefined before (and when no Edit was ever set). */
  get playback(): EditPlaybackController | undefined {
    return this.#playback;
  }

  /** An Edit was set at some point: its controller is loaded or on its way. */
  get requested(): boolean {
    return this.#loading !== undefined;
  }

  /** An Edit is set or was: edit time applies, so a seek or step must wait for `ready()`. */
  get wanted(): boolean {
    return this.requested || this.#host.edit != null || !!this.#host.editSrc;
  }

  /** Applies the host's `edit` or `editSrc` (neither: stops edit playback), loading the controller the first time. */
  load(): void {
    if (!this.wanted) return;
    this.#loading ??= import('./edit-playback-controller.js').then(
      ({ EditPlaybackController }) => (this.#playback = new EditPlaybackController(this.#host, this.#video, this.#hooks)),
    );
    // Read when the chunk is in: several changes before that apply the last one only.
    void this.#loading.then((playback) => playback.load(this.#host.edit, this.#host.editSrc));
  }

  /** The controller once the Edit last set is applied (or refused); undefined when none was ever set. */
  async ready(): Promise<EditPlaybackController | undefined> {
    // An `edit` just set is taken up by the host's next update.
    if (this.#host.isUpdatePending) await this.#host.updateComplete;
    const playback = await this.#loading;
    await playback?.ready;
    return playback;
  }
}
