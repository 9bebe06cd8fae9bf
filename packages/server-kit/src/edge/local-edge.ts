/**
 * The local stand-in for CloudFront: a node:http request handler that does what the distribution
 * does in production, in the same order. CORS preflights are answered first (browsers send them
 * without credentials), then every GET and HEAD must carry a valid signed URL or CloudFront-*
 * cookies, checked before the path is even looked at so that a refusal never reveals whether an
 * asset exists. Only then is the object fetched from the mount's MediaOrigin and served with
 * CloudFront-like cache headers, ranges and conditional requests.
 *
 * The handler is benchmarked against a bare static file server, so per-request work is kept to
 * string slicing, one verification (cached per grant by the verifier) and the origin's own I/O.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { CloudFrontRefusalReason, CloudFrontVerifier } from '../signing/cloudfront-verifier.js';
import { parseByteRange } from './byte-range.js';
import { cacheControlFor, NO_CACHE, type CacheBehaviour } from './cache-control.js';
import { contentTypeFor } from './content-types.js';
import { isSafeRelativePath } from './file-origin.js';
import type { MediaObject, MediaOrigin } from './media-origin.js';

export interface LocalEdgeMount {
  /**
   * Where the origin sits under the edge's `mountPrefix`: `vod/` serves `/media/vod/...` with the
   * default prefix. A prefix starting with `/` is taken as the full path and must lie under `mountPrefix`.
   */
  prefix: string;
  origin: MediaOrigin;
  /** Which CloudFront cache behaviour the mount follows. */
  cache: CacheBehaviour;
}

export interface LocalEdgeOptions {
  mounts: readonly LocalEdgeMount[];
  /** Checks signed URLs and cookies; the URL it sees is `http://<Host header><path>?<query>`. */
  verifier: Pick<CloudFrontVerifier, 'verify'>;
  /** Origins (`https://portal.example`) allowed to read media from browser code; `*` allows any. */
  allowedOrigins: readonly string[];
  /** The path the edge answers under; default `/media/`. */
  mountPrefix?: string;
  /** The clock for expiry checks, in milliseconds; default `Date.now`. */
  now?: () => number;
  /** Called on every error response (403, 404, 405, 400, 416, 502) with its code and the key pair id, never the URL or credentials. */
  onRefused?: (event: { status: number; reason: EdgeErrorCode; keyPairId?: string }) => void;
}

export type EdgeErrorCode =
  | CloudFrontRefusalReason
  | 'not-found'
  | 'method-not-allowed'
  | 'bad-path'
  | 'range-not-satisfiable'
  | 'origin-error';

export interface LocalEdge {
  /** The path prefix the edge answers under, e.g. `/media/`. */
  readonly mountPrefix: string;
  /** Whether a request path (without query) belongs to this edge. */
  handles(path: string): boolean;
  /** Answers one request; never rejects (failures become error responses). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** What a client should do about each refusal: the body of the error response. */
const FIXES: Record<EdgeErrorCode, string> = {
  'missing-signature':
    'This media needs a signed URL or CloudFront-* cookies: request a playback grant from the API.',
  'unknown-key-pair': 'The grant was signed with a key this edge does not trust: request a new playback grant from the API.',
  'bad-signature':
    'The signature does not match: use the URL or cookies exactly as the API returned them, or request a new playback grant.',
  'malformed-policy': 'The signed policy cannot be read: request a new playback grant from the API.',
  expired: 'The playback grant has expired: request a new one from the API.',
  'not-yet-valid': 'The playback grant is not valid yet: check the device clock, or request a new grant from the API.',
  'resource-mismatch': 'The grant does not cover this URL: request a playback grant for this asset from the API.',
  'ip-mismatch': 'The grant is bound to another network address: request a playback grant from this network.',
  'not-found': 'There is no media at this path.',
  'method-not-allowed': 'The media edge only answers GET, HEAD and OPTIONS.',
  'bad-path': 'The path is not a valid media path.',
  'range-not-satisfiable': 'The requested range lies outside the object: check its size with a HEAD request.',
  'origin-error': 'The media origin failed to answer: retry shortly.',
};

const EXPOSED_HEADERS = 'Content-Length, Content-Range, Accept-Ranges, x-edge-reason, Age, Date';
const VIA = '1.1 local-edge (surgery-video)';
const HIT_MISS = 'Miss from local-edge';
const ERROR = 'Error from local-edge';

interface NormalizedMount {
  prefix: string;
  origin: MediaOrigin;
  cache: CacheBehaviour;
}

export function createLocalEdge(options: LocalEdgeOptions): LocalEdge {
  const mountPrefix = normalizeMountPrefix(options?.mountPrefix ?? '/media/');
  if (!options?.verifier || typeof options.verifier.verify !== 'function') {
    throw new TypeError('createLocalEdge: verifier must be a CloudFront verifier (createCloudFrontVerifier).');
  }
  if (!Array.isArray(options.mounts) || options.mounts.length === 0) {
    throw new TypeError("createLocalEdge: mounts must list at least one { prefix, origin, cache: 'vod' | 'live' }.");
  }
  if (!Array.isArray(options.allowedOrigins)) {
    throw new TypeError('createLocalEdge: allowedOrigins must be a list of origins such as https://portal.example (or [] for none).');
  }
  const mounts = options.mounts.map((mount) => normalizeMount(mount, mountPrefix));
  const seen = new Set<string>();
  for (const mount of mounts) {
    if (seen.has(mount.prefix)) throw new TypeError(`createLocalEdge: two mounts share the prefix "${mount.prefix}".`);
    seen.add(mount.prefix);
  }
  // Longest prefix first, so `live/ll/` wins over `live/`.
  mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  const { verifier, onRefused } = options;
  const now = options.now ?? Date.now;
  const anyOrigin = options.allowedOrigins.includes('*');
  const allowed = new Set(options.allowedOrigins);

  const corsHeaders = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    if (origin && (anyOrigin || allowed.has(origin))) {
      // Echo the origin even for `*`: a literal `*` is refused by browsers when credentials are sent.
      return {
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': EXPOSED_HEADERS,
        vary: 'Origin',
      };
    }
    return { vary: 'Origin' };
  };

