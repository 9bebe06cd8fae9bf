/**
 * Live playback state: whether the source is live, how far behind the wall clock the frame on
 * screen is, whether the viewer follows the live edge or watches the DVR window, and a resync
 * after stalls. The engines catch up small delays by playback rate (hls.js
 * `maxLiveSyncPlaybackRate`, shaka `liveSync`); a long stall leaves the viewer far behind, and a
 * viewer who was following live expects to be live again when playback resumes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Engine } from '../engines/engine.js';

/** Behind the live edge by more than this after a stall (and the engine's target), jump back. */
const RESYNC_BEHIND_SECONDS = 4;
/** A seek landing further than this from the live edge means the viewer chose the DVR window. */
const FOLLOWING_TOLERANCE_SECONDS = 6;

export class LiveController implements ReactiveController {
  readonly #video: HTMLVideoElement;
  readonly #onChange: (live: boolean) => void;
  #engine: Engine | undefined;
  #live = false;
  #following = true;
  #stalled = false;
  #events: AbortController | undefined;

  constructor(host: ReactiveControllerHost, video: HTMLVideoElement, onChange: (live: boolean) => void) {
    this.#video = video;
    this.#onChange = onChange;
    host.addController(this);
  }

  get live(): boolean {
    return this.#live;
  }

  /** Whether the viewer follows the live edge (rather than watching the DVR window). */
  get following(): boolean {
    return this.#live && this.#following;
  }

  /** Seconds between the wall clock and the program-date-time of the frame on screen; NaN when unknown. */
  get latency(): number {
    const info = this.#engine?.liveInfo;
    if (!this.#live || !info?.programDateTime) return NaN;
    return (Date.now() - info.programDateTime.getTime()) / 1000;
  }

  hostConnected(): void {
    this.#events?.abort();
    this.#events = new AbortController();
    const { signal } = this.#events;
    this.#video.addEventListener('waiting', () => (this.#stalled = this.#live), { signal });
    this.#video.addEventListener('playing', () => this.#afterStall(), { signal });
    this.#video.addEventListener('seeked', () => this.#afterSeek(), { signal });
  }

  hostDisconnected(): void {
    this.#events?.abort();
  }

  /** Follows a new engine (or none); the source is not live until the engine says so. */
  attach(engine: Engine | undefined): void {
    this.#engine = engine;
    this.#following = true;
    this.#stalled = false;
    this.setLive(false);
  }

  setLive(live: boolean): void {
    if (live === this.#live) return;
    this.#live = live;
    this.#onChange(live);
  }

  seekToLive(): void {
    if (!this.#live) return;
    this.#following = true;
    this.#engine?.seekToLive();
  }

  #behindLiveEdge(): number {
    const info = this.#engine?.liveInfo;
    if (!info?.isLive || !Number.isFinite(info.liveEdge)) return NaN;
    return info.liveEdge - this.#video.currentTime;
  }

  #afterSeek(): void {
    if (!this.#live) return;
    const behind = this.#behindLiveEdge();
    if (Number.isFinite(behind)) this.#following = behind < FOLLOWING_TOLERANCE_SECONDS;
  }

  #afterStall(): void {
    if (!this.#stalled) return;
    this.#stalled = false;
    const behind = this.#behindLiveEdge();
    if (this.#following && behind > RESYNC_BEHIND_SECONDS) this.#engine?.seekToLive();
  }
}
