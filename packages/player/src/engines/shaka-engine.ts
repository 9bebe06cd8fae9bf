/**
 * DASH (and LL-DASH) through shaka-player's DASH-only build, which is a quarter smaller than the
 * full one: HLS goes to hls.js, so shaka's HLS parser would never run. shaka retries requests
 * itself (configured below); this adapter signs requests for a grant with a request filter,
 * explains access failures, restarts streaming after critical network errors, and maps shaka's
 * variants to the player's qualities.
 */
import type shaka from 'shaka-player/dist/shaka-player.dash-es2021.js';
import type { SignedAccess } from '../access/signed-access.js';
import { PlayerError, type PlayerErrorDetail } from '../errors/player-error.js';
import type { EngineEvents } from './engine-events.js';
import type { Engine, EngineKit, EngineLoadOptions, LiveInfo, Quality, QualityRequest, VideoSegmentRef } from './engine.js';

type Shaka = typeof shaka;
type ShakaPlayer = shaka.Player;
type Track = shaka.extern.Track;

/** shaka.util.Error codes and categories this adapter reads. */
const BAD_HTTP_STATUS = 1001;
const HTTP_ERROR = 1002;
const TIMEOUT = 1003;
const CATEGORY_NETWORK = 1;
const CATEGORY_MANIFEST = 4;
const SEVERITY_CRITICAL = 2;

const NETWORK_RETRY_DELAYS_MS = [1000, 2000, 4000];
/**
 * Low-latency mode. The wall-clock latency is the chunk length (0.2 s on our channels: the newest
 * chunk ends that long ago) + the presentation delay + liveSync's latency. liveSync changes the
 * rate only outside target ± tolerance, so playback settles near target + tolerance: about
 * 0.2 + 0.3 + 0.95 = 1.45 s (bench/RESULTS.md measures it).
 */
const LOW_LATENCY_PRESENTATION_DELAY_SECONDS = 0.3;
const LOW_LATENCY_TARGET_SECONDS = 0.8;
const LOW_LATENCY_TOLERANCE_SECONDS = 0.15;
const RETRY_PARAMETERS = { maxAttempts: 4, baseDelay: 500, backoffFactor: 2, fuzzFactor: 0.5, timeout: 30_000, stallTimeout: 5_000, connectionTimeout: 10_000 };
/**
 * Low-latency segments. An LL-DASH segment is announced (availabilityTimeOffset) as soon as its
 * first chunk should be encoded, so a request can precede the encoder's upload by a few tens of
 * milliseconds and get a 404: ask again at once, not half a second later with the buffer at 0.7 s.
 * Same total patience (about 6 s) as the other requests.
 */
const LOW_LATENCY_SEGMENT_RETRY = { ...RETRY_PARAMETERS, maxAttempts: 7, baseDelay: 100, fuzzFactor: 0.2 };

interface ShakaError {
  code: number;
  category: number;
  severity: number;
  data: unknown[];
}

let loading: Promise<Shaka> | undefined;

