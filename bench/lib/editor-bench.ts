/**
 * Runs the editor benchmark page (editor-bench-page.ts) in headless Chromium over the local
 * stack's media: bundles the page with esbuild, serves it on a loopback port of its own, starts
 * the stack allowing that origin, and drives the page with puppeteer-core. Everything started is
 * stopped again, also when a step fails.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { startDevStack } from '@surgery-video/server-kit';
import type { EditorBenchResult } from './editor-bench-page.js';

export type { EditorBenchResult };

const HOST = '127.0.0.1';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

export interface EditorBenchOptions {
  dataDir: string;
  annotations: number;
  segments: number;
  steps: number;
  opens: number;
  log: (line: string) => void;
}

export async function runEditorBench(options: EditorBenchOptions): Promise<EditorBenchResult> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const outDir = await mkdtemp(join(tmpdir(), 'surgery-bench-editor-'));
    cleanups.push(() => rm(outDir, { recursive: true, force: true }));
    await build({
      entryPoints: { editor: fileURLToPath(new URL('./editor-bench-page.ts', import.meta.url)) },
      bundle: true,
      format: 'esm',
      minify: true,
      splitting: true,
      target: 'es2022',
      outdir: outDir,
      chunkNames: 'chunks/[name]-[hash]',
      // The SDK's elements declare their Lit properties with `declare` fields (useDefineForClassFields: false).
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, experimentalDecorators: true } },
      logLevel: 'error',
    });
    await writeFile(join(outDir, 'editor.html'), '<!doctype html><html><head><meta charset="utf-8"><title>editor bench</title></head><body><script type="module" src="./editor.js"></script></body></html>');
    const server = await serve(outDir);
    cleanups.push(() => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())));
    const pageOrigin = `http://${HOST}:${(server.address() as AddressInfo).port}`;

    const liveDataDir = await mkdtemp(join(tmpdir(), 'surgery-bench-editor-live-'));
    cleanups.push(() => rm(liveDataDir, { recursive: true, force: true }));
    const stack = await startDevStack({ dataDir: options.dataDir, allowedOrigins: [pageOrigin], live: false, liveDataDir, log: (line) => options.log(`[stack] ${line}`) });
    cleanups.push(() => stack.stop());

    const browser = await puppeteer.launch({ executablePath: process.env['CHROME_PATH'] || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('pageerror', (error) => options.log(`page error: ${error instanceof Error ? error.message : String(error)}`));
    await page.goto(`${pageOrigin}/editor.html?${new URLSearchParams({ api: stack.url })}`, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.__editorBench === 'function', { timeout: 30_000 });
    const { annotations, segments, steps, opens } = options;
    return await page.evaluate((o) => window.__editorBench(o), { annotations, segments, steps, opens });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => options.log(`cleanup failed: ${String(error)}`));
  }
}

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.includes('..')) return void res.writeHead(400).end();
    readFile(join(dir, path)).then(
      (body) => void res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(body),
      () => void res.writeHead(404).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve(server));
  });
}
