/**
 * Edit playback: the player plays only an Edit's segments, back to back, as one timeline. The
 * video keeps playing the source; this controller translates between the two timelines (the
 * player's `currentTime`, `duration`, `seek` and `stepFrame` are in edit time while an edit is
 * applied) and moves the playhead over the gaps.
 *
 * The jump over a gap is driven by the frames the compositor presents
 * (`requestVideoFrameCallback`), not by `timeupdate` (every 250 ms, far too late): when the last
 * frame of a segment will be on screen before the next callback, the seek to the next segment's
 * start is issued at once, so the frame after the boundary is never presented; after the last
 * segment the video is paused on its last frame and `ended` is dispatched. On a busy main thread
 * the callbacks come every few frames, so the controller looks as far ahead as they are apart,
 * and a frame more (`CallbackCadence`): the jump then comes a few frames early rather than one
 * frame too late. The same presented frames drive the annotations: those on at the frame's edit
 * time are shown by the overlay, and each change dispatches `annotationenter` /
 * `annotationleave` in time order.
 *
 * This module, the client's Edit rules and the overlay load on demand (a dynamic import from the
 * player), the first time `edit` or `edit-src` is set: a page that plays no edit never downloads them.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EditValidationError, editDuration, rebaseAnnotations, safeParseEdit, type Annotation, type Edit, type EditContext } from '@surgery-video/client';
import type { PlaybackGrant } from '@surgery-video/client';
import type { PlayerErrorDetail } from '../errors/player-error.js';
import { AnnotationEnterEvent } from '../events/annotation-enter-event.js';
import { AnnotationLeaveEvent } from '../events/annotation-leave-event.js';
import { frameAt, frameCentre, seekTargetFor } from '../frames/frame-time.js';
import { defineElement } from '../internal/define-element.js';
import { AnnotationOverlay } from '../overlay/annotation-overlay.js';
import { activeAnnotations, annotationTransitions } from './active-annotations.js';
import { CallbackCadence } from './callback-cadence.js';
import { boundaryWithin, editTimeAt, frameInSegments, segmentFrames, sourceTimeAt, stepTarget } from './edit-timeline.js';

/** What the controller reads of the player. */
export interface EditPlaybackHost extends ReactiveControllerHost, HTMLElement {
  readonly frameRate: number;
  readonly api: string | undefined;
  readonly src: string | undefined;
  readonly token: string | undefined;
  readonly getToken: (() => string | undefined | Promise<string | undefined>) | undefined;
  readonly grant: PlaybackGrant | undefined;
}

export interface EditPlaybackHooks {
  /** Reports a runtime failure as the player's `error` event. */
  report(detail: PlayerErrorDetail): void;
  /** Commits a new state snapshot (the edit changed the timeline). */
  commit(): void;
}

export class EditPlaybackController implements ReactiveController {
  readonly #host: EditPlaybackHost;
  readonly #video: HTMLVideoElement;
  readonly #hooks: EditPlaybackHooks;
  /** The overlay the player renders over the video while an edit is applied. */
  readonly overlay: AnnotationOverlay;
  /** The Edit as given, awaiting the asset's duration to be checked against it. */
  #input: unknown;
  #edit: Edit | undefined;
  #checkedAgainstAsset = false;
  #annotations: Annotation[] = [];
  #active: Annotation[] = [];
  #ended = false;
  /** A seek this controller issued (a jump over a gap, the stop at the end) is under way. */
  #jumping = false;
  #jumpTarget = NaN;
  #callbackId: number | undefined;
  readonly #cadence = new CallbackCadence();
  #events: AbortController | undefined;
  #loading: AbortController | undefined;
  #ready: Promise<void> = Promise.resolve();

  constructor(host: EditPlaybackHost, video: HTMLVideoElement, hooks: EditPlaybackHooks) {
    this.#host = host;
    this.#video = video;
    this.#hooks = hooks;
    defineElement('surgery-annotation-overlay', AnnotationOverlay);
    this.overlay = document.createElement('surgery-annotation-overlay') as AnnotationOverlay;
    this.overlay.setAttribute('part', 'annotation');
    host.addController(this);
  }

  // --- What the player delegates to -----------------------------------------------------------

  /** The Edit being played; undefined when none is applied (the player plays the whole source). */
  get edit(): Edit | undefined {
    return this.#edit;
  }

  /** Settles once the Edit last given (or fetched) is applied or refused. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** The edit's annotations on the edit timeline (`rebaseAnnotations`), for markers on a timeline. */
  get annotations(): readonly Annotation[] {
    return this.#annotations;
  }

  /** The edit's length in seconds; undefined when no edit is applied. */
  get duration(): number | undefined {
    return this.#edit ? editDuration(this.#edit.segments, this.#fps) : undefined;
  }

  /** Past the last segment (the player's `ended` while an edit is applied). */
  get ended(): boolean | undefined {
    return this.#edit ? this.#ended || this.#video.ended : undefined;
  }

