/**
 * The player root's side of the controls. It is the one place the `*-request` intents are carried
 * out (the controls only ask), the keyboard shortcuts are read, and the presentation modes the
 * host owns (captions track, fullscreen, picture-in-picture) are switched. It provides the
 * ControlsState context next to PlayerState, and loads the control elements (their own chunk)
 * only when the `controls` attribute asks for them, so a player without controls never downloads them.
 */
import { ContextProvider } from '@lit/context';
import type { PlaybackGrant } from '@surgery-video/client';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { resourceCovers, withSignedQuery } from '../access/signed-query.js';
import type { QualityRequest } from '../engines/engine.js';
import type { PlayerState } from '../state/player-state.js';
import { controlsStateContext, type ControlsState } from './controls-state.js';
import { actionFor, mergeKeymap, SEEK_STEPS, shouldIgnoreKey, type Keymap, type PlayerAction } from './keymap.js';
import { PLAYER_REQUESTS, type PlayerRequestEvent } from './request-events.js';
import { formatClock } from './time-format.js';

/** What the controller needs from the player (kept structural: no import cycle with the element). */
export interface ControlsHost extends ReactiveControllerHost, HTMLElement {
  readonly media: HTMLVideoElement;
  readonly state: PlayerState;
  readonly grant: PlaybackGrant | undefined;
  readonly paused: boolean;
  readonly currentTime: number;
  controls: boolean;
  nohotkeys: boolean;
  keymap: Keymap | undefined;
  hotkeysScope: string | undefined;
  playbackRate: number;
  volume: number;
  muted: boolean;
  quality: QualityRequest;
  play(): Promise<void>;
  pause(): void;
  seek(seconds: number): Promise<void>;
  stepFrame(n?: number): Promise<void>;
  seekToLive(): Promise<void>;
}

type WebkitVideo = HTMLVideoElement & { webkitEnterFullscreen?: () => void; webkitExitFullscreen?: () => void; webkitDisplayingFullscreen?: boolean };

const ignore = () => undefined;

export class ControlsController implements ReactiveController {
  readonly #host: ControlsHost;
  readonly #provider: ContextProvider<typeof controlsStateContext>;
  #events: AbortController | undefined;
  #keyTarget: EventTarget | undefined;
  #track: HTMLTrackElement | undefined;
  #trackFor: string | undefined;
  #elements: Promise<unknown> | undefined;
  #announcement = '';