  const fail = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    code: EdgeErrorCode,
    headers: Record<string, string>,
    keyPairId?: string,
  ): void => {
    if (onRefused) {
      try {
        onRefused(keyPairId === undefined ? { status, reason: code } : { status, reason: code, keyPairId });
      } catch {
        // A failing log hook must not turn a refusal into a broken response.
      }
    }
    const body = JSON.stringify({ error: { code, message: FIXES[code] } });
    res.writeHead(status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
      'x-edge-reason': code,
      'x-cache': ERROR,
      via: VIA,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const serve = async (
    req: IncomingMessage,
    res: ServerResponse,
    mount: NormalizedMount,
    path: string,
    object: MediaObject,
    headers: Record<string, string>,
  ): Promise<void> => {
    const growing = object.size === undefined;
    headers['content-type'] = object.contentType ?? contentTypeFor(path);
    headers['cache-control'] = cacheControlFor(mount.cache, path, growing);
    headers['x-cache'] = HIT_MISS;
    headers['via'] = VIA;
    if (object.etag) headers['etag'] = object.etag;
    if (object.lastModified) headers['last-modified'] = object.lastModified.toUTCString();

    if (isNotModified(req, object)) {
      delete headers['content-type'];
      res.writeHead(304, headers);
      res.end();
      return;
    }

    if (object.size === undefined) {
      // Still being written: no length to promise, so Node sends it chunked.
      headers['accept-ranges'] = 'none';
      headers['cache-control'] = NO_CACHE;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      await send(object.stream(), res);
      return;
    }

    const size = object.size;
    headers['accept-ranges'] = 'bytes';
    const range = rangeApplies(req, object) ? parseByteRange(req.headers.range, size) : undefined;
    if (range === 'unsatisfiable') {
      headers['content-range'] = `bytes */${size}`;
      fail(req, res, 416, 'range-not-satisfiable', headers);
      return;
    }
    if (range) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
      headers['content-length'] = String(range.end - range.start + 1);
      res.writeHead(206, headers);
    } else {
      headers['content-length'] = String(size);
      res.writeHead(200, headers);
    }
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    await send(object.stream(range), res);
  };

  return {
    mountPrefix,
    handles: (path) => path.startsWith(mountPrefix),
    async handle(req, res) {
      const headers = corsHeaders(req);
      try {
        const method = req.method;
        if (method === 'OPTIONS') {
          // Preflights carry no credentials, so they are answered before any signature check.
          if (headers['access-control-allow-origin']) {
            headers['access-control-allow-methods'] = 'GET, HEAD, OPTIONS';
            headers['access-control-allow-headers'] = 'Range, Content-Type';
            headers['access-control-max-age'] = '86400';
          }
          headers['allow'] = 'GET, HEAD, OPTIONS';
          headers['content-length'] = '0';
          res.writeHead(204, headers);
          res.end();
          return;
        }
        if (method !== 'GET' && method !== 'HEAD') {
          headers['allow'] = 'GET, HEAD, OPTIONS';
          fail(req, res, 405, 'method-not-allowed', headers);
          return;
        }

        const target = req.url ?? '/';
        const q = target.indexOf('?');
        const rawPath = q === -1 ? target : target.slice(0, q);
        const result = verifier.verify({
          url: `http://${req.headers.host ?? ''}${target}`,
          cookies: req.headers.cookie,
          clientIp: req.socket.remoteAddress,
          now: now(),
        });
        if (!result.ok) {
          fail(req, res, 403, result.reason, headers, result.keyPairId);
          return;
        }

        if (!rawPath.startsWith(mountPrefix)) {
          fail(req, res, 404, 'not-found', headers);
          return;
        }
        let path: string;
        try {
          path = decodeURIComponent(rawPath.slice(mountPrefix.length));
        } catch {
          fail(req, res, 400, 'bad-path', headers);
          return;
        }
        if (path !== '' && !isSafeRelativePath(path)) {
          fail(req, res, 400, 'bad-path', headers);
          return;
        }
        const mount = findMount(mounts, path);
        const objectPath = mount ? path.slice(mount.prefix.length) : '';
        if (!mount || objectPath === '') {
          fail(req, res, 404, 'not-found', headers);
          return;
        }
        let object: MediaObject | undefined;
        try {
          object = await mount.origin.get(objectPath);
        } catch {
          fail(req, res, 502, 'origin-error', headers);
          return;
        }
        if (!object) {
          fail(req, res, 404, 'not-found', headers);
          return;
        }
        await serve(req, res, mount, objectPath, object, headers);
      } catch {
        if (!res.headersSent) fail(req, res, 502, 'origin-error', headers);
        else res.destroy();
      }
    },
  };
}

