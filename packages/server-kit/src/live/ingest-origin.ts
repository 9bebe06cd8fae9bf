/**
 * The local stand-in for MediaPackage's low-latency ingest: ffmpeg's dash muxer PUTs every
 * manifest and CMAF segment here over chunked HTTP, and the edge reads them back as a MediaOrigin.
 *
 * The point is that a segment is visible the moment its upload starts. Its `size` is unknown and
 * its `stream()` yields what has arrived so far, then follows the upload chunk by chunk until it
 * ends, so a player that asks for the newest segment receives each 200 ms CMAF chunk as ffmpeg
 * encodes it. That, not short segments, is what makes ~1.5 s glass-to-glass latency possible.
 * (ffmpeg's file output writes to a temp file and renames it, so nothing could be served early.)
 *
 * Manifests are the exception: a player must never read half an MPD, so while a new version is
 * being uploaded the previous complete one keeps being served.
 *
 * Memory stays bounded: ffmpeg DELETEs segments that left its window, segments older than
 * `retainSeconds` are dropped anyway, one upload may not exceed `maxObjectBytes`, and when the
 * total passes `maxBytes` the oldest segments go first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ByteRange, MediaObject, MediaOrigin } from '../edge/media-origin.js';

export interface LiveIngestOriginOptions {
  /** URL path under which `handleIngest` accepts uploads; the rest of the path is the object key. */
  prefix?: string;
  /** Completed segments older than this are dropped (manifests and init segments are kept). Default 30. */
  retainSeconds?: number;
  /** Largest single upload in bytes; larger ones are refused with 413. Default 64 MiB. */
  maxObjectBytes?: number;
  /** Upper bound of everything held; the oldest segments are dropped to stay under it. Default 512 MiB. */
  maxBytes?: number;
  /** Whether a key is kept regardless of age (default: manifests and init segments). */
  isPinned?: (key: string) => boolean;
  /** Whether a key may be served while still being uploaded (default: everything but manifests). */
  isProgressive?: (key: string) => boolean;
  /** Which peers may upload; default loopback only (`isLoopbackAddress`). Others get 403. */
  allowPeer?: (remoteAddress: string | undefined) => boolean;
  /** Milliseconds clock, for tests. */
  now?: () => number;
}

const MANIFEST = /\.(mpd|m3u8)$/i;
const INIT_SEGMENT = /(^|[/_-])init[^/]*$/i;

const CONTENT_TYPES: Record<string, string> = {
  mpd: 'application/dash+xml',
  m3u8: 'application/vnd.apple.mpegurl',
  m4s: 'video/mp4',
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  m4v: 'video/mp4',
  cmfv: 'video/mp4',
  cmfa: 'audio/mp4',
};

/**
 * True when a socket's remote address is the local machine (127.0.0.0/8, ::1, or an IPv4-mapped
 * 127.x address). Only ffmpeg on this machine may write to the ingest.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** The object key for a request path under `prefix`, or undefined when it is outside or unsafe. */
export function ingestKey(url: string | undefined, prefix: string): string | undefined {
  if (!url) return undefined;
  const pathname = url.split('?', 1)[0] ?? '';
  if (!pathname.startsWith(prefix)) return undefined;
  let key: string;
  try {
    key = decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return undefined;
  }
  if (!key || key.startsWith('/') || key.endsWith('/') || /[\\\0]/.test(key)) return undefined;
  if (key.split('/').some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return key;
}

/** One upload: chunks as received, and who is waiting for more. */
class IngestObject {
  readonly chunks: Buffer[] = [];
  length = 0;
  done = false;
  failed = false;
  completedAt: number | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly key: string,
    readonly generation: number,
    readonly startedAt: number,
  ) {}

  append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.wake();
  }

  finish(now: number): void {
    this.done = true;
    this.completedAt = now;
    this.wake();
  }

  fail(): void {
    this.failed = true;
    this.wake();
  }

  wait(waiter: () => void): void {
    this.waiters.add(waiter);
  }

  unwait(waiter: () => void): void {
    this.waiters.delete(waiter);
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }
}

/** Reads an object from `start` to `end` (inclusive), following it while it is still uploaded. */
class IngestObjectReader extends Readable {
  private chunkIndex = 0;
  private chunkOffset = 0;
  private position: number;
  private readonly wake = () => this.pump();

  constructor(
    private readonly object: IngestObject,
    private readonly end: number,
    start: number,
  ) {
    super();
    this.position = start;
    // Skip whole chunks before `start`; the rest of the offset is applied when slicing.
    let skipped = 0;
    while (this.chunkIndex < object.chunks.length) {
      const size = object.chunks[this.chunkIndex]!.length;
      if (skipped + size > start) break;
      skipped += size;
      this.chunkIndex++;
    }
    this.chunkOffset = start - skipped;
  }

