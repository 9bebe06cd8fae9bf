/**
 * Runs a web-standard `(Request) => Promise<Response>` handler inside Node's http server.
 * The same handler object mounts in Express, Fastify or a Lambda function URL with their own
 * adapters; only this file knows about IncomingMessage.
 *
 * Frameworks hand us their request object, which is still an IncomingMessage, with two changes
 * taken into account here: a router mounted under a path (Express `app.use('/api', …)`) strips
 * that path from `req.url` and keeps the whole one in `req.originalUrl`; and a body parser that
 * ran first (`express.json()`) has read the stream and left what it parsed on `req.body`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export type WebHandler = (request: Request) => Promise<Response>;

/** What Express (and connect-style routers) add to the IncomingMessage. */
interface FrameworkRequest extends IncomingMessage {
  originalUrl?: string;
  body?: unknown;
}

// Describe the bytes on the wire, which a parsed body no longer is.
const WIRE_BODY_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding']);

export function toWebRequest(req: IncomingMessage, origin: string): Request {
  const framework = req as FrameworkRequest;
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // Only a parser that consumed the stream counts: one that skipped the request (another content type) left it unread.
  const parsed = hasBody && req.readableEnded && framework.body !== undefined ? bodyOf(framework.body, req.headers['content-type']) : undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || (parsed !== undefined && WIRE_BODY_HEADERS.has(name))) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const body = parsed ?? (hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined);
  return new Request(new URL(framework.originalUrl ?? req.url ?? '/', origin), {
    method,
    headers,
    ...(body === undefined ? {} : { body, duplex: 'half' }),
  } as RequestInit);
}

/** A parsed body as bytes again: raw and text parsers keep them, a JSON parser's value is written back as JSON. */
function bodyOf(parsed: unknown, contentType: string | undefined): Uint8Array | string | undefined {
  if (typeof parsed === 'string' || parsed instanceof Uint8Array) return parsed;
  // A form parser's object is not JSON the client sent; the handler then sees the empty, consumed stream.
  return /[/+]json\b/i.test(contentType ?? '') ? JSON.stringify(parsed) : undefined;
}

export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // A client that goes away cancels the body, so a stream that never ends (server-sent events)
  // lets go of what it holds instead of writing into a closed socket for ever.
  const reader = response.body.getReader();
  const onClose = () => void reader.cancel().catch(() => {});
  res.once('close', onClose);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } finally {
    res.off('close', onClose);
  }
  res.end();
}

/** Node http listener for a web handler; `origin` is used to build absolute request URLs. */
export function toNodeListener(handler: WebHandler, origin: (req: IncomingMessage) => string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await writeWebResponse(await handler(toWebRequest(req, origin(req))), res);
    } catch (error) {
      // Unexpected failures carry only a correlation id outward; details stay in the server log.
      const id = Math.random().toString(36).slice(2, 10);
      console.error(`[api] internal error ${id}:`, error instanceof Error ? error.message : 'unknown');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { code: 'internal', message: `Internal error (id ${id}).` } }));
    }
  };
}
