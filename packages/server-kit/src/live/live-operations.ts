/**
 * The live operations port: what the product does with a live operating-room channel besides
 * watching it. A consultant rewinds or clips a moment (a time-shift manifest over the DVR window),
 * a mark made during the operation becomes a recorded asset for review (a harvest job), and an
 * admin sees whether each channel is up (channel status).
 *
 * Two adapters implement it: MediaLive + MediaPackage v2 on AWS (aws/mediapackage-live-operations.ts)
 * and the embedded live channel (embedded-live-operations.ts). Both speak the same shapes: a clip is
 * the channel's manifest path with `?start=<epoch s>&end=<epoch s>` (MediaPackage's own time-shift
 * query), so a player builds one URL format whichever adapter answered. Inputs are ids and times
 * only; nothing here ever carries patient data.
 */

/** Which manifest a time-shifted clip is cut from. */
export type LiveManifestFormat = 'hls' | 'dash';

/** A span of wall-clock time, in whole epoch seconds (UTC), as MediaPackage's `start`/`end` take it. */
export interface TimeWindow {
  start: number;
  /** Exclusive; after `start`. */
  end: number;
}

/**
 * The live endpoints of one channel, as edge paths (leading slash, no origin) that a playback grant
 * covers: the grant issuer signs `<edge origin><pathPrefix>*`.
 */
export interface LivePlayback {
  channelId: string;
  /** The folder every path below lies in, with leading and trailing slash. */
  pathPrefix: string;
  /** Standard HLS (segments of the DVR window, program-date-time on each). */
  hls: string;
  /** Low-latency HLS (partial segments), where the origin makes one. */
  lowLatencyHls?: string;
  dash?: string;
  /** Low-latency DASH (chunked CMAF). */
  lowLatencyDash?: string;
  /** How far behind the live edge a viewer may rewind or clip: the startover / DVR window, seconds. */
  timeShiftWindowSeconds: number;
}

export interface HarvestRequest {
  channelId: string;
  /** Epoch seconds. */
  start: number;
  end: number;
  /** The recorded asset to create; also names the job, so one asset is harvested once. */
  assetId: string;
  correlationId: string;
}

export type HarvestState = 'queued' | 'in-progress' | 'completed' | 'failed' | 'cancelled';

export interface HarvestStatus {
  /** `<channelId>:<assetId>`. */
  id: string;
  channelId: string;
  assetId: string;
  state: HarvestState;
  /** 0 to 1 (1 once completed), where the adapter can measure it; MediaPackage reports none while a job runs. */
  progress?: number;
  window: TimeWindow;
  /** Why a job failed or what it waits for; ids only. */
  message?: string;
}

export type ChannelState = 'idle' | 'starting' | 'running' | 'stopping' | 'error';

export interface ChannelPipeline {
  id: string;
  /** The input attachment the pipeline reads, when it runs. */
  activeInput?: string;
}

export interface ChannelStatus {
  channelId: string;
  state: ChannelState;
  /** One line for an admin: what the state means right now (e.g. `1 of 2 pipelines running`). */
  detail: string;
  pipelines: ChannelPipeline[];
  /** Names of the inputs attached to the channel. */
  inputs: string[];
  /** Seconds since the newest segment ended, where the adapter can see segments. */
  lastSegmentAgeSeconds?: number;
}

export interface LiveOperations {
  playback(channelId: string): Promise<LivePlayback>;
  /** The path of a time-shifted manifest over `window` (query included), for a grant of the channel. */
  clipUrl(channelId: string, window: TimeWindow, format: LiveManifestFormat): Promise<string>;
  /** Starts turning `window` of the channel into recorded asset `assetId`; resolves to the job's id. Idempotent for the same request. */
  harvest(request: HarvestRequest): Promise<string>;
  harvestStatus(id: string): Promise<HarvestStatus>;
  /** Every channel this deployment runs, for admins. */
  channelStatus(): Promise<ChannelStatus[]>;
}

export type LiveOperationsErrorCode = 'bad-input' | 'not-found' | 'conflict' | 'outside-window' | 'unsupported' | 'upstream';