/**
 * Streams a body; resolves once the response is done or the client has gone. A failing origin cuts
 * the response short (no clean end), which tells the client the body is incomplete. Plain `pipe`
 * rather than `stream.pipeline`: this is the hot path, and pipeline's abort machinery costs more than
 * the two listeners needed here.
 */
function send(body: Readable, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    body.once('error', () => {
      res.destroy();
      resolve();
    });
    res.once('close', () => {
      if (!body.destroyed) body.destroy();
      resolve();
    });
    body.pipe(res);
  });
}

function findMount(mounts: readonly NormalizedMount[], path: string): NormalizedMount | undefined {
  for (const mount of mounts) if (path.startsWith(mount.prefix)) return mount;
  return undefined;
}

function isNotModified(req: IncomingMessage, object: MediaObject): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (!object.etag) return false;
    if (ifNoneMatch.trim() === '*') return true;
    const etag = weak(object.etag);
    return ifNoneMatch.split(',').some((tag) => weak(tag.trim()) === etag);
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince !== undefined && object.lastModified) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(object.lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

/** `If-Range` with a stale validator means "send the whole thing". */
function rangeApplies(req: IncomingMessage, object: MediaObject): boolean {
  const header = req.headers['if-range'];
  const ifRange = Array.isArray(header) ? header[0] : header;
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return object.etag !== undefined && ifRange === object.etag;
  return object.lastModified !== undefined && ifRange === object.lastModified.toUTCString();
}

function weak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

function normalizeMountPrefix(prefix: string): string {
  if (typeof prefix !== 'string' || !prefix.startsWith('/')) {
    throw new TypeError('createLocalEdge: mountPrefix must be a path starting with "/", such as /media/.');
  }
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

function normalizeMount(mount: LocalEdgeMount, mountPrefix: string): NormalizedMount {
  if (!mount || typeof mount.prefix !== 'string') {
    throw new TypeError("createLocalEdge: each mount needs a prefix such as 'vod/'.");
  }
  if (!mount.origin || typeof mount.origin.get !== 'function') {
    throw new TypeError(`createLocalEdge: mount "${mount.prefix}" needs an origin (a MediaOrigin such as createFileOrigin(dir)).`);
  }
  if (mount.cache !== 'vod' && mount.cache !== 'live') {
    throw new TypeError(`createLocalEdge: mount "${mount.prefix}" needs cache: 'vod' or 'live'.`);
  }
  let prefix = mount.prefix;
  if (prefix.startsWith('/')) {
    if (!prefix.startsWith(mountPrefix) && `${prefix}/` !== mountPrefix) {
      throw new TypeError(`createLocalEdge: mount "${prefix}" is not under the edge's mountPrefix ${mountPrefix}.`);
    }
    prefix = prefix.slice(Math.min(prefix.length, mountPrefix.length));
  }
  prefix = prefix.replace(/^\/+/, '');
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  if (prefix !== '' && !isSafeRelativePath(prefix.slice(0, -1))) {
    throw new TypeError(`createLocalEdge: mount prefix "${mount.prefix}" must be plain path segments such as 'vod/'.`);
  }
  return { prefix, origin: mount.origin, cache: mount.cache };
}
