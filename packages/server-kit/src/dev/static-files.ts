/**
 * Serves the demo portal's built files. Single-page fallback: unknown paths without an extension
 * get index.html, so portal routes survive a reload.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentTypeFor } from '../edge/content-types.js';

const TEXT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

export function createStaticFiles(root: string) {
  const base = normalize(root + sep);
  return async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, pathname));
    if (!file.startsWith(base)) return void res.writeHead(400).end();
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info && extname(pathname) === '') {
      file = join(base, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    const extension = extname(file);
    res.writeHead(200, {
      'content-type': TEXT_TYPES[extension] ?? contentTypeFor(file),
      'content-length': info.size,
      // Vite fingerprints assets; index.html must always be fresh.
      'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };
}
