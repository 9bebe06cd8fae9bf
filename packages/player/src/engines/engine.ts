/**
 * The one interface the player root talks to: hls.js, shaka-player and the browser's own playback
 * each sit behind it, so the element never knows which library plays. An engine plays one source
 * into the video element it was made for; the player makes a new engine for every source and
 * destroys the old one (detach media, then destroy), never reusing an instance.
 */
import type { PlayerErrorDetail } from '../errors/player-error.js';
import type { SignedAccess } from '../access/signed-access.js';

export type EngineName = 'hls.js' | 'shaka' | 'native';

/** The shared engine code the loader hands to each engine (see engine-kit.ts). */
export type EngineKit = typeof import('./engine-kit.js');

/** One rendition the viewer can pick. */
export interface Quality {
  /** Position in the player's `qualities` list (lowest first). */
  index: number;
  width: number;
  height: number;
  /** Bits per second. */
  bitrate: number;
  /** Frames per second, when the manifest says. */
  frameRate: number | undefined;
  /** e.g. `720p`. */
  label: string;
}

/** A requested quality: an index into `qualities`, or `'auto'` for adaptive selection. */
export type QualityRequest = number | 'auto';

export interface LiveInfo {
  isLive: boolean;
  /** The DVR window in media time; `undefined` before anything is loaded. */
  seekable: { start: number; end: number } | undefined;
  /** Where "live" is: the position the engine plays at to keep its target latency; NaN for VOD. */
  liveEdge: number;
  /** Seconds behind the newest media the engine aims for; NaN when unknown or VOD. */
  targetLatency: number;
  /** The wall-clock time (EXT-X-PROGRAM-DATE-TIME / DASH availability) of the frame on screen. */
  programDateTime: Date | null;
}

export interface EngineLoadOptions {
  /** Credentials for the source's URLs, read at request time (refreshes apply to the next request). */
  grant?: SignedAccess;
  /** LL-HLS / LL-DASH settings and a short target latency. */
  lowLatency: boolean;
  /** Seconds to start at (VOD); live starts at the live edge. */
  startTime?: number;
}

export interface EngineEventMap {
  /** A runtime failure after `load()` resolved; fatal ones have stopped playback. */
  error: PlayerErrorDetail;
  /** The list of qualities changed (a manifest was parsed). */
  qualities: readonly Quality[];
  /** The rendition being played changed (`active` is an index into `qualities`). */
  qualitychange: { active: number };
  /** The source turned out live or not. */
  livechange: { live: boolean };
}

/** A request for a segment's bytes, as the engine makes its own (hls.js config, shaka's request filter): signed, with cookies or not. */
export interface SegmentRequest {
  /** With the grant's signature when it travels in the query string. */
  url: string;
  /** Whether to send cookies (the grant's signed cookies). */
  credentials: boolean;
  /** An HTTP Range value, for a segment that is a byte range of a file. */
  range: string | undefined;
}

/**
 * One media segment of the video rendition playing: what a decoder needs to decode its pictures
 * apart from the video element (frames/frame-cache-controller.ts).
 */
export interface VideoSegmentRef {
  /** The rendition and the segment: the same key is the same bytes. */
  key: string;
  /** Where it starts on the video element's timeline, in seconds. */
  start: number;
  /**
   * Seconds to add to a sample's presentation time (in the segment's own timescale) to get the
   * video element's time; undefined when the engine cannot say (compiled shaka hides a segment's
   * timestampOffset), and the segment's first picture is then taken to be shown at `start`.
   */
  timeOffset?: number;
  /** The init segment: its bytes, when the engine keeps them, or the request for them. */
  init: ArrayBuffer | ArrayBufferView | SegmentRequest;
  data: SegmentRequest;
}

export type EngineListener<K extends keyof EngineEventMap> = (detail: EngineEventMap[K]) => void;

export interface Engine {
  readonly name: EngineName;
  readonly qualities: readonly Quality[];
  /** Index into `qualities` of the rendition playing; -1 when unknown. */
  readonly activeQuality: number;
  /** From the manifest (HLS FRAME-RATE, DASH frameRate) of the active rendition; undefined when it says nothing. */
  readonly frameRate: number | undefined;
  readonly liveInfo: LiveInfo;
  /**
   * Starts playing `source` into the video element (without calling `play()`). Resolves once the
   * manifest is read and the picture at the start position is decoded (so the engine's own start
   * seek is done and a seek from the page is the last word); rejects with a PlayerError when that
   * cannot happen.
   */
  load(source: string, options: EngineLoadOptions): Promise<void>;
  setQuality(quality: QualityRequest): void;
  /** Moves the playhead to the live edge (no-op for VOD). */
  seekToLive(): void;
  /** Detaches the media element, then frees the library instance. Idempotent. */
  destroy(): Promise<void>;
  on<K extends keyof EngineEventMap>(type: K, listener: EngineListener<K>): () => void;
  /**
   * The video segments of the rendition playing around `time`: the one holding it first, then the
   * next and the previous one. Engines that cannot give segment bytes (native playback) leave it out.
   */
  videoSegmentsAround?(time: number): VideoSegmentRef[];
}

/** `720p`, or the bitrate when there is no height. */
export function qualityLabel(height: number, bitrate: number): string {
  return height > 0 ? `${height}p` : `${Math.round(bitrate / 1000)} kbps`;
}

/** Sorts renditions lowest first (height, then bitrate) and numbers them. */
export function toQualities<T>(items: readonly T[], describe: (item: T) => Omit<Quality, 'index' | 'label'>): { qualities: Quality[]; sources: T[] } {
  const described = items.map((item) => ({ item, quality: describe(item) }));
  described.sort((a, b) => a.quality.height - b.quality.height || a.quality.bitrate - b.quality.bitrate);
  return {
    qualities: described.map(({ quality }, index) => ({ ...quality, index, label: qualityLabel(quality.height, quality.bitrate) })),
    sources: described.map(({ item }) => item),
  };
}

/** The media element's seekable window, or undefined when it has none. */
export function seekableOf(video: HTMLVideoElement): { start: number; end: number } | undefined {
  const ranges = video.seekable;
  if (ranges.length === 0) return undefined;
  return { start: ranges.start(0), end: ranges.end(ranges.length - 1) };
}

/**
 * Resolves once the video has the picture at its current position (`loadeddata`); rejects with
 * an AbortError if `signal` aborts first.
 */
export function untilCurrentData(video: HTMLVideoElement, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const aborted = () => {
      video.removeEventListener('loadeddata', loaded);
      reject(new DOMException('The engine was destroyed before the source was ready.', 'AbortError'));
    };
    const loaded = () => {
      signal.removeEventListener('abort', aborted);
      resolve();
    };
    if (signal.aborted) return aborted();
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) return resolve();
    video.addEventListener('loadeddata', loaded, { once: true });
    signal.addEventListener('abort', aborted, { once: true });
  });
}
