/**
 * The static server of the benchmark pages. It runs in a process of its own, as a portal's pages
 * come from a CDN or web server, not from the API's process: served from the bench process, a
 * page's code and the API's grant would take turns on one event loop, and a page that fetches
 * both at once (as the player does) would pay for a contention no deployment has.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json' };

/** Serves the files under `dir` on `host:port` (no caching, no listing). */
export function serveStatic(dir: string, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(dir, path);
    if (!file.startsWith(dir) || path.includes('..')) return void res.writeHead(400).end();
    stat(file).then(
      (info) => {
        if (!info.isFile()) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'no-cache' });
        createReadStream(file).pipe(res);
      },
      () => void res.writeHead(404, { 'content-type': 'text/plain' }).end(`${basename(path)} not found`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`the page server could not listen on ${host}:${port} (${error.message})`)));
    server.listen(port, host, () => resolve(server));
  });
}

/** `serveStatic` in a child process; resolves once it listens, with a function that stops it. */
export function serveStaticInChild(dir: string, host: string, port: number): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./page-server-child.ts', import.meta.url)), dir, host, String(port)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('listening\n')) resolve(stop);
    });
    child.once('error', reject);
    void exited.then(() => reject(new Error(`the page server exited before listening on ${host}:${port}`)));
  });
}
