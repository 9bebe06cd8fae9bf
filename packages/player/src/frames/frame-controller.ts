/**
 * Knows which frame is on screen. A `requestVideoFrameCallback` loop records the metadata of each
 * frame the compositor presents: its media time is the exact timestamp of the picture the viewer
 * sees (currentTime is where the clock is, which may be ahead of the picture). Seeks wait on the
 * same loop to resolve only once the frame they asked for is displayed. The shortest media time
 * between two consecutive presented frames also gives the frame rate of sources whose manifest
 * does not say it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { nextEvent } from '../internal/deferred.js';
import { frameAt, frameRateOf, frameStart } from './frame-time.js';

interface FrameWaiter {
  accept: (frame: VideoFrameCallbackMetadata) => boolean;
  resolve: (frame: VideoFrameCallbackMetadata | undefined) => void;
}

/** Frame durations kept for the rate measurement. */
const RATE_SAMPLES = 30;
/** After `seeked`, how long to wait for a new frame before taking the one on screen as the answer. */
const SAME_FRAME_GRACE_MS = 500;
/** The longest a seek may take to present its frame. */
const FRAME_TIMEOUT_MS = 15_000;

export class FrameController implements ReactiveController {
  readonly #video: HTMLVideoElement;
  #callbackId: number | undefined;
  #waiters = new Set<FrameWaiter>();
  #durations: number[] = [];
  /** The frame on screen, as last presented. */
  lastFrame: VideoFrameCallbackMetadata | undefined;

  constructor(host: ReactiveControllerHost, video: HTMLVideoElement) {
    this.#video = video;
    host.addController(this);
  }

  hostConnected(): void {
    this.#schedule();
  }

  hostDisconnected(): void {
    if (this.#callbackId !== undefined) this.#video.cancelVideoFrameCallback(this.#callbackId);
    this.#callbackId = undefined;
    for (const waiter of this.#waiters) waiter.resolve(undefined);
    this.#waiters.clear();
  }

  /** Forgets what was measured: a new source may have another frame rate. */
  reset(): void {
    this.lastFrame = undefined;
    this.#durations = [];
  }

  /** The frame rate measured from presented frames, once enough were seen. */
  get measuredFrameRate(): number | undefined {
    if (this.#durations.length < 10) return undefined;
    return frameRateOf(Math.min(...this.#durations));
  }

  /**
   * Sets the playhead to `time` (at once, before the first await: the caller may announce the new
   * position right after calling) and resolves once the frame at `time` is presented (or, when the
   * same frame stays on screen, shortly after the seek completes). `signal` ends the wait early.
   */
  async show(time: number, fps: number, signal: AbortSignal): Promise<void> {
    const video = this.#video;
    const target = frameAt(time, fps);
    const shown = this.waitForFrame(
      (frame) => frameAt(frame.mediaTime, fps) === target || (!video.paused && frame.mediaTime >= frameStart(target, fps)),
      FRAME_TIMEOUT_MS,
    );
    const seeked = nextEvent(video, 'seeked', signal);
    video.currentTime = time;
    await seeked;
    await Promise.race([shown, new Promise((resolve) => setTimeout(resolve, SAME_FRAME_GRACE_MS))]);
  }

  /** The media time of the picture on screen, which can lag the clock: the last presented frame's when it is current. */
  pictureTime(fps: number): number {
    const shown = this.lastFrame;
    const now = this.#video.currentTime;
    return shown && Math.abs(shown.mediaTime - now) < 2 / fps ? shown.mediaTime : now;
  }

  /** The next presented frame `accept` agrees to, or undefined after `timeoutMs`. */
  waitForFrame(accept: (frame: VideoFrameCallbackMetadata) => boolean, timeoutMs: number): Promise<VideoFrameCallbackMetadata | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const waiter: FrameWaiter = { accept, resolve: (frame) => done(frame) };
      const done = (frame: VideoFrameCallbackMetadata | undefined) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(frame);
      };
      this.#waiters.add(waiter);
    });
  }

  #schedule(): void {
    if (typeof this.#video.requestVideoFrameCallback !== 'function') return;
    this.#callbackId = this.#video.requestVideoFrameCallback((_now, frame) => this.#presented(frame));
  }

  #presented(frame: VideoFrameCallbackMetadata): void {
    const previous = this.lastFrame;
    if (previous && frame.presentedFrames === previous.presentedFrames + 1) {
      const duration = frame.mediaTime - previous.mediaTime;
      if (duration > 0.001 && duration < 1) {
        this.#durations.push(duration);
        if (this.#durations.length > RATE_SAMPLES) this.#durations.shift();
      }
    }
    this.lastFrame = frame;
    for (const waiter of [...this.#waiters]) if (waiter.accept(frame)) waiter.resolve(frame);
    this.#schedule();
  }
}
