/**
 * Gzipped bytes of `<surgery-player>` without engines and of each engine chunk, from the built
 * dist/, against packages/player/size-budget.json (the budget `npm test` checks). The size of the
 * hls.js and shaka-player libraries, which the app's bundler adds to the chunk that imports them,
 * is shown beside for scale.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { BenchFigure, BenchSuiteResult } from '../lib/bench-result.js';
import { measurePlayerSizes } from '../lib/player-bundle-size.js';

const playerDir = new URL('../../packages/player/', import.meta.url).pathname;
const log = (line: string) => process.stderr.write(`player-size: ${line}\n`);

export async function run(): Promise<BenchSuiteResult> {
  log(`measuring ${playerDir}dist`);
  const sizes = measurePlayerSizes(playerDir);
  const kB = (bytes: number) => bytes / 1000;
  const figure = (name: string, bytes: number, limit: number): BenchFigure => ({
    name,
    value: kB(bytes),
    unit: 'kB gzipped',
    ratio: bytes / limit,
    goal: `≤ ${kB(limit)} kB (size-budget.json)`,
    met: bytes <= limit,
  });
  const figures = [
    figure(`element without engines (${sizes.element.files} files)`, sizes.element.bytes, sizes.budget.element),
    ...Object.entries(sizes.engines).map(([engine, bytes]) => figure(`${engine} chunk + the engine kit (without its library)`, bytes, sizes.budget.engines[engine]!)),
  ];
  // For scale: the libraries themselves, as published (minified), gzipped.
  const require = createRequire(`${playerDir}package.json`);
  const library = (specifier: string) => gzipSync(readFileSync(require.resolve(specifier)), { level: 9 }).length;
  return {
    suite: 'Player size',
    figures,
    notes: [
      'Ratio = size / budget. An engine is its chunk plus the engine kit, the code all engines share, which the element loads next to any engine. Unminified as published (lit, @lit/*, the API client, hls.js and shaka-player are external); measured like packages/player/test/package-build.test.ts.',
      `For scale, the libraries an app bundles into the engine chunks: hls.js ${kB(library('hls.js/dist/hls.min.js')).toFixed(1)} kB, shaka-player DASH build ${kB(library('shaka-player/dist/shaka-player.dash-es2021.js')).toFixed(1)} kB (gzipped).`,
    ],
  };
}