  /** Source time -> edit time (clamped to the edit); undefined when no edit is applied. */
  editTime(source: number): number | undefined {
    if (!this.#edit) return undefined;
    if (this.#ended) return this.duration;
    return editTimeAt(this.#edit.segments, source, this.#fps);
  }

  /** Edit time -> the source time that shows it (clamped to the edit); undefined when no edit is applied. */
  sourceTime(edit: number): number | undefined {
    if (!this.#edit) return undefined;
    return sourceTimeAt(this.#edit.segments, edit, this.#fps);
  }

  /** Where `stepFrame(n)` goes from the source picture time `picture`: counted in edit frames, across segment boundaries. */
  stepTarget(picture: number, n: number, fps: number): number | undefined {
    if (!this.#edit) return undefined;
    return stepTarget(this.#edit.segments, picture, n, fps);
  }

  /**
   * Applies `edit` (an Edit object) or, without one, the Edit at `src`; with neither, stops edit
   * playback. An invalid Edit is refused whole (a non-fatal `invalid-edit` error naming the field)
   * and the whole source plays.
   */
  load(edit: unknown, src: string | undefined): Promise<void> {
    this.#loading?.abort();
    this.#loading = undefined;
    if (edit != null) {
      this.#apply(edit);
      this.#ready = Promise.resolve();
    } else if (src) {
      const loading = (this.#loading = new AbortController());
      this.#ready = this.#fetch(src, loading.signal).then(
        (input) => {
          if (!loading.signal.aborted) this.#apply(input);
        },
        (error: unknown) => {
          if (loading.signal.aborted) return;
          this.#clear();
          this.#hooks.report({ code: 'edit-load-failed', message: `Could not load the Edit at ${src}: ${error instanceof Error ? error.message : String(error)}`, fatal: false, cause: error });
        },
      );
    } else {
      this.#clear();
      this.#ready = Promise.resolve();
    }
    return this.#ready;
  }

  // --- Lifecycle ----------------------------------------------------------------------------

  hostConnected(): void {
    this.#events?.abort();
    this.#events = new AbortController();
    const { signal } = this.#events;
    const video = this.#video;
    video.addEventListener(
      'loadedmetadata',
      () => {
        this.#assetKnown();
        // An Edit set before the media loaded: show its first frame, not the source's.
        this.#moveIntoEdit();
      },
      { signal },
    );
    video.addEventListener('durationchange', () => this.#assetKnown(), { signal });
    video.addEventListener('play', () => this.#played(), { signal });
    video.addEventListener('seeking', () => {
      // Any seek but our own (a seek to another time) leaves the end, and supersedes a jump under way.
      if (this.#jumping && video.currentTime === this.#jumpTarget) return;
      this.#jumping = false;
      this.#ended = false;
    }, { signal });
    video.addEventListener('seeked', () => {
      this.#jumping = false;
      this.#update(this.#video.currentTime, false);
    }, { signal });
    video.addEventListener('timeupdate', () => this.#update(this.#video.currentTime, !video.seeking), { signal });
    video.addEventListener('emptied', () => (this.#checkedAgainstAsset = false), { signal });
    this.#schedule();
  }

  hostDisconnected(): void {
    this.#events?.abort();
    if (this.#callbackId !== undefined) this.#video.cancelVideoFrameCallback(this.#callbackId);
    this.#callbackId = undefined;
  }

  // --- Internals ----------------------------------------------------------------------------

  get #fps(): number {
    return this.#host.frameRate;
  }

  /** The asset's duration and frame rate, once the video knows them. */
  #assetContext(): EditContext | undefined {
    const duration = this.#video.duration;
    return Number.isFinite(duration) && duration > 0 ? { assetDuration: duration, frameRate: this.#fps } : undefined;
  }

  #apply(input: unknown): void {
    this.#input = input;
    const context = this.#assetContext();
    const result = safeParseEdit(input, context ?? {});
    if (!result.ok) {
      this.#clear();
      this.#refuse(new EditValidationError(result.issues));
      return;
    }
    this.#checkedAgainstAsset = context !== undefined;
    this.#edit = result.edit;
    this.#ended = false;
    this.#annotations = rebaseAnnotations(result.edit, this.#fps);
    this.#moveIntoEdit();
    this.#update(this.#video.currentTime, false);
    this.#changed();
  }

  /** The asset's duration became known: check the Edit against it (a segment past the end is refused now). */
  #assetKnown(): void {
    if (!this.#edit || this.#checkedAgainstAsset || !this.#assetContext()) return;
    this.#apply(this.#input);
  }

  #refuse(error: EditValidationError): void {
    const first = error.issues[0];
    this.#hooks.report({
      code: 'invalid-edit',
      message: `The Edit was not applied: ${first ? first.message : error.message}${first?.path ? ` (field ${first.path})` : ''}.`,
      fatal: false,
      cause: error,
    });
  }

  #clear(): void {
    if (!this.#edit) return;
    this.#edit = undefined;
    this.#annotations = [];
    this.#ended = false;
    this.#setActive([], false);
    this.#changed();
  }

  #changed(): void {
    this.#hooks.commit();
    this.#host.requestUpdate();
  }

  /** A paused video left outside the edit (at 0 before the first segment, say) shows the edit's first frame instead. */
  #moveIntoEdit(): void {
    const edit = this.#edit;
    const video = this.#video;
    if (!edit || video.readyState < HTMLMediaElement.HAVE_METADATA || !video.paused) return;
    if (frameInSegments(edit.segments, video.currentTime, this.#fps)) return;
    const target = sourceTimeAt(edit.segments, editTimeAt(edit.segments, video.currentTime, this.#fps), this.#fps);
    if (target !== undefined) this.#jump(target);
  }

  #played(): void {
    const edit = this.#edit;
    if (!edit) return;
    if (this.#ended) {
      // play() after the end starts the edit again, as a media element does.
      this.#ended = false;
      this.#jump(edit.segments[0]!.start);
      return;
    }
    this.#check(this.#video.currentTime);
  }

  #schedule(): void {
    if (typeof this.#video.requestVideoFrameCallback !== 'function') return;
    this.#callbackId = this.#video.requestVideoFrameCallback((_now, frame) => {
      this.#schedule();
      if (!this.#edit) return;
      if (!this.#video.paused && !this.#video.seeking && !this.#jumping) {
        this.#cadence.note(frame.mediaTime);
        this.#check(frame.mediaTime);
      } else {
        this.#cadence.break();
      }
      this.#update(frame.mediaTime, !this.#video.paused);
    });
  }

  /**
   * Acts on the frame at source time `t` while playing: jump over the gap after it, or end. The
   * decision covers every frame from the one on screen to where the clock (which runs ahead of
   * the picture) will be by the next callback: at least one frame ahead, more when the callbacks
   * have been coming further apart, so a late callback still seeks before the boundary frame.
   */
  #check(t: number): void {
    const edit = this.#edit;
    const video = this.#video;
    if (!edit || video.paused || this.#jumping) return;
    const fps = this.#fps;
    const ahead = this.#cadence.lookahead(video.playbackRate / fps);
    const action = boundaryWithin(edit.segments, t, Math.max(t, video.currentTime) + ahead, fps);
    if (action.type === 'jump') this.#jump(action.to);
    else if (action.type === 'end') this.#end();
  }

  #jump(to: number): void {
    this.#jumping = true;
    this.#video.currentTime = seekTargetFor(to, this.#fps);
    this.#jumpTarget = this.#video.currentTime;
  }

  #end(): void {
    const edit = this.#edit!;
    const video = this.#video;
    video.pause();
    if (this.#ended) return;
    this.#ended = true;
    // Paused a frame early or late (the decision looks ahead): rest on the edit's last frame.
    const last = segmentFrames(edit.segments[edit.segments.length - 1]!, this.#fps).last;
    if (frameAt(video.currentTime, this.#fps) !== last) this.#jump(frameCentre(last, this.#fps));
    this.#hooks.commit();
    if (!video.ended) this.#host.dispatchEvent(new Event('ended', { bubbles: true, composed: true }));
  }

  /** Shows the annotations on at source time `t` and dispatches what changed. */
  #update(t: number, continuous: boolean): void {
    const edit = this.#edit;
    if (!edit) return;
    const at = this.#ended ? (this.duration ?? 0) : editTimeAt(edit.segments, t, this.#fps);
    this.#setActive(activeAnnotations(this.#annotations, at), continuous);
  }

  #setActive(next: Annotation[], continuous: boolean): void {
    const before = this.#active;
    if (before.length === next.length && before.every((annotation, i) => annotation === next[i])) return;
    this.#active = next;
    const overlay = this.overlay;
    overlay.annotations = next;
    overlay.videoWidth = this.#video.videoWidth;
    overlay.videoHeight = this.#video.videoHeight;
    for (const { type, annotation } of annotationTransitions(before, next, continuous)) {
      this.#host.dispatchEvent(type === 'annotationenter' ? new AnnotationEnterEvent(annotation) : new AnnotationLeaveEvent(annotation));
    }
  }

  /**
   * Fetches an Edit's JSON. Requests to the player's own servers carry what they would accept:
   * the bearer token to `api`'s origin, and cookies (the grant's signed cookies) to the origin of
   * `api`, of the media or of the page; any other origin gets no credentials.
   */
  async #fetch(src: string, signal: AbortSignal): Promise<unknown> {
    const host = this.#host;
    const url = new URL(src, document.baseURI);
    const originOf = (value: string | undefined) => {
      try {
        return value ? new URL(value, document.baseURI).origin : undefined;
      } catch {
        return undefined;
      }
    };
    const toApi = originOf(host.api) === url.origin;
    const own = toApi || originOf(host.src) === url.origin || originOf(host.grant?.sources.hls) === url.origin || url.origin === location.origin;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (toApi) {
      const token = host.getToken ? await host.getToken() : host.token;
      if (token) headers.authorization = `Bearer ${token}`;
    }
    const response = await fetch(url, { headers, credentials: own ? 'include' : 'omit', signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }
}
