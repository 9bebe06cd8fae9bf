import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { PlaybackGrant } from '@surgery-video/client';
import type { GrantKind } from './access/grant-controller.js';
import { GRANT_MODES, type GrantMode } from './access/signed-access.js';
import type { EngineName, Quality, QualityRequest } from './engines/engine.js';
import { PlayerError, type PlayerErrorDetail } from './errors/player-error.js';
import { LiveChangeEvent } from './events/live-change-event.js';
import { PlayerErrorEvent } from './events/player-error-event.js';
import { QualityChangeEvent } from './events/quality-change-event.js';
import { FrameCacheLoader } from './frames/frame-cache-loader.js';
import { FrameController } from './frames/frame-controller.js';
import { frameAt, frameCentre, seekTargetFor } from './frames/frame-time.js';
import { deferred, isAbortError, nextEvent, type Deferred } from './internal/deferred.js';
import type { Annotation } from '@surgery-video/client';
import { EditLoader } from './edit/edit-loader.js';
import type { AnnotationEnterEvent } from './events/annotation-enter-event.js';
import type { AnnotationLeaveEvent } from './events/annotation-leave-event.js';
import { LiveController } from './live/live-controller.js';
import { playerStyles } from './player.styles.js';
import { SourceController } from './source/source-controller.js';
import { MediaStateController } from './state/media-state-controller.js';
import type { PlayerState } from './state/player-state.js';
import { PLAYER_VERSION } from './version.js';
import { ControlsLoader } from './controls/controls-loader.js';
import { controlsHostStyles } from './controls/controls.styles.js';
import type { Keymap } from './controls/keymap.js';

export type LatencyMode = 'low' | 'normal';

/** Frame rate assumed until the manifest or the presented frames say otherwise. */
const DEFAULT_FRAME_RATE = 30;

const LATENCY_MODES: readonly LatencyMode[] = ['low', 'normal'];
const KINDS: readonly GrantKind[] = ['asset', 'live'];

