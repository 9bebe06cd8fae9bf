/** Time to generate the sample cases from nothing, as a multiple of real time. Goal: under 3 minutes. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRecordedCases } from '@surgery-video/server-kit';
import type { BenchSuiteResult } from '../lib/bench-result.js';

export async function run(): Promise<BenchSuiteResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-media-'));
  try {
    const started = performance.now();
    const cases = await ensureRecordedCases({ dataDir });
    const seconds = (performance.now() - started) / 1000;
    const contentSeconds = cases.reduce((sum, c) => sum + c.durationSeconds, 0);
    const cachedStart = performance.now();
    await ensureRecordedCases({ dataDir });
    const cachedSeconds = (performance.now() - cachedStart) / 1000;
    return {
      suite: 'Sample media generation',
      figures: [
        { name: `first generation of ${cases.length} cases (${contentSeconds} s of video, 3 renditions)`, value: seconds, unit: 's', goal: '< 180 s', met: seconds < 180 },
        { name: 'speed', value: contentSeconds / seconds, unit: '× real time', ratio: contentSeconds / seconds },
        { name: 'second run (cached)', value: cachedSeconds, unit: 's', baseline: { name: 'first run', value: seconds }, ratio: cachedSeconds / seconds },
      ],
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
