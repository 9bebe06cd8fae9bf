/**
 * `npm run bench [suite…]`: runs the benchmarks and writes bench/results/latest.json and
 * bench/RESULTS.md. Suites: the keys of SUITES below (default: all).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { toMarkdown, type BenchRun, type BenchSuiteResult } from './lib/bench-result.js';

type Suite = (context: { dataDir: string }) => Promise<BenchSuiteResult>;
const SUITES: Record<string, () => Promise<{ run: Suite }>> = {
  'media-generation': () => import('./suites/media-generation.js'),
  'stack-start': () => import('./suites/stack-start.js'),
  'edge-throughput': () => import('./suites/edge-throughput.js'),
  'server-grants': () => import('./suites/server-grants.js'),
  'server-api-latency': () => import('./suites/server-api-latency.js'),
  'server-review-preview': () => import('./suites/server-review-preview.js'),
  'server-render-speed': () => import('./suites/server-render-speed.js'),
  'editor-timeline': () => import('./suites/editor-timeline.js'),
  'player-first-frame': () => import('./suites/player-first-frame.js'),
  'player-size': () => import('./suites/player-size.js'),
  'player-live-latency': () => import('./suites/player-live-latency.js'),
};

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !(name in SUITES));
  if (unknown.length) throw new Error(`Unknown suite(s): ${unknown.join(', ')}. Known: ${Object.keys(SUITES).join(', ')}.`);
  const selected = names.length ? names : Object.keys(SUITES);
  const run: BenchRun = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` },
    suites: [],
  };
  const dataDir = here('../.cache/bench-data');
  for (const name of selected) {
    process.stderr.write(`bench: ${name}…\n`);
    const suite = await SUITES[name]!();
    run.suites.push(await suite.run({ dataDir }));
  }
  // Suites not run this time keep their last figures, so RESULTS.md always covers every suite.
  const previous = await readFile(here('results/latest.json'), 'utf8').then((text) => JSON.parse(text) as BenchRun, () => undefined);
  for (const old of previous?.suites ?? []) {
    if (run.suites.some((suite) => suite.suite === old.suite)) continue;
    // A suite carried over twice keeps the date of the run that measured it, not one note per carry.
    const carried = (old.notes ?? []).some((note) => note.startsWith('from the run of '));
    run.suites.push(carried ? old : { ...old, notes: [...(old.notes ?? []), `from the run of ${previous!.startedAt}`] });
  }
  await mkdir(here('results'), { recursive: true });
  await writeFile(here('results/latest.json'), JSON.stringify(run, null, 2) + '\n');
  await writeFile(here('RESULTS.md'), toMarkdown(run));
  process.stdout.write(toMarkdown(run));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