  override _read(): void {
    this.pump();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.object.unwait(this.wake);
    callback(error);
  }

  private pump(): void {
    if (this.destroyed) return;
    const { object } = this;
    for (;;) {
      if (this.position > this.end) {
        this.push(null);
        return;
      }
      const chunk = object.chunks[this.chunkIndex];
      if (chunk) {
        const wanted = this.end - this.position + 1;
        const slice = chunk.subarray(this.chunkOffset, Math.min(chunk.length, this.chunkOffset + wanted));
        this.chunkIndex++;
        this.chunkOffset = 0;
        if (slice.length === 0) continue;
        this.position += slice.length;
        if (!this.push(slice)) return;
        continue;
      }
      if (object.failed) {
        this.destroy(new Error(`upload of ${object.key} was interrupted`));
        return;
      }
      if (object.done) {
        this.push(null);
        return;
      }
      object.wait(this.wake);
      return;
    }
  }
}

interface Entry {
  /** Last complete version. */
  complete?: IngestObject;
  /** Version being uploaded. */
  uploading?: IngestObject;
}

export class LiveIngestOrigin implements MediaOrigin {
  readonly prefix: string;
  private readonly retainMs: number;
  private readonly maxObjectBytes: number;
  private readonly maxBytes: number;
  private readonly isPinned: (key: string) => boolean;
  private readonly isProgressive: (key: string) => boolean;
  private readonly allowPeer: (remoteAddress: string | undefined) => boolean;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private heldBytes = 0;