/**
 * @summary Plays live (low latency, DVR) and recorded surgery from HLS, DASH or MP4, signed by a
 * playback grant, frame-accurately.
 *
 * @event play - Re-dispatched from the video (bubbling, composed), as are the next eight.
 * @event pause - Re-dispatched from the video.
 * @event playing - Re-dispatched from the video.
 * @event timeupdate - Re-dispatched from the video; `currentTime` is in edit time while an Edit is applied.
 * @event seeked - Re-dispatched from the video.
 * @event ended - Re-dispatched from the video.
 * @event loadedmetadata - Re-dispatched from the video.
 * @event ratechange - Re-dispatched from the video.
 * @event volumechange - Re-dispatched from the video.
 * @event {QualityChangeEvent} qualitychange - The rendition playing changed; `detail: { quality, active }`.
 * @event {LiveChangeEvent} livechange - The source is (or stopped being) live; `detail: { live }`.
 * @event {AnnotationEnterEvent} annotationenter - Edit playback reached an annotation (playing or by a seek); `detail: { annotation }`, in edit time.
 * @event {AnnotationLeaveEvent} annotationleave - An annotation of the Edit went off; `detail: { annotation }`.
 * @event {PlayerErrorEvent} error - `detail: { code, message, fatal, cause }`; fatal errors are also shown.
 *   Composed but not bubbling (a bubbling `error` reaches `window.onerror`): listen on the player.
 *
 * @csspart container - Holds the video and the error message.
 * @csspart video - The video element.
 * @csspart error - The message of a fatal error.
 * @csspart annotation - Over the video during edit playback: the annotations on at the playhead (kind, text, author) and their drawings.
 * @csspart controls - The control bar (with `controls`); the parts below are its controls.
 * @csspart play-button - Play / pause.
 * @csspart seek-bar - The seek bar (the DVR window when live).
 * @csspart chapter - A chapter mark on the seek bar.
 * @csspart thumbnail - The thumbnail preview over the seek bar.
 * @csspart time - The time (press it for SMPTE timecode).
 * @csspart step-back - One frame back.
 * @csspart step-forward - One frame forward.
 * @csspart rate - The playback-rate menu.
 * @csspart quality - The quality menu.
 * @csspart volume - The volume slider.
 * @csspart mute - Mute.
 * @csspart captions - Captions on / off.
 * @csspart fullscreen - Fullscreen.
 * @csspart pip - Picture in picture.
 * @csspart live-badge - The LIVE badge; pressed, it goes back to live.
 *
 * @cssproperty [--surgery-background=#000] - Behind the picture.
 * @cssproperty [--surgery-color=#fff] - Text colour.
 * @cssproperty [--surgery-font=14px/1.4 system-ui, sans-serif] - Text font.
 * @cssproperty [--surgery-aspect-ratio=16 / 9] - The player's aspect ratio.
 * @cssproperty [--surgery-error-background=rgb(0 0 0 / 0.8)] - Behind the error message.
 * @cssproperty [--surgery-error-color=#fff] - The error message's colour.
 * @cssproperty [--surgery-annotation-mistake=#e53935] - Colour of `mistake` annotations (overlay, timeline markers).
 * @cssproperty [--surgery-annotation-good-practice=#43a047] - Colour of `good-practice` annotations.
 * @cssproperty [--surgery-annotation-question=#ffb300] - Colour of `question` annotations.
 * @cssproperty [--surgery-annotation-note=#1e88e5] - Colour of `note` annotations.
 * @cssproperty [--surgery-annotation-background=rgb(0 0 0 / 0.7)] - Behind an annotation's text on the video.
 * @cssproperty [--surgery-annotation-text-color=#fff] - An annotation's text on the video.
 * @cssproperty [--surgery-accent=#5cc8ff] - The controls' accent (light theme: #0b5cad).
 * @cssproperty [--surgery-controls-background=rgb(12 14 18 / 0.88)] - Behind the controls (light: rgb(250 250 252 / 0.94)).
 * @cssproperty [--surgery-controls-color=#fff] - The controls' colour (light: #14171c).
 * @cssproperty [--surgery-controls-font=var(--surgery-font)] - The controls' font.
 * @cssproperty [--surgery-track-color=rgb(255 255 255 / 0.3)] - The seek bar's rail (light: rgb(0 0 0 / 0.22)).
 * @cssproperty [--surgery-buffered-color=rgb(255 255 255 / 0.55)] - Buffered ranges on the rail (light: rgb(0 0 0 / 0.45)).
 * @cssproperty [--surgery-bar-height=4px] - The rail's height (the hit area is the control size).
 * @cssproperty [--surgery-control-size=44px] - Each control's size (a touch target).
 * @cssproperty [--surgery-icon-size=24px] - Icons in the controls.
 * @cssproperty [--surgery-control-radius=6px] - Corner radius of the controls.
 * @cssproperty [--surgery-chapter-color=currentColor] - Chapter marks on the seek bar.
 * @cssproperty [--surgery-live-color=#e5484d] - The LIVE badge at the live edge.
 * @cssproperty [--surgery-volume-width=72px] - The volume slider's width.
 *
 * @attribute theme - `light` or `dark` controls; without it they follow `prefers-color-scheme` (styling only, no property).
 */
export class SurgeryPlayer extends LitElement {
  static readonly version: string = PLAYER_VERSION;
  static override styles = [playerStyles, controlsHostStyles];

