/**
 * A real loopback HTTP server for the live tests: ffmpeg (or a test) uploads under `/ingest/`,
 * players read back under `/live/` through the LiveIngestOrigin, and `/time` is the UTCTiming URL.
 * The `/live/` route is the few lines of the local edge that matter here: size known ->
 * Content-Length, size unknown -> chunked, following the upload.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveIngestOrigin } from '../../src/live/ingest-origin.js';

export interface LiveTestServer {
  server: Server;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startLiveTestServer(origin: LiveIngestOrigin): Promise<LiveTestServer> {
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith(origin.prefix)) {
      origin.handleIngest(req, res);
      return;
    }
    if (url === '/time') {
      origin.handleTime(req, res);
      return;
    }
    if (url.startsWith('/live/') && req.method === 'GET') {
      const key = decodeURIComponent(url.slice('/live/'.length).split('?', 1)[0] ?? '');
      void origin.get(key).then((object) => {
        if (!object) {
          res.writeHead(404).end();
          return;
        }
        const headers: Record<string, string | number> = { 'Cache-Control': 'no-store' };
        if (object.contentType) headers['Content-Type'] = object.contentType;
        if (object.size !== undefined) headers['Content-Length'] = object.size;
        res.writeHead(200, headers);
        res.flushHeaders();
        const body = object.stream();
        body.on('error', () => res.destroy());
        body.pipe(res);
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TimedChunk {
  at: number;
  bytes: Buffer;
}

export interface TimedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  requestedAt: number;
  chunks: TimedChunk[];
  endedAt: number;
  body: Buffer;
}

/** GETs a URL and records when each chunk of the body arrived (performance.now() ms). */
export function getTimed(url: string): Promise<TimedResponse> {
  return new Promise((resolve, reject) => {
    const requestedAt = performance.now();
    const req = request(url, { method: 'GET', agent: false }, (res) => {
      const chunks: TimedChunk[] = [];
      res.on('data', (bytes: Buffer) => chunks.push({ at: performance.now(), bytes }));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          requestedAt,
          chunks,
          endedAt: performance.now(),
          body: Buffer.concat(chunks.map((c) => c.bytes)),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Top-level ISO BMFF boxes of a buffer as [type, size]; throws if they do not tile it exactly. */
export function topLevelBoxes(buffer: Buffer): [type: string, size: number][] {
  const boxes: [string, number][] = [];
  let offset = 0;
  while (offset < buffer.length) {
    if (offset + 8 > buffer.length) throw new Error(`truncated box header at ${offset}`);
    const size = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    if (size < 8 || offset + size > buffer.length) throw new Error(`box ${type} at ${offset} overruns the body`);
    boxes.push([type, size]);
    offset += size;
  }
  return boxes;
}