  constructor(options: LiveIngestOriginOptions = {}) {
    const prefix = options.prefix ?? '/ingest/';
    if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
      throw new TypeError(`LiveIngestOrigin: prefix must start and end with "/" (got "${prefix}").`);
    }
    const retainSeconds = options.retainSeconds ?? 30;
    if (!(retainSeconds > 0)) throw new TypeError('LiveIngestOrigin: retainSeconds must be a positive number.');
    this.prefix = prefix;
    this.retainMs = retainSeconds * 1000;
    this.maxObjectBytes = options.maxObjectBytes ?? 64 * 1024 * 1024;
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.isPinned = options.isPinned ?? ((key) => MANIFEST.test(key) || INIT_SEGMENT.test(key));
    this.isProgressive = options.isProgressive ?? ((key) => !MANIFEST.test(key));
    this.allowPeer = options.allowPeer ?? isLoopbackAddress;
    this.now = options.now ?? Date.now;
  }

  /** Bytes currently held in memory (complete objects and uploads in progress). */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Keys that `get` would currently answer, sorted. */
  keys(): string[] {
    this.evict();
    return [...this.entries.keys()].filter((key) => this.visible(key)).sort();
  }

  async get(path: string): Promise<MediaObject | undefined> {
    this.evict();
    const object = this.visible(path);
    if (!object) return undefined;
    const size = object.done ? object.length : undefined;
    const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
    const contentType = CONTENT_TYPES[extension];
    return {
      size,
      lastModified: new Date(object.completedAt ?? object.startedAt),
      ...(size === undefined ? {} : { etag: `"${object.generation.toString(36)}-${size.toString(36)}"` }),
      ...(contentType ? { contentType } : {}),
      stream: (range?: ByteRange) =>
        new IngestObjectReader(object, range ? range.end : Number.POSITIVE_INFINITY, range ? range.start : 0),
    };
  }

  /**
   * A MediaOrigin over the keys under `keyPrefix` (e.g. one channel's `or-1/`), for an edge mount
   * such as `/media/live/or-1/ll/`.
   */
  scoped(keyPrefix: string): MediaOrigin {
    if (keyPrefix && !keyPrefix.endsWith('/')) throw new TypeError(`LiveIngestOrigin.scoped: "${keyPrefix}" must end with "/".`);
    return { get: (path) => this.get(keyPrefix + path) };
  }

  /** Drops every object whose key starts with `keyPrefix` (all of them by default), e.g. a stopped channel's. */
  clear(keyPrefix = ''): void {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(keyPrefix)) this.remove(key);
    }
  }

  /**
   * Node http handler for ffmpeg's HTTP output: `PUT`/`POST` store the body under the path below
   * `prefix`, `DELETE` removes it. Loopback peers only by default (403 otherwise). The promise
   * resolves once the response is sent (an upload's ends with its last byte); it never rejects.
   */
  readonly handleIngest = (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const answered = new Promise<void>((resolve) => {
      if (res.writableFinished) resolve();
      res.once('finish', resolve).once('close', resolve);
    });
    this.route(req, res);
    return answered;
  };

  private route(req: IncomingMessage, res: ServerResponse): void {
    if (!this.allowPeer(req.socket.remoteAddress)) {
      req.resume();
      reply(res, 403, 'ingest accepts loopback peers only');
      return;
    }
    const key = ingestKey(req.url, this.prefix);
    if (!key) {
      req.resume();
      reply(res, (req.url ?? '').startsWith(this.prefix) ? 400 : 404, 'bad ingest path');
      return;
    }
    this.evict();
    switch (req.method) {
      case 'PUT':
      case 'POST':
        this.receive(key, req, res);
        return;
      case 'DELETE': {
        req.resume();
        const existed = this.entries.has(key);
        this.remove(key);
        reply(res, existed ? 204 : 404);
        return;
      }
      default:
        req.resume();
        res.setHeader('Allow', 'PUT, POST, DELETE');
        reply(res, 405, 'method not allowed');
    }
  }

  /**
   * Node http handler for the MPD's UTCTiming URL: the server's clock as ISO 8601 with
   * milliseconds (valid for both `urn:mpeg:dash:utc:http-iso:2014` and `http-xsdate:2014`),
   * readable cross-origin and never cached.
   */
  readonly handleTime = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS');
      reply(res, 405, 'method not allowed');
      return;
    }
    const body = new Date(this.now()).toISOString();
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  private receive(key: string, req: IncomingMessage, res: ServerResponse): void {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxObjectBytes) {
      req.resume();
      reply(res, 413, 'object too large');
      return;
    }
    const object = new IngestObject(key, ++this.generation, this.now());
    const entry = this.entries.get(key) ?? {};
    if (entry.uploading) this.discardUpload(entry.uploading);
    entry.uploading = object;
    this.entries.set(key, entry);

    req.on('data', (chunk: Buffer) => {
      if (object.failed) return;
      if (object.length + chunk.length > this.maxObjectBytes) {
        this.abortUpload(key, object);
        // Answer first, then drop the connection so the rest of the body is never read.
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.destroy());
        reply(res, 413, 'object too large');
        return;
      }
      object.append(chunk);
      this.heldBytes += chunk.length;
      if (this.heldBytes > this.maxBytes) this.evict();
    });
    req.on('end', () => {
      if (object.failed) {
        // Replaced by a newer upload of the same key, or deleted meanwhile.
        reply(res, 409, 'upload superseded');
        return;
      }
      object.finish(this.now());
      const current = this.entries.get(key);
      if (current?.uploading === object) {
        if (current.complete) this.heldBytes -= current.complete.length;
        current.complete = object;
        current.uploading = undefined;
      }
      reply(res, 201);
    });
    req.on('close', () => {
      if (!object.done && !object.failed) this.abortUpload(key, object);
    });
    req.on('error', () => {
      if (!object.done && !object.failed) this.abortUpload(key, object);
    });
  }

  /** What `get` serves for a key: the upload in progress for segments, else the last complete version. */
  private visible(key: string): IngestObject | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.uploading && this.isProgressive(key)) return entry.uploading;
    return entry.complete;
  }

  private abortUpload(key: string, object: IngestObject): void {
    const entry = this.entries.get(key);
    if (entry?.uploading === object) {
      entry.uploading = undefined;
      if (!entry.complete) this.entries.delete(key);
    }
    this.discardUpload(object);
  }

  private discardUpload(object: IngestObject): void {
    if (!object.failed) {
      this.heldBytes -= object.length;
      object.fail();
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.complete) this.heldBytes -= entry.complete.length;
    // A reader of the upload keeps its own reference; the upload itself is refused from here on.
    if (entry.uploading) this.discardUpload(entry.uploading);
  }

  /** Drops segments past the retention window, then the oldest segments while over `maxBytes`. */
  private evict(): void {
    const cutoff = this.now() - this.retainMs;
    const candidates: [string, IngestObject][] = [];
    for (const [key, entry] of this.entries) {
      const complete = entry.complete;
      if (!complete || entry.uploading || this.isPinned(key)) continue;
      if ((complete.completedAt ?? 0) < cutoff) this.remove(key);
      else candidates.push([key, complete]);
    }
    if (this.heldBytes <= this.maxBytes) return;
    candidates.sort((a, b) => (a[1].completedAt ?? 0) - (b[1].completedAt ?? 0));
    for (const [key] of candidates) {
      if (this.heldBytes <= this.maxBytes) break;
      this.remove(key);
    }
  }
}

function reply(res: ServerResponse, status: number, message?: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (message === undefined) {
    res.writeHead(status).end();
    return;
  }
  const body = JSON.stringify({ error: { code: codeFor(status), message } });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function codeFor(status: number): string {
  switch (status) {
    case 400:
      return 'bad-request';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
      return 'method-not-allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'too-large';
    default:
      return 'error';
  }
}
