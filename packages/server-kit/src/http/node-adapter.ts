/**
 * Runs a web-standard `(Request) => Promise<Response>` handler inside Node's http server.
 * The same handler object mounts in Express, Fastify or a Lambda function URL with their own
 * adapters; only this file knows about IncomingMessage.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export type WebHandler = (request: Request) => Promise<Response>;

export function toWebRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
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
