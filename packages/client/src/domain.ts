/**
 * Domain types shared by the browser packages and server-kit. Ids only: nothing here ever holds
 * patient data, so every one of these objects may appear in logs, URLs and object keys.
 */

export type Role = 'admin' | 'specialist' | 'trainee' | 'clinician';

export interface User {
  id: string;
  name: string;
  roles: Role[];
  tenant: string;
  /** For specialists: the specialty they review (e.g. `general-surgery`, `orthopaedics`). */
  specialty?: string;
}

export interface Chapter {
  /** Seconds from the start of the asset. */
  start: number;
  title: string;
}

export interface Rendition {
  id: string;
  width: number;
  height: number;
  /** Bits per second. */
  bandwidth: number;
}

/** A recorded case: packaged once, played back as HLS or DASH over the same CMAF segments. */
export interface Asset {
  id: string;
  tenant: string;
  title: string;
  kind: 'recorded';
  durationSeconds: number;
  frameRate: number;
  /** The specialty that reviews edits of this asset (matches a specialist's `specialty`); any specialist when absent. */
  specialty?: string;
  renditions: Rendition[];
  chapters: Chapter[];
  createdAt: string;
}

export type LiveChannelStatus = 'starting' | 'running' | 'restarting' | 'stopped';

/** A live operating-room channel with a DVR window and a low-latency path. */
export interface LiveChannel {
  id: string;
  tenant: string;
  title: string;
  status: LiveChannelStatus;
  /** Seconds of DVR window behind the live edge. */
  dvrWindowSeconds: number;
  frameRate: number;
}

/** URLs a player needs for one asset or channel, all under the grant's path. */
export interface PlaybackSources {
  hls: string;
  dash?: string;
  /** Low-latency DASH (chunked CMAF), for live channels. */
  lowLatencyDash?: string;
  poster?: string;
  thumbnails?: string;
  captions?: string;
  chapters?: string;
}

/**
 * Permission to play one asset or channel for a short time, in CloudFront's own format so the
 * same grant works against CloudFront and against the local edge.
 *
 * Two ways to use it: send the `cookies` (the API also sets them with `Set-Cookie`, and media
 * requests go with credentials), or append `query` to every playlist, manifest and segment URL.
 */
export interface PlaybackGrant {
  /** The asset or channel id the grant is for. */
  id: string;
  kind: 'asset' | 'live';
  /** ISO 8601; refresh before this. */
  expiresAt: string;
  /** The CloudFront resource pattern signed, e.g. `https://cdn.example/media/vod/case-001/*`. */
  resource: string;
  sources: PlaybackSources;
  /** `CloudFront-Policy`, `CloudFront-Signature`, `CloudFront-Key-Pair-Id`, for `cookiePath`. */
  cookies: Record<string, string>;
  cookiePath: string;
  /** `Policy=…&Signature=…&Key-Pair-Id=…`, valid on any URL under `resource`. */
  query: string;
}

/** Someone an admin can assign a review to (`GET /specialists`): ids only; the portal shows its own names. */
export interface Specialist {
  id: string;
  tenant: string;
  roles: Role[];
  specialty?: string;
}

/** `client.specialists.list()`'s filter. */
export interface SpecialistQuery {
  /** Only the specialists of this specialty (e.g. `orthopaedics`). */
  specialty?: string;
}

/** What an admin sees of a live channel's pipeline (`GET /live/:id/status`). */
export interface LiveChannelHealth {
  channelId: string;
  state: 'idle' | 'starting' | 'running' | 'stopping' | 'error';
  /** One line for an admin, e.g. `running` or `stalled: no new segment for 9 s`. */
  detail: string;
  pipelines: { id: string; activeInput?: string }[];
  /** Names of the inputs attached to the channel. */
  inputs: string[];
  /** Seconds since the newest segment ended, where the origin shows segments. */
  lastSegmentAgeSeconds?: number;
}

/** A window of a live channel to keep as a recorded asset, in whole epoch seconds (UTC). */
export interface LiveHarvestRequest {
  start: number;
  /** After `start`; at most 24 h later. */
  end: number;
  /** The recorded asset to create; default `<channelId>-<start>-<end>`. One asset is harvested once. */
  assetId?: string;
}

/** A harvest job (`POST /live/:id/harvest`, `GET /live/:id/harvests/:harvestId`). */
export interface LiveHarvest {
  /** `<channelId>:<assetId>`. */
  id: string;
  channelId: string;
  assetId: string;
  state: 'queued' | 'in-progress' | 'completed' | 'failed' | 'cancelled';
  /** 0 to 1, where the origin can measure it. */
  progress?: number;
  window: { start: number; end: number };
  /** Why it failed or what it waits for; ids only. */
  message?: string;
}