  /**
   * Reactive properties are declared here rather than with decorators, and their fields with
   * `declare`: the element then works whatever a tool does with decorators and class fields
   * (esbuild with a tsconfig it reads without `extends` defines class fields over Lit's accessors).
   */
  static override properties = {
    src: {},
    api: {},
    asset: {},
    kind: {},
    poster: {},
    autoplay: { type: Boolean },
    start: { type: Number },
    latencyMode: { attribute: 'latency-mode' },
    grantMode: { attribute: 'grant-mode' },
    editSrc: { attribute: 'edit-src' },
    edit: { attribute: false },
    nohotkeys: { type: Boolean },
    controls: { type: Boolean },
    hotkeysScope: { attribute: 'hotkeys-scope' },
    keymap: { attribute: false },
    token: { attribute: false },
    getToken: { attribute: false },
    muted: { type: Boolean },
    fatalError: { state: true },
  };

  /** An HLS (.m3u8), DASH (.mpd) or MP4 URL. With `api` + `asset` too, the grant signs this URL. */
  declare src: string | undefined;
  /** server-kit's URL: with `asset`, the player asks it for a playback grant and plays the grant's sources. */
  declare api: string | undefined;
  /** The recorded asset or live channel id to ask a grant for. */
  declare asset: string | undefined;
  /** `asset` or `live`: which grant route to ask; without it the id is tried as an asset, then as a channel. */
  declare kind: GrantKind | undefined;
  declare poster: string | undefined;
  /** Start playing once the source is attached (muted if the browser refuses sound). */
  declare autoplay: boolean;
  /** Seconds to start at (recorded media). */
  declare start: number | undefined;
  /** `low`: LL-DASH when the grant has it, short target latency, catch-up by playback rate. Default `normal`. */
  declare latencyMode: LatencyMode;
  /** How a grant travels: `auto` (cookies, then the query string if cookies are not sent; default), `cookies`, `query`. */
  declare grantMode: GrantMode;
  /** URL of an Edit (JSON) to play when `edit` is not set; fetched with credentials from the player's own servers. */
  declare editSrc: string | undefined;
  /**
   * An Edit (schema `surgery-video/edit@1`) to play: only its segments play, as one timeline, and
   * `currentTime`, `duration`, `seek` and `stepFrame` are in edit time. Checked with `parseEdit`
   * (against the asset once its duration is known); an invalid one is not applied (`invalid-edit`).
   */
  declare edit: unknown;
  /** Turns the player's keyboard shortcuts off (WCAG 2.1.4). */
  declare nohotkeys: boolean;
  /** Shows the built-in controls, like `<video controls>`: present shows them, absent hides them. */
  declare controls: boolean;
  /** `page`: the shortcuts work wherever focus is on the page (outside text fields); default: only while focus is in the player. */
  declare hotkeysScope: 'player' | 'page' | undefined;
  /** Remaps shortcuts over the defaults: `{ x: 'toggle-play', k: null }` (see controls/keymap.ts). */
  declare keymap: Keymap | undefined;
  /** Bearer token for `api` (a property only: tokens do not belong in attributes). */
  declare token: string | undefined;
  /** Called before each API request; wins over `token`. */
  declare getToken: (() => string | undefined | Promise<string | undefined>) | undefined;

  private declare fatalError: PlayerErrorDetail | undefined;

  readonly #video: HTMLVideoElement;
  readonly #frames: FrameController;
  readonly #frameCache: FrameCacheLoader;
  readonly #liveState: LiveController;
  readonly #mediaState: MediaStateController;
  readonly #source: SourceController;
  readonly #controls: ControlsLoader;
  #pendingPlay: Deferred<void> | undefined;
  #pendingSeek: number | undefined;
  #quality: QualityRequest = 'auto';
  #frameSteps: Promise<void> = Promise.resolve();
  readonly #edits: EditLoader;

