/**
 * Time-shifted playlists on the local edge: what MediaPackage does for `?start=&end=` behind
 * CloudFront, for the embedded live channel. A request for a live playlist with a time-shift query
 * is first put to the edge itself without that query, so the signature, CORS and cache rules are
 * the edge's own and a refusal is the edge's refusal; only an allowed request gets the playlist cut
 * from the DVR window (embedded-live-operations.ts `timeShiftText`), with the edge's headers.
 *
 * Everything else under `/media/` goes straight to the edge; segments never pass through here.
 */
import { request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { LiveOperationsError, timeShiftOf } from './live-operations.js';
import type { EmbeddedLiveOperations } from './embedded-live-operations.js';

export interface LiveTimeShiftHandlerOptions {
  live: Pick<EmbeddedLiveOperations, 'timeShiftText'>;
  /** The origin the edge answers at, e.g. `http://127.0.0.1:8080` (asked over loopback). */
  edgeOrigin: () => string;
  /** The edge folder of live channels; default `/media/live/`. */
  livePrefix?: string;
}

export interface LiveTimeShiftHandler {
  /** Whether `url` (path and query) is a time-shifted live playlist this handler answers. */
  handles(url: string, method?: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Headers of the full live playlist that do not describe the cut one. */
const DROPPED = new Set(['content-length', 'etag', 'last-modified', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'accept-ranges']);
/** Request headers the edge decides on: the host the grant was signed for, credentials and CORS. */
const FORWARDED = ['host', 'cookie', 'origin', 'user-agent'];
/** MediaPackage answers 404 for a window outside the startover window. */
const STATUS: Record<LiveOperationsError['code'], number> = { 'bad-input': 400, 'not-found': 404, 'outside-window': 404, conflict: 409, unsupported: 400, upstream: 502 };

export function createLiveTimeShiftHandler(options: LiveTimeShiftHandlerOptions): LiveTimeShiftHandler {
  const livePrefix = options.livePrefix ?? '/media/live/';

  function parts(url: string): { path: string; query: URLSearchParams } {
    const parsed = new URL(url, 'http://edge.invalid');
    return { path: parsed.pathname, query: parsed.searchParams };
  }

  return {
    handles(url, method = 'GET') {
      if (method !== 'GET' && method !== 'HEAD') return false;
      const { path, query } = parts(url);
      return path.startsWith(livePrefix) && path.endsWith('.m3u8') && (query.has('start') || query.has('end'));
    },

    async handle(req, res) {
      const { path, query } = parts(req.url ?? '/');
      const refuse = (status: number, code: string, message: string, field?: string) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ error: { code, message, ...(field ? { field } : {}) } }));
      };
      let window;
      try {
        window = timeShiftOf(query);
      } catch (error) {
        const failure = error as LiveOperationsError;
        refuse(400, failure.code, failure.message, failure.field);
        return;
      }
      query.delete('start');
      query.delete('end');
      const search = query.size ? `?${query}` : '';
      const headers: Record<string, string> = {};
      for (const name of FORWARDED) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      let upstream: { status: number; headers: IncomingHttpHeaders; body: Buffer };
      try {
        upstream = await get(`${options.edgeOrigin()}${path}${search}`, headers);
      } catch {
        refuse(502, 'origin-error', 'The media edge did not answer: retry shortly.');
        return;
      }
      const answer: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(upstream.headers)) if (value !== undefined && !DROPPED.has(name)) answer[name] = value;
      if (upstream.status !== 200 || !window) {
        // The edge's own refusal (signature, not found...), passed on as it is.
        res.writeHead(upstream.status, { ...answer, 'content-length': String(upstream.body.length) }).end(req.method === 'HEAD' ? undefined : upstream.body);
        return;
      }
      const [channelId = '', ...rest] = decodeURIComponent(path.slice(livePrefix.length)).split('/');
      let text: string;
      try {
        text = await options.live.timeShiftText(channelId, rest.join('/'), window);
      } catch (error) {
        const failure = error instanceof LiveOperationsError ? error : new LiveOperationsError('upstream', 'The time-shifted playlist could not be made.', { cause: error });
        refuse(STATUS[failure.code], failure.code, failure.message, failure.field);
        return;
      }
      const body = Buffer.from(text, 'utf8');
      res.writeHead(200, { ...answer, 'content-type': 'application/vnd.apple.mpegurl', 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}

/**
 * One GET to the edge over loopback. node:http rather than fetch, because fetch replaces the Host
 * header, and the edge checks the grant against the host the player asked for.
 */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const upstream = request(url, { method: 'GET', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end();
  });
}
