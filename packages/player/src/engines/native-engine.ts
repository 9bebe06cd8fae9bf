/**
 * The browser's own playback: MP4/WebM files everywhere, and HLS where there is no Media Source
 * Extensions (older iPhones). The element loads the media itself, so a grant can only travel as
 * cookies (sent with the media element's requests to the same site) or, for a single file, as the
 * query string of its URL; native HLS does not carry a query string to child playlists. When the
 * element fails, one probe request of the same URL reads the status and `x-edge-reason` it cannot.
 */
import type { SignedAccess } from '../access/signed-access.js';
import { PlayerError, type PlayerErrorDetail } from '../errors/player-error.js';
import type { EngineEvents } from './engine-events.js';
import type { Engine, EngineKit, EngineLoadOptions, LiveInfo, Quality } from './engine.js';

const MEDIA_ERR_NETWORK = 2;
const MEDIA_ERR_DECODE = 3;

export class NativeEngine implements Engine {
  readonly name = 'native';
  readonly qualities: readonly Quality[] = [];
  readonly activeQuality = -1;
  readonly frameRate = undefined;
  readonly #video: HTMLVideoElement;
  readonly #kit: EngineKit;
  readonly #events: EngineEvents;
  #url = '';
  #access: SignedAccess | undefined;
  #loaded = false;
  #live = false;
  #destroyed = false;
  #abort = new AbortController();

  constructor(video: HTMLVideoElement, kit: EngineKit) {
    this.#video = video;
    this.#kit = kit;
    this.#events = new kit.EngineEvents();
  }

  get liveInfo(): LiveInfo {
    const video = this.#video;
    const seekable = this.#kit.seekableOf(video);
    if (!this.#live) return { isLive: false, seekable, liveEdge: NaN, targetLatency: NaN, programDateTime: null };
    // Safari exposes the program-date-time of media time 0 of a live HLS stream.
    const start = (video as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.();
    const startMs = start?.getTime() ?? NaN;
    return {
      isLive: true,
      seekable,
      liveEdge: seekable?.end ?? NaN,
      targetLatency: NaN,
      programDateTime: Number.isFinite(startMs) ? new Date(startMs + video.currentTime * 1000) : null,
    };
  }

  on: Engine['on'] = (type, listener) => this.#events.on(type, listener);

  load(source: string, options: EngineLoadOptions): Promise<void> {
    if (this.#url) throw new Error('NativeEngine.load: an engine plays one source; create a new engine for another.');
    const video = this.#video;
    const access = options.grant;
    this.#access = access;
    this.#url = access ? access.sign(source) : source;
    // Cross-origin media with credentials needs CORS; without a grant, leave the request as a plain one.
    if (access?.sendsCredentials(source)) video.crossOrigin = 'use-credentials';
    else video.removeAttribute('crossorigin');
    const { signal } = this.#abort;
    video.addEventListener('durationchange', () => this.#checkLive(), { signal });
    video.addEventListener('error', () => void this.#onError(), { signal });
    return new Promise<void>((resolve, reject) => {
      video.addEventListener(
        'loadedmetadata',
        () => {
          this.#loaded = true;
          if (options.startTime !== undefined && !this.#live) video.currentTime = options.startTime;
          resolve();
        },
        { once: true, signal },
      );
      video.addEventListener(
        'error',
        () => void this.#describeFailure().then((detail) => reject(new PlayerError(detail))),
        { once: true, signal },
      );
      signal.addEventListener('abort', () => reject(new DOMException('The engine was destroyed before the source was ready.', 'AbortError')));
      video.src = this.#url;
    });
  }

  setQuality(): void {
    // One rendition, or the browser's own adaptive choice for native HLS.
  }

  seekToLive(): void {
    const end = this.#kit.seekableOf(this.#video)?.end;
    if (this.#live && end !== undefined) this.#video.currentTime = end;
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#abort.abort();
    const video = this.#video;
    video.removeAttribute('src');
    video.load();
    this.#events.clear();
  }

  #checkLive(): void {
    const live = this.#video.duration === Infinity;
    if (live === this.#live) return;
    this.#live = live;
    this.#events.emit('livechange', { live });
  }

  async #onError(): Promise<void> {
    if (!this.#loaded || this.#destroyed) return;
    const detail = await this.#describeFailure();
    if (!this.#destroyed) this.#events.emit('error', detail);
  }

  async #describeFailure(): Promise<PlayerErrorDetail> {
    const error = this.#video.error;
    if (error?.code === MEDIA_ERR_DECODE) return { code: 'media-error', message: `The media cannot be decoded (${error.message || 'decode error'}).`, fatal: true, cause: error };
    if (error && error.code !== MEDIA_ERR_NETWORK && this.#loaded) {
      return { code: 'media-error', message: `Playback failed (${error.message || `MediaError ${error.code}`}).`, fatal: true, cause: error };
    }
    // The element does not say why a request failed: ask once more, the way a page can.
    const credentials = this.#access?.sendsCredentials(this.#url) ? 'include' : 'same-origin';
    try {
      const response = await fetch(this.#url, { headers: { range: 'bytes=0-1' }, credentials, cache: 'no-store' });
      const refused = this.#kit.diagnoseHttpFailure({ url: this.#url, status: response.status, edgeReason: response.headers.get('x-edge-reason'), cause: error }, this.#access);
      if (refused) return refused;
      return { code: 'unsupported-source', message: `This browser cannot play ${this.#url.split(/[?#]/, 1)[0]} (${error?.message || 'unsupported format'}).`, fatal: true, cause: error };
    } catch {
      return this.#kit.diagnoseUnreachable(this.#url, error);
    }
  }
}
