/**
 * The port between the local edge and whatever holds the bytes.
 *
 * CloudFront sits in front of S3 (recorded media) and MediaPackage (live). The local edge does the
 * same: it checks signatures, CORS and cache rules, then asks a MediaOrigin for the object. A file
 * origin serves what ffmpeg wrote to disk; the live ingest origin serves low-latency segments from
 * memory while ffmpeg is still pushing them, which is why `size` may be unknown.
 */
import type { Readable } from 'node:stream';

/** An inclusive byte range, as in an HTTP `Range: bytes=start-end` header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface MediaObject {
  /** Total size in bytes; `undefined` while the object is still being written (served chunked). */
  readonly size: number | undefined;
  readonly lastModified?: Date;
  readonly etag?: string;
  /** Overrides the content type the edge derives from the path's extension. */
  readonly contentType?: string;
  /** The whole body, or one range of it. Ranges are only asked for when `size` is known. */
  stream(range?: ByteRange): Readable;
}

export interface MediaOrigin {
  /** `path` is relative to the origin's mount point, without a leading slash; never contains `..`. */
  get(path: string): Promise<MediaObject | undefined>;
}
