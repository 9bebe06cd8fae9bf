/**
 * What the browser benchmarks share: page bundles built with esbuild (production-like: minified,
 * code-split, so the player's engine chunks load on demand as in an app), a static server for them
 * on loopback in a process of its own (page-server.ts), the local stack allowing that origin
 * (cookies and CORS as in production, where the portal and the media edge are different origins),
 * and headless Chromium driven by puppeteer-core. `close()` stops all of it; it is also called on SIGINT/SIGTERM so an interrupted
 * run leaves no Chromium, ffmpeg or port behind.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { requestDevToken } from '@surgery-video/client';
import { startDevStack, type DevStack } from '@surgery-video/server-kit';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { serveStaticInChild } from './page-server.js';

/** Ports 8775-8779 are this benchmark's: pages on the first, the stack on the second. */
export const PAGE_PORT = 8775;
export const STACK_PORT = 8776;
const HOST = '127.0.0.1';

export interface BrowserBench {
  stack: DevStack;
  /** `http://127.0.0.1:8775`: where the pages are served. */
  pageOrigin: string;
  browser: Browser;
  /** Where the live channel writes (a temp folder of this run; part of its ffmpeg's arguments). */
  liveDataDir: string;
  /** A dev token of `clinician-1`, for the pages to ask the API for grants. */
  token: string;
  /** URL of page `name` (a key of `pages`) with `params` in its query string. */
  pageUrl(name: string, params: Record<string, string>): string;
  /** A page in a new browser context: cold HTTP cache, no cookies, like a first visit. */
  freshPage(): Promise<{ page: Page; dispose: () => Promise<void> }>;
  close(): Promise<void>;
}

export interface BrowserBenchOptions {
  dataDir: string;
  live: boolean;
  /** Page name -> entry module (TypeScript, bundled for the browser). */
  pages: Record<string, string>;
  log: (line: string) => void;
}

export const benchFile = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export async function startBrowserBench(options: BrowserBenchOptions): Promise<BrowserBench> {
  const cleanups: (() => Promise<unknown>)[] = [];
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // Last started, first stopped; one failure does not keep the others running.
      for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => options.log(`cleanup failed: ${String(error)}`));
    })());
  const onSignal = () => void close().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const outDir = await mkdtemp(join(tmpdir(), 'surgery-bench-pages-'));
    cleanups.push(() => rm(outDir, { recursive: true, force: true }));
    await bundlePages(options.pages, outDir);
    const pageOrigin = `http://${HOST}:${PAGE_PORT}`;
    cleanups.push(await serveStaticInChild(outDir, HOST, PAGE_PORT));

    const liveDataDir = await mkdtemp(join(tmpdir(), 'surgery-bench-live-'));
    cleanups.push(() => rm(liveDataDir, { recursive: true, force: true }));
    options.log(`starting the local stack on port ${STACK_PORT}${options.live ? ' with the live channel' : ''}…`);
    const stack = await startDevStack({ dataDir: options.dataDir, port: STACK_PORT, allowedOrigins: [pageOrigin], live: options.live, liveDataDir, log: (line) => options.log(`[stack] ${line}`) });
    cleanups.push(() => stack.stop());

    const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    cleanups.push(() => browser.close());
    const token = await requestDevToken(stack.url, 'clinician-1');

    return {
      stack,
      pageOrigin,
      browser,
      liveDataDir,
      token,
      pageUrl: (name, params) => `${pageOrigin}/${name}.html?${new URLSearchParams(params).toString()}`,
      async freshPage() {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        page.on('pageerror', (error) => options.log(`page error: ${error instanceof Error ? error.message : String(error)}`));
        return { page, dispose: () => context.close() };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * One HTML page and one code-split ES module bundle per entry, minified as an app would ship it,
 * with a `<link rel="modulepreload">` for each chunk the entry imports statically, as Vite, the
 * Angular CLI and Next.js write into their HTML: the page's whole static graph is fetched at once,
 * not one import level after another.
 */
async function bundlePages(pages: Record<string, string>, outDir: string): Promise<void> {
  for (const [name, entry] of Object.entries(pages)) {
    const { metafile } = await build({
      metafile: true,
      entryPoints: { [name]: entry },
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      target: 'es2022',
      outdir: join(outDir, name),
      chunkNames: 'chunks/[name]-[hash]',
      // The player package keeps its classes' fields as declared (useDefineForClassFields: false).
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, experimentalDecorators: true } },
      logLevel: 'error',
    });
    const preloads = staticImports(metafile, join(outDir, name, `${name}.js`)).map((file) => `<link rel="modulepreload" href="./${relative(outDir, file)}">`);
    await writeFile(join(outDir, `${name}.html`), `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title>${preloads.join('')}</head><body><script type="module" src="./${name}/${name}.js"></script></body></html>`);
  }
}

/** Every chunk `entry` reaches through static imports (not dynamic ones), as absolute paths. */
function staticImports(metafile: Metafile, entry: string): string[] {
  const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [resolve(path), output]));
  const found = new Set<string>();
  const visit = (file: string) => {
    for (const imported of outputs.get(file)?.imports ?? []) {
      const path = resolve(imported.path);
      if (imported.kind !== 'import-statement' || found.has(path)) continue;
      found.add(path);
      visit(path);
    }
  };
  visit(resolve(entry));
  return [...found];
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile (q in 0..1); NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}
