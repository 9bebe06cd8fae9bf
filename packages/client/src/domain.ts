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
