/** Time for the local stack to be ready on warm media (what every `npm start` after the first costs). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevStack } from '@surgery-video/server-kit';
import type { BenchSuiteResult } from '../lib/bench-result.js';

export async function run(context: { dataDir: string }): Promise<BenchSuiteResult> {
  // Warm the media cache first, so only start-up is measured.
  await (await startDevStack({ dataDir: context.dataDir, live: false })).stop();
  const timings: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const stack = await startDevStack({ dataDir: context.dataDir, live: false });
    timings.push(performance.now() - started);
    await stack.stop();
  }
  const withLive = performance.now();
  const liveStack = await startDevStack({ dataDir: context.dataDir, live: true });
  const liveMs = performance.now() - withLive;
  await liveStack.stop();
  const median = [...timings].sort((a, b) => a - b)[1]!;
  return {
    suite: 'Local stack start',
    figures: [
      { name: 'ready without live channel (median of 3)', value: median, unit: 'ms' },
      { name: 'ready with live channel (first segment written)', value: liveMs, unit: 'ms', baseline: { name: 'without live', value: median }, ratio: liveMs / median },
    ],
  };
}
