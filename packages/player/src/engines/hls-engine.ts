/**
 * HLS through hls.js (Media Source Extensions). hls.js already retries each request with
 * exponential backoff; this adapter adds what it leaves to the application: signing every request
 * of a grant (cookies or a query string kept on child playlists and segments), telling access
 * failures apart from network ones, restarting loading after fatal network errors, and
 * `recoverMediaError` (then a codec swap) after fatal media errors.
 */
import Hls, { type ErrorData, type Fragment, type HlsConfig, type Level, type LoaderCallbacks, type LoaderConfiguration, type LoaderContext } from 'hls.js';
import type { SignedAccess } from '../access/signed-access.js';
import { PlayerError, type PlayerErrorDetail } from '../errors/player-error.js';
import type { EngineEvents } from './engine-events.js';
import type { Engine, EngineKit, EngineLoadOptions, LiveInfo, Quality, QualityRequest, SegmentRequest, VideoSegmentRef } from './engine.js';

/** Waits before each restart after a fatal network error; one more failure is fatal. */
const NETWORK_RETRY_DELAYS_MS = [1000, 2000, 4000];
/** Fatal media errors closer together than this count as one run of failures. */
const MEDIA_RECOVERY_WINDOW_MS = 10_000;

const { Events, ErrorTypes, ErrorDetails } = Hls;

/** Failures of the playlist text itself: retrying the same bytes gives the same error. */
const MANIFEST_ERRORS = new Set<string>([
  ErrorDetails.MANIFEST_PARSING_ERROR,
  ErrorDetails.MANIFEST_INCOMPATIBLE_CODECS_ERROR,
  ErrorDetails.LEVEL_PARSING_ERROR,
  ErrorDetails.LEVEL_EMPTY_ERROR,
]);
/** Failures that need the multivariant playlist loaded again, not just loading restarted. */
const MANIFEST_LOAD_ERRORS = new Set<string>([ErrorDetails.MANIFEST_LOAD_ERROR, ErrorDetails.MANIFEST_LOAD_TIMEOUT]);

type LoaderConstructor = HlsConfig['loader'];

/** The default loader, putting the grant's current signature on every URL it covers. */
function signingLoader(Base: LoaderConstructor, access: SignedAccess): LoaderConstructor {
  return class SigningLoader extends Base {
    override load(context: LoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<LoaderContext>): void {
      context.url = access.sign(context.url);
      super.load(context, config, callbacks);
    }
  };
}

export class HlsEngine implements Engine {
  readonly name = 'hls.js';
  readonly #video: HTMLVideoElement;
  readonly #kit: EngineKit;
  readonly #events: EngineEvents;
  #hls: Hls | undefined;
  #source = '';
  #access: SignedAccess | undefined;
  #qualities: Quality[] = [];
  /** hls.js level index of each quality. */
  #levels: Level[] = [];
  #requested: QualityRequest = 'auto';
  #live = false;
  #networkRetries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #mediaFailures: number[] = [];
  #pending: { resolve: () => void; reject: (error: unknown) => void; manifest: boolean; level: boolean; media: boolean } | undefined;
  #destroyed = false;
  readonly #lifetime = new AbortController();
  /** initPTS by frag.cc: hls.js appends fMP4 as is at timestampOffset -initPTS. */
  #initPts: Array<{ baseTime: number; timescale: number } | undefined> = [];

  constructor(video: HTMLVideoElement, kit: EngineKit) {
    this.#video = video;
    this.#kit = kit;
    this.#events = new kit.EngineEvents();
  }

  get qualities(): readonly Quality[] {
    return this.#qualities;
  }

  get activeQuality(): number {
    const hls = this.#hls;
    if (!hls || hls.currentLevel < 0) return -1;
    return this.#levels.indexOf(hls.levels[hls.currentLevel]!);
  }

  get frameRate(): number | undefined {
    const hls = this.#hls;
    const level = hls?.levels[Math.max(0, hls.currentLevel)];
    return level?.frameRate || undefined;
  }