  constructor(host: ControlsHost) {
    this.#host = host;
    this.#provider = new ContextProvider(host, {
      context: controlsStateContext,
      initialValue: {
        buffered: [],
        thumbnails: undefined,
        chapters: undefined,
        captionsAvailable: false,
        captions: false,
        fullscreen: false,
        fullscreenAvailable: true,
        pip: false,
        pipAvailable: false,
      },
    });
    host.addController(this);
  }

  get state(): ControlsState {
    return this.#provider.value;
  }

  hostConnected(): void {
    this.#events?.abort();
    this.#events = new AbortController();
    const { signal } = this.#events;
    const host = this.#host;
    const video = host.media;
    for (const type of PLAYER_REQUESTS) host.addEventListener(type, (event) => this.#handle(event as PlayerRequestEvent), { signal });
    const refresh = () => this.#refresh();
    for (const type of ['progress', 'timeupdate', 'loadedmetadata', 'emptied', 'enterpictureinpicture', 'leavepictureinpicture', 'webkitbeginfullscreen', 'webkitendfullscreen']) {
      video.addEventListener(type, refresh, { signal });
    }
    document.addEventListener('fullscreenchange', refresh, { signal });
    this.#refresh();
  }

  hostDisconnected(): void {
    this.#events?.abort();
    this.#events = undefined;
    this.#listenKeys(undefined);
  }

  hostUpdated(): void {
    const host = this.#host;
    this.#listenKeys(host.nohotkeys ? undefined : host.hotkeysScope === 'page' ? document : host);
    if (host.controls) {
      this.#elements ??= import('./elements/define-controls.js');
      if (!host.hasAttribute('tabindex')) host.tabIndex = 0;
    }
    this.#refresh();
  }

  /** The control bar (when `controls` is set) and the polite live region that announces shortcuts. */
  render(): TemplateResult {
    return html`${this.#host.controls
        ? html`<surgery-control-bar part="controls" exportparts="play-button, seek-bar, time, step-back, step-forward, rate, quality, volume, mute, captions, fullscreen, pip, live-badge, thumbnail, chapter"></surgery-control-bar>`
        : nothing}<div class="announcer" role="status" aria-live="polite">${this.#announcement}</div>`;
  }

  // --- Requests ------------------------------------------------------------------------------

  #handle(event: PlayerRequestEvent): void {
    const host = this.#host;
    const detail = event.detail as Record<string, unknown> | undefined;
    switch (event.type) {
      case 'play-request':
        return void host.play().catch(ignore);
      case 'pause-request':
        return host.pause();
      case 'seek-request':
        return void host.seek(Number(detail?.time)).catch(ignore);
      case 'step-request':
        return void host.stepFrame(Number(detail?.frames)).catch(ignore);
      case 'rate-request':
        host.playbackRate = Number(detail?.rate);
        return;
      case 'quality-request':
        host.quality = detail?.quality as QualityRequest;
        return;
      case 'volume-request': {
        const volume = Math.min(1, Math.max(0, Number(detail?.volume)));
        host.volume = volume;
        if (volume > 0 && host.muted) host.muted = false;
        return;
      }
      case 'mute-request':
        host.muted = Boolean(detail?.muted);
        return;
      case 'captions-request':
        return this.#setCaptions(Boolean(detail?.enabled));
      case 'fullscreen-request':
        return void this.#setFullscreen(Boolean(detail?.enabled)).catch(ignore);
      case 'pip-request':
        return void this.#setPip(Boolean(detail?.enabled)).catch(ignore);
      case 'live-request':
        return void host.seekToLive().catch(ignore);
    }
  }

  #setCaptions(enabled: boolean): void {
    const url = this.#host.grant?.sources.captions;
    if (!url) return;
    if (enabled && this.#trackFor !== url) void this.#loadCaptions(url);
    if (this.#track) this.#track.track.mode = enabled ? 'showing' : 'hidden';
    this.#captionsOn = enabled;
    this.#refresh();
  }

  #captionsOn = false;

  /** The captions file, fetched with the grant's signature and given to a `<track>` as a blob URL (no CORS mode on the video needed). */
  async #loadCaptions(url: string): Promise<void> {
    this.#trackFor = url;
    const text = await this.#fetchSigned(url).catch(() => undefined);
    if (text === undefined || this.#trackFor !== url) return;
    this.#track?.remove();
    const track = document.createElement('track');
    track.kind = 'captions';
    track.label = 'Captions';
    track.srclang = document.documentElement.lang || 'en';
    track.src = URL.createObjectURL(new Blob([text], { type: 'text/vtt' }));
    this.#host.media.append(track);
    track.track.mode = this.#captionsOn ? 'showing' : 'hidden';
    this.#track = track;
  }

  async #setFullscreen(enabled: boolean): Promise<void> {
    const host = this.#host;
    const video = host.media as WebkitVideo;
    if (!enabled) {
      if (document.fullscreenElement) await document.exitFullscreen();
      else video.webkitExitFullscreen?.();
      return;
    }
    // On the host, not inside the shadow root, so the controls stay over the picture; iPhone only lets the video go fullscreen.
    if (host.requestFullscreen && document.fullscreenEnabled) await host.requestFullscreen();
    else video.webkitEnterFullscreen?.();
  }

  async #setPip(enabled: boolean): Promise<void> {
    if (!enabled) {
      if (document.pictureInPictureElement) await document.exitPictureInPicture();
      return;
    }
    await this.#host.media.requestPictureInPicture();
  }

  // --- Keyboard ------------------------------------------------------------------------------

  #listenKeys(target: EventTarget | undefined): void {
    if (target === this.#keyTarget) return;
    this.#keyTarget?.removeEventListener('keydown', this.#onKey);
    this.#keyTarget = target;
    target?.addEventListener('keydown', this.#onKey);
  }

  readonly #onKey = (event: Event): void => {
    const key = event as KeyboardEvent;
    if (key.defaultPrevented || key.isComposing) return;
    const origin = key.composedPath()[0];
    if (origin instanceof Element && shouldIgnoreKey(key, { tagName: origin.tagName, type: origin.getAttribute('type'), role: origin.getAttribute('role'), isContentEditable: (origin as HTMLElement).isContentEditable })) return;
    const action = actionFor(key, mergeKeymap(this.#host.keymap));
    if (!action) return;
    key.preventDefault();
    void this.#run(action).then((said) => said && this.#announce(said), ignore);
  };

  /** Carries out a shortcut; resolves with what to announce. */
  async #run(action: PlayerAction): Promise<string | undefined> {
    const host = this.#host;
    const state = host.state;
    const [start, end] = state.live && state.seekable ? [state.seekable.start, state.seekable.end] : [0, state.duration];
    const seekTo = async (time: number) => {
      await host.seek(Math.min(Math.max(time, start), Number.isFinite(end) ? end : time));
      return formatClock(host.currentTime - (state.live ? start : 0));
    };
    // The element's own properties, not the snapshot: a key pressed right after another must see its effect.
    if (action in SEEK_STEPS) return seekTo(host.currentTime + SEEK_STEPS[action]!);
    if (action.startsWith('seek-percent-')) return Number.isFinite(end) ? seekTo(start + ((end - start) * Number(action.slice(13))) / 100) : undefined;
    switch (action) {
      case 'toggle-play':
        if (host.paused) {
          void host.play().catch(ignore);
          return 'Playing';
        }
        host.pause();
        return 'Paused';
      case 'frame-back':
      case 'frame-forward':
        await host.stepFrame(action === 'frame-back' ? -1 : 1);
        return `Frame ${Math.floor(host.currentTime * state.frameRate + 1e-3)}`;
      case 'toggle-mute':
        host.muted = !host.muted;
        return host.muted ? 'Muted' : 'Unmuted';
      case 'toggle-captions':
        if (!this.state.captionsAvailable) return 'No captions';
        this.#setCaptions(!this.#captionsOn);
        return this.#captionsOn ? 'Captions on' : 'Captions off';
      case 'toggle-fullscreen':
        await this.#setFullscreen(!this.state.fullscreen);
        return undefined;
      case 'seek-start':
        return seekTo(start);
      case 'seek-end':
        if (state.live) {
          await host.seekToLive();
          return 'Live';
        }
        return seekTo(end);
    }
    return undefined;
  }

  #announce(text: string): void {
    // The same words twice in a row must still be read: clear, then set on the next update (the latest words win).
    const turn = ++this.#announcements;
    this.#announcement = '';
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      if (turn !== this.#announcements) return;
      this.#announcement = text;
      this.#host.requestUpdate();
    });
  }

  #announcements = 0;

  // --- State ---------------------------------------------------------------------------------

  #sideFilesFor: PlaybackGrant['sources'] | undefined;

  #refresh(): void {
    const host = this.#host;
    const video = host.media as WebkitVideo;
    const sources = host.grant?.sources;
    const previous = this.#provider.value;
    if (sources?.captions !== this.#trackFor && this.#trackFor !== undefined) {
      this.#track?.remove();
      this.#track = undefined;
      this.#trackFor = undefined;
      if (this.#captionsOn && sources?.captions) void this.#loadCaptions(sources.captions);
    }
    const buffered: { start: number; end: number }[] = [];
    for (let i = 0; i < video.buffered.length; i++) buffered.push({ start: video.buffered.start(i), end: video.buffered.end(i) });
    const next: ControlsState = {
      buffered: sameRanges(buffered, previous.buffered) ? previous.buffered : buffered,
      thumbnails: sources?.thumbnails && this.#sign(sources.thumbnails),
      chapters: sources?.chapters && this.#sign(sources.chapters),
      captionsAvailable: Boolean(sources?.captions),
      captions: this.#captionsOn && Boolean(sources?.captions),
      fullscreen: (document.fullscreenElement === host) || Boolean(video.webkitDisplayingFullscreen),
      fullscreenAvailable: document.fullscreenEnabled || typeof video.webkitEnterFullscreen === 'function',
      pip: document.pictureInPictureElement === video,
      pipAvailable: Boolean(document.pictureInPictureEnabled) && !video.disablePictureInPicture,
    };
    // Keep the signed URLs stable across grant refreshes of the same sources (no refetch every few minutes).
    if (this.#sideFilesFor && sources && this.#sideFilesFor.thumbnails === sources.thumbnails && this.#sideFilesFor.chapters === sources.chapters) {
      next.thumbnails = previous.thumbnails;
      next.chapters = previous.chapters;
    }
    this.#sideFilesFor = sources;
    if ((Object.keys(next) as (keyof ControlsState)[]).some((key) => next[key] !== previous[key])) this.#provider.setValue(next);
  }

  /** A side file's URL with the grant's signature in its query, so it loads with or without cookies. */
  #sign(url: string): string {
    const grant = this.#host.grant;
    return grant && resourceCovers(grant.resource, url) ? withSignedQuery(url, grant.query) : url;
  }

  async #fetchSigned(url: string): Promise<string> {
    const response = await fetch(this.#sign(url));
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.text();
  }
}

function sameRanges(a: readonly { start: number; end: number }[], b: readonly { start: number; end: number }[]): boolean {
  return a.length === b.length && a.every((range, i) => Math.abs(range.start - b[i]!.start) < 0.05 && Math.abs(range.end - b[i]!.end) < 0.05);
}