  constructor() {
    super();
    this.autoplay = false;
    this.latencyMode = 'normal';
    this.grantMode = 'auto';
    this.nohotkeys = false;
    this.controls = false;
    const video = document.createElement('video');
    video.setAttribute('part', 'video');
    video.playsInline = true;
    this.#video = video;
    this.#frames = new FrameController(this, video);
    this.#frameCache = new FrameCacheLoader(this, { element: this, video, frames: this.#frames, engine: () => this.#source.engine, frameRate: () => this.frameRate });
    this.#liveState = new LiveController(this, video, (live) => {
      this.#mediaState.commit();
      this.dispatchEvent(new LiveChangeEvent(live));
    });
    this.#source = new SourceController(this, video, () => this, {
      startTime: () => this.#pendingSeek ?? this.start,
      engineChanged: (engine) => {
        this.fatalError = undefined;
        this.#liveState.attach(engine);
        this.#frames.reset();
        this.#mediaState.commit();
        if (!engine) return [];
        engine.setQuality(this.#quality);
        return [
          engine.on('qualities', () => this.#mediaState.commit()),
          engine.on('qualitychange', ({ active }) => {
            this.#mediaState.commit();
            this.dispatchEvent(new QualityChangeEvent({ quality: this.#quality, active: engine.qualities[active] }));
          }),
          engine.on('livechange', ({ live }) => this.#liveState.setLive(live)),
        ];
      },
      sourceSet: () => {
        // Autoplay (or a play() asked for before the source) starts before the first data, like
        // `<video autoplay>`: started only once the first picture is buffered, the first frame
        // comes a decode-and-present later. An Edit waits for `attached`: it starts at its first
        // segment, which needs the metadata. `attached` still settles the request (or mutes).
        if ((this.autoplay || this.#pendingPlay) && !this.#edits.requested) void this.#video.play().catch(() => undefined);
      },
      attached: () => {
        this.#mediaState.commit();
        if (this.#pendingPlay || this.autoplay) void this.#startPlayback();
      },
      error: (detail) => this.#report(detail),
    });
    this.#edits = new EditLoader(this, video, {
      report: (detail) => this.#report(detail),
      commit: () => this.#mediaState.commit(),
    });
    // Last: its first snapshot reads the other controllers.
    this.#mediaState = new MediaStateController(this, video, () => this.#snapshot());
    this.#controls = new ControlsLoader(this);
  }

  // --- HTMLMediaElement-like state ------------------------------------------------------------

  /** Muted. The attribute sets it at start, like the video's `muted` attribute. */
  get muted(): boolean {
    return this.#video.muted;
  }
  set muted(value: boolean) {
    this.#video.muted = Boolean(value);
  }

  /** Seconds; on the edit timeline while an Edit is applied. */
  get currentTime(): number {
    const source = this.#source.attached ? this.#video.currentTime : (this.#pendingSeek ?? this.start ?? 0);
    return this.#edits.playback?.editTime(source) ?? source;
  }
  set currentTime(edit: number) {
    if (!Number.isFinite(edit)) throw new TypeError(`currentTime must be a finite number of seconds, not ${edit}.`);
    const seconds = this.#edits.playback?.sourceTime(edit) ?? edit;
    if (this.#source.attached) this.#video.currentTime = seconds;
    else this.#pendingSeek = seconds;
  }

  /** Seconds; Infinity for live, NaN before the metadata is loaded; the Edit's length while one is applied. */
  get duration(): number {
    return this.#edits.playback?.duration ?? (this.live ? Infinity : this.#video.duration);
  }

  /** False as soon as `play()` is called, even while the source is still being attached. */
  get paused(): boolean {
    return this.#pendingPlay ? false : this.#video.paused;
  }

  get playbackRate(): number {
    return this.#video.playbackRate;
  }
  set playbackRate(rate: number) {
    // Loading a new source resets playbackRate to defaultPlaybackRate: keep both.
    this.#video.defaultPlaybackRate = rate;
    this.#video.playbackRate = rate;
  }

  get volume(): number {
    return this.#video.volume;
  }
  set volume(volume: number) {
    if (!(volume >= 0 && volume <= 1)) throw new RangeError(`volume must be between 0 and 1, not ${volume}.`);
    this.#video.volume = volume;
  }

  get readyState(): number {
    return this.#video.readyState;
  }

  /** The inner video element (for canvas capture, picture-in-picture, requestVideoFrameCallback). */
  get media(): HTMLVideoElement {
    return this.#video;
  }

  // --- Player state ------------------------------------------------------------------------

  get live(): boolean {
    return this.#liveState.live;
  }

  /** Seconds between the wall clock and the program-date-time of the frame on screen; NaN when unknown or not live. */
  get latency(): number {
    return this.#liveState.latency;
  }

  /** Renditions, lowest first; empty before the manifest is read and for native playback. */
  get qualities(): readonly Quality[] {
    return this.#source.engine?.qualities ?? [];
  }

  /** The requested quality: an index into `qualities`, or `'auto'`. Kept across sources. */
  get quality(): QualityRequest {
    return this.#quality;
  }
  set quality(quality: QualityRequest) {
    const count = this.qualities.length;
    if (quality !== 'auto' && !(Number.isInteger(quality) && quality >= 0 && (count === 0 || quality < count))) {
      throw new RangeError(`quality must be 'auto' or an index into qualities (0..${Math.max(0, count - 1)}), not ${String(quality)}.`);
    }
    this.#quality = quality;
    this.#source.engine?.setQuality(quality);
    this.#mediaState.commit();
  }

  /** Index into `qualities` of the rendition playing; -1 when unknown. */
  get activeQuality(): number {
    return this.#source.engine?.activeQuality ?? -1;
  }

  /** Which engine plays the current source; undefined before one is chosen. */
  get engine(): EngineName | undefined {
    return this.#source.engine?.name;
  }

  /** From the manifest (HLS FRAME-RATE, DASH frameRate), else measured from presented frames, else 30. */
  get frameRate(): number {
    return this.#source.engine?.frameRate ?? this.#frames.measuredFrameRate ?? DEFAULT_FRAME_RATE;
  }

  /** The last fatal error (also shown in the player); undefined while playback is fine. */
  get error(): PlayerErrorDetail | undefined {
    return this.fatalError;
  }

  /**
   * The applied Edit's annotations on the edit timeline (`rebaseAnnotations`: those in a segment,
   * `time` in edit seconds, `duration` cut to what plays), for markers on a timeline; empty without an Edit.
   */
  get annotations(): readonly Annotation[] {
    return this.#edits.playback?.annotations ?? [];
  }

  /** The state snapshot the controls read (also provided through `playerStateContext`). */
  get state(): PlayerState {
    return this.#mediaState.state;
  }

  /**
   * The playback grant in use. The player gets and refreshes it itself for `api` + `asset`; set
   * one yourself (from your own backend) to sign `src` or to play the grant's sources. A grant
   * that covers what is playing is swapped in without interrupting playback; another reloads.
   */
  get grant(): PlaybackGrant | undefined {
    return this.#source.grant;
  }
  set grant(grant: PlaybackGrant | undefined) {
    this.#source.setGrant(grant);
  }

  // --- Methods -----------------------------------------------------------------------------

  /**
   * Starts playback. Before a source is attached the request is remembered and carried out once
   * it is; the promise settles then, like the media element's.
   */
  play(): Promise<void> {
    if (this.#source.attached) {
      const session = this.#source.session;
      return this.#video.play().catch((error: unknown) => {
        // The source changed before playback started (a new grant, a fallback): carry the request over.
        if (session.aborted && isAbortError(error)) return this.play();
        throw error;
      });
    }
    this.#pendingPlay ??= deferred<void>();
    this.#mediaState.commit();
    return this.#pendingPlay.promise;
  }

  pause(): void {
    const pending = this.#pendingPlay;
    this.#pendingPlay = undefined;
    pending?.reject(new DOMException('pause() was called before playback started.', 'AbortError'));
    this.#video.pause();
    this.#mediaState.commit();
  }

  /**
   * Moves to `seconds` and resolves once its frame is on screen. Time t shows frame
   * floor(t · frameRate) (see frames/frame-time.ts). Before a source is attached, the position is
   * remembered and used as the start.
   */
  async seek(seconds: number): Promise<void> {
    if (!Number.isFinite(seconds)) throw new TypeError(`seek(seconds): seconds must be a finite number, not ${seconds}.`);
    // With an Edit, `seconds` is edit time: the frame shown is the one the edit plays there.
    if (this.#edits.wanted) seconds = (await this.#edits.ready())?.sourceTime(seconds) ?? seconds;
    if (!this.#source.attached) {
      this.#pendingSeek = seconds;
      await this.#source.ready;
      if (this.#pendingSeek !== seconds) return;
      this.#pendingSeek = undefined;
    }
    const fps = this.frameRate;
    await this.#frames.show(seekTargetFor(this.#clamp(seconds), fps), fps, this.#source.session);
  }

  /**
   * Pauses and moves exactly `n` frames (negative: back), to the centre of the target frame;
   * resolves once it is on screen. Calls queue, so holding a key steps one frame per call. While
   * paused, frames around the playhead are decoded ahead (where WebCodecs is available): a step to
   * one of them shows it at once over the video, with a `timeupdate`, and resolves once the video
   * presents it too.
   */
  stepFrame(n = 1): Promise<void> {
    if (!Number.isInteger(n)) throw new TypeError(`stepFrame(n): n must be a whole number of frames, not ${n}.`);
    const step = this.#frameSteps.then(async () => {
      await this.#source.ready;
      if (!this.paused) this.pause();
      this.#frameCache.load();
      const fps = this.frameRate;
      const picture = this.#frames.pictureTime(fps);
      // With an Edit, frames are counted on the edit timeline: a step off a segment's last frame lands on the next segment's first.
      const target = this.#clamp((await this.#edits.ready())?.stepTarget(picture, n, fps) ?? frameCentre(frameAt(picture, fps) + n, fps));
      const cached = this.#frameCache.show(target, fps);
      const shown = this.#frames.show(target, fps, this.#source.session);
      // A cached frame is on screen now, the video's own timeupdate waits for its seek: say at once that the position moved.
      if (cached) {
        this.dispatchEvent(new Event('timeupdate', { bubbles: true, composed: true }));
        this.#mediaState.commit();
      }
      await shown;
    });
    this.#frameSteps = step.catch(() => undefined);
    return step;
  }

  /** Jumps to the live edge and follows it again; resolves after the seek (at once for recorded media). */
  async seekToLive(): Promise<void> {
    if (!this.live) return;
    const seeked = nextEvent(this.#video, 'seeked', this.#source.session);
    this.#liveState.seekToLive();
    await seeked;
  }

  /** Loads the source again (after a fatal error, or to restart); resolves once it is attached or failed. */
  load(): Promise<void> {
    return this.#source.reload();
  }

  // --- Lifecycle -----------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('latencyMode') && !LATENCY_MODES.includes(this.latencyMode)) {
      this.#invalidAttribute('latency-mode', this.latencyMode, LATENCY_MODES, 'normal');
      this.latencyMode = 'normal';
    }
    if (changed.has('grantMode') && !GRANT_MODES.includes(this.grantMode)) {
      this.#invalidAttribute('grant-mode', this.grantMode, GRANT_MODES, 'auto');
      this.grantMode = 'auto';
    }
    if (changed.has('kind') && this.kind != null && !KINDS.includes(this.kind)) {
      this.#invalidAttribute('kind', this.kind, KINDS, 'none (look the id up)');
      this.kind = undefined;
    }
    if (changed.has('poster')) this.#video.poster = this.poster ?? '';
    if (changed.has('edit') || changed.has('editSrc')) this.#edits.load();
  }

  protected override render(): unknown {
    return html`<div class="container" part="container">
      ${this.#video}${this.#frameCache.render()}${this.#edits.playback?.edit ? this.#edits.playback.overlay : nothing}
      ${this.#controls.render()}
      ${this.fatalError ? html`<div class="error" part="error" role="alert">${this.fatalError.message}</div>` : nothing}
    </div>`;
  }

  // --- Internals ---------------------------------------------------------------------------

  async #startPlayback(): Promise<void> {
    const pending = this.#pendingPlay;
    this.#pendingPlay = undefined;
    const video = this.#video;
    try {
      try {
        await video.play();
      } catch (error) {
        // Browsers allow autoplay without sound: an autoplaying player starts muted rather than not at all.
        if (pending || !(error instanceof DOMException) || error.name !== 'NotAllowedError' || video.muted) throw error;
        video.muted = true;
        await video.play();
      }
      pending?.resolve();
    } catch (error) {
      pending?.reject(error);
    }
    this.#mediaState.commit();
  }

  /** Keeps `time` inside what can be shown: the seekable window, before the last frame's end. */
  #clamp(time: number): number {
    const fps = this.frameRate;
    const seekable = this.#liveState.live ? this.#source.engine?.liveInfo.seekable : undefined;
    if (seekable) return Math.min(Math.max(time, seekable.start), seekable.end);
    const duration = this.#video.duration;
    const last = Number.isFinite(duration) ? frameCentre(Math.max(0, Math.ceil(duration * fps - 1e-3) - 1), fps) : Infinity;
    return Math.min(Math.max(time, 0), last);
  }

  #report(detail: PlayerErrorDetail): void {
    if (detail.fatal) {
      this.fatalError = detail;
      const pending = this.#pendingPlay;
      this.#pendingPlay = undefined;
      pending?.reject(new PlayerError(detail));
    }
    this.#mediaState.commit();
    this.dispatchEvent(new PlayerErrorEvent(detail));
  }

  #invalidAttribute(name: string, value: unknown, allowed: readonly string[], fallback: string): void {
    this.#report({
      code: 'invalid-attribute',
      message: `${name}="${String(value)}" is not one of ${allowed.map((option) => `"${option}"`).join(', ')}; using ${fallback}.`,
      fatal: false,
    });
  }

  #snapshot(): PlayerState {
    const video = this.#video;
    const engine = this.#source.engine;
    const attached = this.#source.attached;
    return {
      source: this.#source.url,
      engine: engine?.name,
      paused: this.paused,
      ended: this.#edits.playback?.ended ?? video.ended,
      waiting: attached && !video.paused && video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA,
      seeking: video.seeking,
      currentTime: this.currentTime,
      duration: this.duration,
      playbackRate: video.playbackRate,
      volume: video.volume,
      muted: video.muted,
      readyState: video.readyState,
      live: this.live,
      atLiveEdge: this.#liveState.following,
      latency: this.latency,
      seekable: engine?.liveInfo.seekable,
      qualities: engine?.qualities ?? [],
      quality: this.#quality,
      activeQuality: engine?.activeQuality ?? -1,
      frameRate: this.frameRate,
      error: this.fatalError,
    };
  }
}

/** The player's events by name, for `addEventListener` on a SurgeryPlayer. */
export interface SurgeryPlayerEventMap extends Omit<HTMLElementEventMap, 'error'> {
  error: PlayerErrorEvent;
  qualitychange: QualityChangeEvent;
  livechange: LiveChangeEvent;
  annotationenter: AnnotationEnterEvent;
  annotationleave: AnnotationLeaveEvent;
}

export interface SurgeryPlayer {
  addEventListener<K extends keyof SurgeryPlayerEventMap>(
    type: K,
    listener: (this: SurgeryPlayer, event: SurgeryPlayerEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SurgeryPlayerEventMap>(
    type: K,
    listener: (this: SurgeryPlayer, event: SurgeryPlayerEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