/**
 * A refusal or failure of a live operation. `bad-input` names the `field`; `upstream` wraps what
 * the origin (AWS or ffmpeg's files) answered as `cause`.
 */
export class LiveOperationsError extends Error {
  override readonly name = 'LiveOperationsError';
  readonly code: LiveOperationsErrorCode;
  readonly field: string | undefined;

  constructor(code: LiveOperationsErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
  }
}

/** MediaPackage serves time-shifted manifests of up to 24 hours. */
export const MAX_TIME_WINDOW_SECONDS = 24 * 60 * 60;

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Throws a `bad-input` error naming `field` unless `value` is an id (letters, digits, `-`, `_`). */
export function assertLiveId(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !ID.test(value)) {
    throw new LiveOperationsError('bad-input', `${field} must be an id of letters, digits, "-" or "_" (at most 128); got ${JSON.stringify(value)}.`, { field });
  }
}

/** Throws a `bad-input` error unless `window` is whole epoch seconds, `end` after `start`, at most 24 h. */
export function assertTimeWindow(window: unknown, field = 'window'): asserts window is TimeWindow {
  const w = window as Partial<TimeWindow> | undefined;
  for (const key of ['start', 'end'] as const) {
    const value = w?.[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new LiveOperationsError('bad-input', `${field}.${key} must be whole epoch seconds; got ${JSON.stringify(value)}.`, { field: `${field}.${key}` });
    }
  }
  const { start, end } = w as TimeWindow;
  if (end <= start) throw new LiveOperationsError('bad-input', `${field}.end (${end}) must be after ${field}.start (${start}).`, { field: `${field}.end` });
  if (end - start > MAX_TIME_WINDOW_SECONDS) {
    throw new LiveOperationsError('bad-input', `${field} spans ${end - start} s; a time-shifted clip is at most ${MAX_TIME_WINDOW_SECONDS} s.`, { field: `${field}.end` });
  }
}

export function assertManifestFormat(format: unknown): asserts format is LiveManifestFormat {
  if (format !== 'hls' && format !== 'dash') {
    throw new LiveOperationsError('bad-input', `format must be "hls" or "dash"; got ${JSON.stringify(format)}.`, { field: 'format' });
  }
}

export function assertHarvestRequest(request: HarvestRequest): void {
  assertLiveId(request?.channelId, 'channelId');
  assertLiveId(request.assetId, 'assetId');
  assertLiveId(request.correlationId, 'correlationId');
  assertTimeWindow({ start: request.start, end: request.end }, 'harvest');
}

/** `path?start=<s>&end=<e>`: MediaPackage's time-shift query, and the embedded edge's. */
export function withTimeShift(path: string, window: TimeWindow): string {
  return `${path}${path.includes('?') ? '&' : '?'}start=${window.start}&end=${window.end}`;
}

/** Reads `start` and `end` from a query; undefined when neither is present. Throws `bad-input` for a half or malformed pair. */
export function timeShiftOf(query: URLSearchParams): TimeWindow | undefined {
  const start = query.get('start');
  const end = query.get('end');
  if (start === null && end === null) return undefined;
  const window = { start: Number(start), end: Number(end) };
  if (start === null || end === null || !/^\d+$/.test(start) || !/^\d+$/.test(end)) {
    throw new LiveOperationsError('bad-input', 'start and end must both be given, as whole epoch seconds.', { field: start === null || !/^\d+$/.test(start) ? 'start' : 'end' });
  }
  assertTimeWindow(window, 'query');
  return window;
}

/** The id of a harvest job: `<channelId>:<assetId>`, the same on both adapters. */
export function harvestId(channelId: string, assetId: string): string {
  return `${channelId}:${assetId}`;
}

export function parseHarvestId(id: unknown): { channelId: string; assetId: string } {
  const [channelId, assetId, ...rest] = typeof id === 'string' ? id.split(':') : [];
  if (rest.length > 0 || !channelId || !assetId || !ID.test(channelId) || !ID.test(assetId)) {
    throw new LiveOperationsError('bad-input', `a harvest id is "<channelId>:<assetId>"; got ${JSON.stringify(id)}.`, { field: 'id' });
  }
  return { channelId, assetId };
}