/** shaka-player is one UMD file: bundlers give it as the default export, a plain ES import leaves it on window. */
function loadShaka(): Promise<Shaka> {
  loading ??= import('shaka-player/dist/shaka-player.dash-es2021.js')
    .then((module: { default?: Shaka }) => {
      const library = module.default ?? (globalThis as { shaka?: Shaka }).shaka;
      if (!library?.Player) throw new Error('shaka-player loaded without its Player');
      library.polyfill.installAll();
      return library;
    })
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

export class ShakaEngine implements Engine {
  readonly name = 'shaka';
  readonly #video: HTMLVideoElement;
  readonly #kit: EngineKit;
  readonly #events: EngineEvents;
  #player: ShakaPlayer | undefined;
  #access: SignedAccess | undefined;
  #lowLatency = false;
  #qualities: Quality[] = [];
  #tracks: Track[] = [];
  #live = false;
  #loaded = false;
  #requested: QualityRequest = 'auto';
  /** Rejects load() when a critical error arrives after shaka's load() but before the first picture. */
  #failLoad: ((error: unknown) => void) | undefined;
  #networkRetries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #destroyed = false;
  readonly #lifetime = new AbortController();
  /** Video streams by id, and their init segment (type 0 above): compiled shaka hides init references. */
  readonly #videoStreams = new Map<number, { stream: shaka.extern.Stream; init: ArrayBuffer | ArrayBufferView }>();

  constructor(video: HTMLVideoElement, kit: EngineKit) {
    this.#video = video;
    this.#kit = kit;
    this.#events = new kit.EngineEvents();
  }

  get qualities(): readonly Quality[] {
    return this.#qualities;
  }

  get activeQuality(): number {
    const active = this.#player?.getVariantTracks().find((track) => track.active);
    return active ? this.#tracks.findIndex((track) => track.videoId === active.videoId) : -1;
  }

  get frameRate(): number | undefined {
    const tracks = this.#player?.getVariantTracks() ?? [];
    const track = tracks.find((candidate) => candidate.active) ?? tracks[0];
    return track?.frameRate ?? undefined;
  }

  get liveInfo(): LiveInfo {
    const player = this.#player;
    if (!player || !this.#loaded) return { isLive: false, seekable: undefined, liveEdge: NaN, targetLatency: NaN, programDateTime: null };
    const range = player.seekRange();
    const seekable = { start: range.start, end: range.end };
    if (!this.#live) return { isLive: false, seekable, liveEdge: NaN, targetLatency: NaN, programDateTime: null };
    const sync = (player.getConfiguration() as { streaming: { liveSync: { enabled: boolean; targetLatency: number } } }).streaming.liveSync;
    return {
      isLive: true,
      seekable,
      liveEdge: range.end,
      targetLatency: sync.enabled ? sync.targetLatency : NaN,
      programDateTime: player.getPlayheadTimeAsDate(),
    };
  }

  on: Engine['on'] = (type, listener) => this.#events.on(type, listener);

  async load(source: string, options: EngineLoadOptions): Promise<void> {
    if (this.#player) throw new Error('ShakaEngine.load: an engine plays one source; create a new engine for another.');
    this.#access = options.grant;
    this.#lowLatency = options.lowLatency;
    const library = await loadShaka();
    this.#throwIfDestroyed();
    const player = new library.Player();
    this.#player = player;
    player.configure(this.#config());
    player.getNetworkingEngine()?.registerRequestFilter((_type, request) => this.#sign(request));
    player.getNetworkingEngine()?.registerResponseFilter((_type, response, context) => {
      const stream = context?.stream;
      if (stream?.type === 'video' && context!.type === 0) this.#videoStreams.set(stream.id, { stream, init: response.data });
    });
    player.addEventListener('error', (event) => void this.#onError((event as Event & { detail: ShakaError }).detail));
    player.addEventListener('trackschanged', () => this.#updateQualities());
    player.addEventListener('variantchanged', () => this.#events.emit('qualitychange', { active: this.activeQuality }));
    player.addEventListener('adaptation', () => this.#events.emit('qualitychange', { active: this.activeQuality }));
    try {
      await player.attach(this.#video);
      this.#throwIfDestroyed();
      await player.load(source, options.startTime ?? null);
      // shaka seeks to its start time at loadedmetadata: wait for that picture.
      const failed = new Promise<never>((_resolve, reject) => (this.#failLoad = reject));
      failed.catch(() => undefined);
      await Promise.race([this.#kit.untilCurrentData(this.#video, this.#lifetime.signal), failed]);
    } catch (error) {
      this.#throwIfDestroyed();
      throw new PlayerError(await this.#diagnose(error));
    }
    this.#throwIfDestroyed();
    this.#loaded = true;
    this.#updateQualities();
    if (this.#requested !== 'auto') this.setQuality(this.#requested);
    if (player.isLive()) {
      this.#live = true;
      this.#events.emit('livechange', { live: true });
    }
  }

  setQuality(quality: QualityRequest): void {
    this.#requested = quality;
    const player = this.#player;
    if (!player || !this.#loaded) return;
    if (quality === 'auto') {
      player.configure({ abr: { enabled: true } });
      return;
    }
    const wanted = this.#tracks[quality];
    if (!wanted) return;
    const audioId = player.getVariantTracks().find((track) => track.active)?.audioId;
    const variant = player.getVariantTracks().find((track) => track.videoId === wanted.videoId && (audioId == null || track.audioId === audioId)) ?? wanted;
    player.configure({ abr: { enabled: false } });
    // Clear what is buffered beyond 2 s ahead so the new rendition shows promptly.
    player.selectVariantTrack(variant, true, 2);
  }

  seekToLive(): void {
    if (this.#live) this.#player?.goToLive();
  }

  videoSegmentsAround(time: number): VideoSegmentRef[] {
    const { stream, init } = this.#videoStreams.get(this.#tracks[this.activeQuality]?.videoId as number) ?? {};
    const index = stream?.segmentIndex;
    const position: number | null | undefined = index?.find(time);
    return position == null
      ? []
      : [position, position + 1, position - 1].flatMap((at) => {
          const reference = index!.get(at) as shaka.media.SegmentReference | null;
          const uri = reference?.getUris()[0];
          const end = reference?.getEndByte();
          const range = end == null ? undefined : `bytes=${reference!.getStartByte()}-${end}`;
          return uri ? [{ key: uri + range, start: reference!.getStartTime(), init: init!, data: { url: this.#access?.sign(uri) ?? uri, credentials: !!this.#access?.sendsCredentials(uri), range } }] : [];
        });
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#lifetime.abort();
    clearTimeout(this.#retryTimer);
    const player = this.#player;
    if (player) {
      await player.detach().catch(() => undefined);
      await player.destroy().catch(() => undefined);
    }
    this.#events.clear();
  }

  #config(): object {
    const lowLatency = this.#lowLatency;
    return {
      // shaka puts the live edge a presentation delay behind the newest chunk, by default 1.5 × the
      // MPD's minBufferTime (1.5 s on our channels): in low-latency mode that alone is the whole
      // budget. A short one still covers the encoder's delay before a segment's upload starts
      // (asked for earlier, the segment is a 404); liveSync keeps the rest of the margin.
      manifest: { retryParameters: RETRY_PARAMETERS, ...(lowLatency ? { defaultPresentationDelay: LOW_LATENCY_PRESENTATION_DELAY_SECONDS } : {}) },
      streaming: {
        retryParameters: lowLatency ? LOW_LATENCY_SEGMENT_RETRY : RETRY_PARAMETERS,
        bufferBehind: 90,
        lowLatencyMode: lowLatency,
        // Catch up by playback rate towards LOW_LATENCY_TARGET_SECONDS behind that edge; slow down
        // a little for a few seconds after a stall ("panic") to rebuild the buffer.
        liveSync: lowLatency
          ? { enabled: true, targetLatency: LOW_LATENCY_TARGET_SECONDS, targetLatencyTolerance: LOW_LATENCY_TOLERANCE_SECONDS, maxPlaybackRate: 1.15, minPlaybackRate: 0.95, panicMode: true, panicThreshold: 2 }
          : { enabled: false },
      },
    };
  }

  #sign(request: shaka.extern.Request): void {
    const access = this.#access;
    if (!access) return;
    request.uris = request.uris.map((uri) => access.sign(uri));
    if (request.uris.some((uri) => access.sendsCredentials(uri))) request.allowCrossSiteCredentials = true;
  }

  #updateQualities(): void {
    const player = this.#player;
    if (!player) return;
    const byVideo = new Map<number | null, Track>();
    for (const track of player.getVariantTracks()) if (!byVideo.has(track.videoId)) byVideo.set(track.videoId, track);
    const { qualities, sources } = this.#kit.toQualities([...byVideo.values()], (track) => ({
      width: track.width ?? 0,
      height: track.height ?? 0,
      bitrate: track.videoBandwidth ?? track.bandwidth,
      frameRate: track.frameRate ?? undefined,
    }));
    const changed = qualities.length !== this.#qualities.length || qualities.some((quality, index) => quality.height !== this.#qualities[index]?.height || quality.bitrate !== this.#qualities[index]?.bitrate);
    this.#tracks = sources;
    this.#qualities = qualities;
    if (changed) this.#events.emit('qualities', qualities);
  }

  async #onError(error: ShakaError): Promise<void> {
    if (this.#destroyed || error.severity !== SEVERITY_CRITICAL) return;
    // Before load() settles, its rejection reports the failure.
    if (!this.#loaded) return this.#failLoad?.(error);
    const detail = await this.#diagnose(error);
    if (this.#destroyed) return;
    if (detail.code === 'network-error' && error.category === CATEGORY_NETWORK) {
      const delay = NETWORK_RETRY_DELAYS_MS[this.#networkRetries++];
      if (delay !== undefined) {
        this.#events.emit('error', { ...detail, message: `${detail.message} Retrying in ${delay / 1000} s.`, fatal: false });
        this.#retryTimer = setTimeout(() => {
          if (!this.#destroyed && this.#player?.retryStreaming()) this.#networkRetries = 0;
        }, delay);
        return;
      }
    }
    this.#events.emit('error', detail);
  }

  async #diagnose(error: unknown): Promise<PlayerErrorDetail> {
    const shakaError = error as Partial<ShakaError> | undefined;
    const code = shakaError?.code;
    const data = Array.isArray(shakaError?.data) ? shakaError.data : [];
    if (code === BAD_HTTP_STATUS) {
      const url = String(data[0] ?? '');
      const status = Number(data[1] ?? 0);
      const headers = (data[3] ?? {}) as Record<string, string>;
      const refused = this.#kit.diagnoseHttpFailure({ url, status, edgeReason: headers['x-edge-reason'] ?? null, cause: error }, this.#access);
      if (refused) return refused;
      return { code: 'network-error', message: `The media server answered HTTP ${status}.`, fatal: true, cause: error };
    }
    if (code === HTTP_ERROR) return this.#kit.diagnoseUnreachable(String(data[0] ?? ''), error);
    if (code === TIMEOUT) return { code: 'network-error', message: 'The media server did not answer in time.', fatal: true, cause: error };
    if (shakaError?.category === CATEGORY_NETWORK) return { code: 'network-error', message: `Loading failed (shaka-player error ${code}).`, fatal: true, cause: error };
    if (shakaError?.category === CATEGORY_MANIFEST) return { code: 'manifest-error', message: `The manifest cannot be used (shaka-player error ${code}).`, fatal: true, cause: error };
    return { code: 'media-error', message: `Playback failed (shaka-player error ${code ?? String(error)}).`, fatal: true, cause: error };
  }

  #throwIfDestroyed(): void {
    if (this.#destroyed) throw new DOMException('The engine was destroyed before the source was ready.', 'AbortError');
  }
}
