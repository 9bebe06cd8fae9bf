/**
 * Follows the player: the time, paused state and duration the editor shows, the playhead moving
 * every frame while playing, and the timeline kept on the playhead.
 */
import type { ReactiveController } from 'lit';
import type { EditorPort } from '../internal/editor-port.js';
import type { TimelineController } from '../timeline/timeline-controller.js';

const PLAYER_EVENTS = ['timeupdate', 'seeked', 'loadedmetadata', 'durationchange', 'play', 'pause'];

export class PlaybackController implements ReactiveController {
  #frameLoop = 0;

  constructor(
    private readonly port: EditorPort,
    private readonly timeline: TimelineController,
  ) {
    for (const type of PLAYER_EVENTS) port.host.player.addEventListener(type, this.#syncFromPlayer);
    port.host.addController(this);
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frameLoop);
  }

  readonly #syncFromPlayer = (event: Event): void => {
    const { host, state } = this.port;
    const player = host.player;
    state.time = player.currentTime;
    state.paused = player.paused;
    // `durationchange` is not re-emitted by every player version: any event may bring the duration.
    if (Number.isFinite(player.duration) && player.duration !== state.mediaDuration) {
      state.mediaDuration = player.duration;
      this.timeline.durationChanged();
    }
    if (event.type === 'play') this.#followPlayback();
    if (event.type === 'seeked' || event.type === 'pause') this.timeline.reveal(state.time);
  };

  /** The playhead moves every frame while playing (`timeupdate` alone is four times a second). */
  #followPlayback(): void {
    const { host, state } = this.port;
    cancelAnimationFrame(this.#frameLoop);
    const tick = () => {
      if (host.player.paused || !host.isConnected) return;
      state.time = host.player.currentTime;
      this.timeline.reveal(state.time);
      this.#frameLoop = requestAnimationFrame(tick);
    };
    this.#frameLoop = requestAnimationFrame(tick);
  }
}
