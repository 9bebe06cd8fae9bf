// Real-Chromium tests for every package: Debian's Chromium (or CHROME_PATH), never a downloaded
// browser. The local stack (edge, API, generated media, live channel) is started once for the run
// on a free port of 127.0.0.1 and always stopped; tests read its URL from `window.__STACK__`.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { countReporter } from './scripts/wtr-count-reporter.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { defaultReporter } from '@web/test-runner';
import { startDevStack } from './packages/server-kit/dist/index.js';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = fileURLToPath(new URL('.', import.meta.url));
const host = '127.0.0.1';
// WTR_PORT lets several runs share a machine; each run's live segments go to its own temp folder.
const port = Number(process.env.WTR_PORT || 8765);
const liveDataDir = mkdtempSync(join(tmpdir(), 'surgery-video-wtr-live-'));
const pageOrigin = `http://${host}:${port}`;
let stack;

export default {
  rootDir: root,
  hostname: host,
  port,
  files: ['packages/*/test/**/*.browser.test.ts', 'apps/*/test/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'import', 'default'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 10 * 60_000,
  testFramework: { config: { timeout: 60_000 } },
  browserStartTimeout: 60_000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: `${root}/tsconfig.browser-tests.json` }),
    {
      name: 'local-stack',
      async serverStart() {
        stack = await startDevStack({
          dataDir: `${root}/.cache/test-stack`,
          allowedOrigins: [pageOrigin],
          // WTR_LIVE=0 skips the live channel (an ffmpeg encoding in real time) for runs that need no live media.
          live: process.env.WTR_LIVE !== '0',
          liveDataDir,
          log: (line) => process.stderr.write(`[stack] ${line}\n`),
        });
      },
      async serverStop() {
        await stack?.stop();
        rmSync(liveDataDir, { recursive: true, force: true });
      },
    },
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html><head><meta charset="utf-8"></head><body>
      <script>window.__STACK__ = ${JSON.stringify({ url: stack?.url })};</script>
      <script type="module" src="${testFramework}"></script>
    </body></html>`,
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), countReporter(`${root}/.cache/test-results/browser.json`)],
};
