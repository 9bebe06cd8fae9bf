/**
 * How far the playhead moves between two video-frame callbacks, in seconds of media time. On an
 * idle page that is one frame; on a busy main thread the callbacks come every few frames, and a
 * decision taken at one callback must hold until the next. Edit playback looks this far ahead of
 * the clock so that the seek over a gap (or the pause at the end) is issued before the frame after
 * the boundary is presented, not one callback too late.
 */
export class CallbackCadence {
  /** The recent gaps, newest last; the look-ahead follows the widest of them. */
  readonly #gaps: number[] = [];
  readonly #window: number;
  readonly #ceiling: number;
  #previous: number | undefined;

  /**
   * @param window How many recent gaps count: a burst of load is remembered this many callbacks.
   * @param ceiling The longest gap believed (a longer one is a stall or a missed seek, not a cadence).
   */
  constructor(window = 8, ceiling = 0.25) {
    this.#window = window;
    this.#ceiling = ceiling;
  }

  /** Notes the media time of a frame presented while playing on, with no seek since the last one. */
  note(mediaTime: number): void {
    const previous = this.#previous;
    this.#previous = mediaTime;
    if (previous === undefined) return;
    const gap = mediaTime - previous;
    if (!(gap > 0 && gap <= this.#ceiling)) return;
    this.#gaps.push(gap);
    if (this.#gaps.length > this.#window) this.#gaps.shift();
  }

  /** Playback stopped or jumped: the next frame starts a new run (the gaps seen so far still count). */
  break(): void {
    this.#previous = undefined;
  }

  /**
   * The media time that may pass before the next callback: `minimum` (one frame) while they come
   * every frame. Once they have skipped frames, the widest recent gap and one frame more: callbacks
   * on a busy main thread come irregularly, and the next may be a frame later still.
   */
  lookahead(minimum: number): number {
    const widest = Math.max(minimum, ...this.#gaps);
    return widest > 1.5 * minimum ? widest + minimum : widest;
  }
}