  get liveInfo(): LiveInfo {
    const hls = this.#hls;
    const seekable = this.#kit.seekableOf(this.#video);
    if (!hls || !this.#live) return { isLive: false, seekable, liveEdge: NaN, targetLatency: NaN, programDateTime: null };
    return {
      isLive: true,
      seekable,
      liveEdge: hls.liveSyncPosition ?? seekable?.end ?? NaN,
      targetLatency: hls.targetLatency ?? NaN,
      programDateTime: hls.playingDate,
    };
  }

  on: Engine['on'] = (type, listener) => this.#events.on(type, listener);

  load(source: string, options: EngineLoadOptions): Promise<void> {
    if (this.#hls) throw new Error('HlsEngine.load: an engine plays one source; create a new engine for another.');
    this.#source = source;
    this.#access = options.grant;
    const hls = new Hls(this.#config(options));
    this.#hls = hls;
    hls.on(Events.MEDIA_ATTACHED, () => this.#progress('media'));
    hls.on(Events.MANIFEST_PARSED, (_event, data) => {
      this.#setLevels(data.levels);
      this.#progress('manifest');
    });
    hls.on(Events.LEVELS_UPDATED, (_event, data) => this.#setLevels(data.levels));
    hls.on(Events.LEVEL_LOADED, (_event, data) => {
      this.#setLive(data.details.live);
      this.#progress('level');
    });
    hls.on(Events.LEVEL_SWITCHED, () => this.#events.emit('qualitychange', { active: this.activeQuality }));
    hls.on(Events.FRAG_LOADED, () => {
      this.#networkRetries = 0;
    });
    hls.on(Events.ERROR, (_event, data) => void this.#onError(data));
    hls.on(Events.INIT_PTS_FOUND, (_event, data) => (this.#initPts = data.timestampOffsets));
    this.#resumeAfterMediaRecovery();
    return new Promise<void>((resolve, reject) => {
      this.#pending = { resolve, reject, manifest: false, level: false, media: false };
      hls.attachMedia(this.#video);
      hls.loadSource(source);
    });
  }

  setQuality(quality: QualityRequest): void {
    this.#requested = quality;
    const hls = this.#hls;
    if (!hls || this.#levels.length === 0) return;
    // nextLevel: switch from the next segment on, without emptying what is already on screen.
    hls.nextLevel = quality === 'auto' ? -1 : hls.levels.indexOf(this.#levels[quality]!);
  }

  seekToLive(): void {
    const { isLive, liveEdge, seekable } = this.liveInfo;
    if (!isLive) return;
    const target = Number.isFinite(liveEdge) ? liveEdge : seekable?.end;
    if (target !== undefined && Number.isFinite(target)) this.#video.currentTime = target;
  }

  videoSegmentsAround(time: number): VideoSegmentRef[] {
    const hls = this.#hls;
    const fragments = hls?.levels[hls.currentLevel]?.details?.fragments ?? [];
    const at = fragments.findIndex((frag) => time < frag.end);
    if (at < 0) return [];
    return [fragments[at], fragments[at + 1], fragments[at - 1]].flatMap((frag) => {
      const init = frag?.initSegment;
      const initPts = frag && this.#initPts[frag.cc];
      if (!init || !initPts) return [];
      return [{ key: `${frag.url} ${frag.byteRange}`, start: frag.start, timeOffset: -initPts.baseTime / initPts.timescale, init: this.#request(init), data: this.#request(frag) }];
    });
  }

  /** Signed, with credentials, like hls.js's requests (#config); hls.js byte ranges end exclusive. */
  #request(frag: Fragment): SegmentRequest {
    const [start, end] = frag.byteRange;
    const url = frag.url;
    return { url: this.#access?.sign(url) ?? url, credentials: !!this.#access?.sendsCredentials(url), range: end ? `bytes=${start}-${end - 1}` : undefined };
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#lifetime.abort();
    clearTimeout(this.#retryTimer);
    this.#pending?.reject(new DOMException('The engine was destroyed before the source was ready.', 'AbortError'));
    this.#pending = undefined;
    const hls = this.#hls;
    if (hls) {
      hls.detachMedia();
      hls.destroy();
    }
    this.#events.clear();
  }

  #config(options: EngineLoadOptions): Partial<HlsConfig> {
    const access = options.grant;
    const latency: Partial<HlsConfig> = options.lowLatency
      ? // A short target and a quicker catch-up; jump back to live when more than 6 s behind.
        { liveSyncDuration: 2, liveMaxLatencyDuration: 6, maxLiveSyncPlaybackRate: 1.25 }
      : { liveSyncDurationCount: 3, liveMaxLatencyDurationCount: 10, maxLiveSyncPlaybackRate: 1.1 };
    return {
      ...latency,
      lowLatencyMode: options.lowLatency,
      startPosition: options.startTime ?? -1,
      backBufferLength: 90,
      xhrSetup: (xhr, url) => {
        xhr.withCredentials = access?.sendsCredentials(url) ?? false;
      },
      fetchSetup: (context, init: RequestInit) =>
        new Request(context.url, { ...init, credentials: access?.sendsCredentials(context.url) ? 'include' : 'same-origin' }),
      ...(access ? { loader: signingLoader(Hls.DefaultConfig.loader, access) } : {}),
    };
  }

  #progress(step: 'manifest' | 'level' | 'media'): void {
    const pending = this.#pending;
    if (!pending) return;
    pending[step] = true;
    if (pending.manifest && pending.level && pending.media) {
      // hls.js seeks to its start position once the first data is buffered: wait for that picture.
      this.#kit.untilCurrentData(this.#video, this.#lifetime.signal).then(() => {
        if (this.#pending !== pending) return;
        this.#pending = undefined;
        pending.resolve();
      }, () => undefined);
    }
  }

  #setLevels(levels: Level[]): void {
    const { qualities, sources } = this.#kit.toQualities(levels, (level) => ({
      width: level.width,
      height: level.height,
      bitrate: level.bitrate,
      frameRate: level.frameRate || undefined,
    }));
    this.#qualities = qualities;
    this.#levels = sources;
    this.#events.emit('qualities', qualities);
    if (this.#requested !== 'auto') this.setQuality(this.#requested < qualities.length ? this.#requested : 'auto');
  }

  /**
   * A decode error pauses the video, and the recovery (hls.js resets the MediaSource itself, or
   * `recoverMediaError`) reattaches the media, which leaves the element paused (the HTML load
   * algorithm): play again once it can, if the viewer had not paused it themselves.
   */
  #resumeAfterMediaRecovery(): void {
    const video = this.#video;
    const signal = this.#lifetime.signal;
    let wantsPlay = !video.paused;
    let recovering = false;
    video.addEventListener('play', () => (wantsPlay = true), { signal });
    // A pause that comes with the error is the error's, not the viewer's.
    video.addEventListener('pause', () => void (video.error ? undefined : (wantsPlay = false)), { signal });
    video.addEventListener('error', () => (recovering = true), { signal });
    video.addEventListener(
      'canplay',
      () => {
        if (!recovering) return;
        recovering = false;
        if (wantsPlay && video.paused) video.play().catch(() => undefined);
      },
      { signal },
    );
  }

  #setLive(live: boolean): void {
    if (live === this.#live) return;
    this.#live = live;
    this.#events.emit('livechange', { live });
  }

  async #onError(data: ErrorData): Promise<void> {
    if (!data.fatal || this.#destroyed) return;
    if (data.type === ErrorTypes.NETWORK_ERROR) {
      if (MANIFEST_ERRORS.has(data.details)) {
        return this.#fail({ code: 'manifest-error', message: `The playlist cannot be used (hls.js: ${data.details}).`, fatal: true, cause: data });
      }
      const status = data.response?.code ?? 0;
      const failure = { url: data.url ?? data.context?.url ?? data.frag?.url ?? this.#source, status, edgeReason: responseHeader(data.networkDetails, 'x-edge-reason'), cause: data };
      const refused = status > 0 ? this.#kit.diagnoseHttpFailure(failure, this.#access) : undefined;
      if (refused) return this.#fail(refused);
      if (status === 0 && !/timeout/i.test(data.details)) {
        const unreachable = await this.#kit.diagnoseUnreachable(failure.url, data);
        if (this.#destroyed) return;
        if (unreachable.code === 'cors-blocked') return this.#fail(unreachable);
      }
      return this.#retryNetwork(data);
    }
    if (data.type === ErrorTypes.MEDIA_ERROR) return this.#recoverMedia(data);
    this.#fail({ code: 'media-error', message: `Playback failed (hls.js: ${data.details}).`, fatal: true, cause: data });
  }

  #retryNetwork(data: ErrorData): void {
    const hls = this.#hls!;
    const delay = NETWORK_RETRY_DELAYS_MS[this.#networkRetries];
    if (delay === undefined) {
      this.#fail({ code: 'network-error', message: `The media could not be loaded after ${NETWORK_RETRY_DELAYS_MS.length} retries (hls.js: ${data.details}).`, fatal: true, cause: data });
      return;
    }
    this.#networkRetries++;
    if (!this.#pending) {
      this.#events.emit('error', { code: 'network-error', message: `Loading failed (hls.js: ${data.details}); retrying in ${delay / 1000} s.`, fatal: false, cause: data });
    }
    this.#retryTimer = setTimeout(() => {
      if (this.#destroyed) return;
      if (MANIFEST_LOAD_ERRORS.has(data.details)) hls.loadSource(this.#source);
      else hls.startLoad();
    }, delay);
  }

  #recoverMedia(data: ErrorData): void {
    const hls = this.#hls!;
    const now = performance.now();
    this.#mediaFailures = this.#mediaFailures.filter((time) => now - time < MEDIA_RECOVERY_WINDOW_MS);
    const failures = this.#mediaFailures.push(now);
    if (failures > 2) {
      this.#fail({ code: 'media-error', message: `The media cannot be decoded (hls.js: ${data.details}).`, fatal: true, cause: data });
      return;
    }
    if (!this.#pending) {
      this.#events.emit('error', { code: 'media-error', message: `Decoding failed (hls.js: ${data.details}); recovering.`, fatal: false, cause: data });
    }
    if (failures === 2) hls.swapAudioCodec();
    hls.recoverMediaError();
  }

  #fail(detail: PlayerErrorDetail): void {
    this.#hls?.stopLoad();
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) pending.reject(new PlayerError(detail));
    else this.#events.emit('error', detail);
  }
}

function responseHeader(details: unknown, name: string): string | null {
  try {
    if (typeof XMLHttpRequest !== 'undefined' && details instanceof XMLHttpRequest) return details.getResponseHeader(name);
    if (typeof Response !== 'undefined' && details instanceof Response) return details.headers.get(name);
  } catch {
    // A response without readable headers (opaque, aborted).
  }
  return null;
}
