/**
 * Mirrors the inner video to the outside: re-dispatches its media events on the player (bubbling
 * and composed, as the contract says; the video's own stay inside the shadow root), and commits a
 * new PlayerState snapshot to the context each time the video or the engine reports a change.
 */
import { ContextProvider } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MEDIA_EVENTS } from '../events/media-events.js';
import { playerStateContext, type PlayerState } from './player-state.js';

/** Video events that change state but are not re-dispatched. */
const STATE_EVENTS = ['waiting', 'seeking', 'durationchange', 'emptied', 'canplay', 'progress'] as const;

export class MediaStateController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #video: HTMLVideoElement;
  readonly #read: () => PlayerState;
  readonly #provider: ContextProvider<typeof playerStateContext>;
  #events: AbortController | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, video: HTMLVideoElement, read: () => PlayerState) {
    this.#host = host;
    this.#video = video;
    this.#read = read;
    this.#provider = new ContextProvider(host, { context: playerStateContext, initialValue: read() });
    host.addController(this);
  }

  /** The state last committed. */
  get state(): PlayerState {
    return this.#provider.value;
  }

  hostConnected(): void {
    this.#events?.abort();
    this.#events = new AbortController();
    const { signal } = this.#events;
    for (const type of MEDIA_EVENTS) {
      this.#video.addEventListener(
        type,
        () => {
          this.commit();
          this.#host.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
        },
        { signal },
      );
    }
    for (const type of STATE_EVENTS) this.#video.addEventListener(type, () => this.commit(), { signal });
  }

  hostDisconnected(): void {
    this.#events?.abort();
  }

  commit(): void {
    this.#provider.setValue(this.#read());
  }
}
