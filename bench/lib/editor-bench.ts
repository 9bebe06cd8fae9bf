/**
 * Runs the editor benchmark page (editor-bench-page.ts) in headless Chromium over the local
 * stack's media, with the browser-session harness (bundled page, loopback page server, the stack
 * allowing its origin, puppeteer-core), which stops everything again, also when a step fails.
 */
import { benchFile, startBrowserBench } from './browser-session.js';
import type { EditorBenchResult } from './editor-bench-page.js';

export type { EditorBenchResult };

export interface EditorBenchOptions {
  dataDir: string;
  annotations: number;
  segments: number;
  steps: number;
  opens: number;
  log: (line: string) => void;
}

export async function runEditorBench(options: EditorBenchOptions): Promise<EditorBenchResult> {
  const bench = await startBrowserBench({ dataDir: options.dataDir, live: false, pages: { editor: benchFile('./editor-bench-page.ts') }, log: options.log });
  try {
    const { page } = await bench.freshPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(bench.pageUrl('editor', { api: bench.stack.url }), { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.__editorBench === 'function', { timeout: 30_000 });
    const { annotations, segments, steps, opens } = options;
    return await page.evaluate((o) => window.__editorBench(o), { annotations, segments, steps, opens });
  } finally {
    await bench.close();
  }
}
