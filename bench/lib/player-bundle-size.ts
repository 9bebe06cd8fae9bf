/**
 * Gzipped size of what a page downloads from the player's published dist/, measured the way
 * packages/player/test/package-build.test.ts checks it against size-budget.json: the element is
 * every file reachable by static imports from `surgery-player.js`; an engine is what its dynamic
 * chunk adds on top, plus the engine kit every engine is handed (libraries such as hls.js and
 * shaka-player are external, so not counted).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PlayerSizes {
  element: { bytes: number; files: number };
  engines: Record<string, number>;
  budget: { element: number; engines: Record<string, number> };
}

function staticGraph(entry: string): { files: string[]; dynamic: string[] } {
  const files: string[] = [];
  const dynamic: string[] = [];
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/^import\s[^;]*?from\s*"([^"]+)";|^import\s*"([^"]+)";/gm)) {
      const specifier = (match[1] ?? match[2])!;
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
    }
    for (const match of code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) dynamic.push(join(dirname(file), match[1]!));
  };
  visit(entry);
  return { files, dynamic: dynamic.filter((path) => path.startsWith('/')) };
}

const gzipped = (files: readonly string[]) => files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);

/** `packageDir`: the player package (with dist/ built and size-budget.json). */
export function measurePlayerSizes(packageDir: string): PlayerSizes {
  const budget = JSON.parse(readFileSync(join(packageDir, 'size-budget.json'), 'utf8')) as PlayerSizes['budget'];
  const element = staticGraph(join(packageDir, 'dist', 'surgery-player.js'));
  const engines: Record<string, number> = {};
  const kit = element.dynamic.find((path) => path.includes('/engine-kit-'));
  if (!kit) throw new Error('no engine-kit chunk in the player\'s dist (rebuild the player)');
  for (const engine of Object.keys(budget.engines)) {
    const chunk = element.dynamic.find((path) => path.includes(`/${engine}-`));
    if (!chunk) throw new Error(`no dynamic chunk for ${engine} in the player's dist (rebuild the player)`);
    engines[engine] = gzipped([...staticGraph(chunk).files.filter((file) => !element.files.includes(file)), kit]);
  }
  return { element: { bytes: gzipped(element.files), files: element.files.length }, engines, budget };
}
