/**
 * The published build (run after `vite build`): the exports map points at real files, only the
 * define file has side effects, the element's static module graph holds no engine library (each
 * engine is a dynamic import), and every file keeps to size-budget.json.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { it } from 'node:test';
import { PLAYER_VERSION } from '../src/version.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  sideEffects: string[];
  exports: Record<string, { types: string; import: string } | string>;
};
const budget = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8')) as { element: number; engines: Record<string, number> };
const dist = join(root, 'dist');

function read(file: string): string {
  assert.ok(existsSync(file), `${file} exists (run vite build first)`);
  return readFileSync(file, 'utf8');
}

/** Files reachable from `entry` through static imports, and the bare specifiers they import. */
function staticGraph(entry: string): { files: string[]; external: Set<string>; dynamic: string[] } {
  const files: string[] = [];
  const external = new Set<string>();
  const dynamic: string[] = [];
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    const code = read(file);
    for (const match of code.matchAll(/^import\s[^;]*?from\s*"([^"]+)";|^import\s*"([^"]+)";/gm)) {
      const specifier = (match[1] ?? match[2])!;
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
      else external.add(specifier);
    }
    for (const match of code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) dynamic.push(match[1]!);
  };
  visit(entry);
  return { files, external, dynamic };
}

const gzipped = (files: string[]) => files.reduce((sum, file) => sum + gzipSync(read(file), { level: 9 }).length, 0);

it('exports map: every entry has its JavaScript and type declarations', () => {
  assert.deepEqual(Object.keys(manifest.exports).sort(), ['.', './custom-elements.json', './package.json', './surgery-player.js']);
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') {
      assert.ok(existsSync(join(root, target)), `${subpath} -> ${target}`);
      continue;
    }
    assert.ok(existsSync(join(root, target.import)), `${subpath} -> ${target.import}`);
    assert.ok(existsSync(join(root, target.types)), `${subpath} -> ${target.types}`);
  }
});

it('only the define file has side effects, and only it defines the tag', () => {
  assert.deepEqual(manifest.sideEffects, ['./dist/surgery-player.js']);
  assert.match(read(join(dist, 'surgery-player.js')), /defineElement\("surgery-player"/);
  for (const file of staticGraph(join(dist, 'index.js')).files) {
    // The index exports the define helper itself; what it must not do is register a tag.
    assert.ok(!/(customElements\.define|defineElement)\(\s*["'`]/.test(read(file)), `${file} (imported by the index) defines nothing`);
  }
});

it('the element loads no engine library up front; each engine is its own dynamic chunk', () => {
  const graph = staticGraph(join(dist, 'surgery-player.js'));
  assert.deepEqual([...graph.external].sort(), ['@lit/context', '@lit/task', 'lit']);
  // The grant is the first request of a player with api + asset: no API client chunk in front of it.
  assert.ok(!graph.dynamic.includes('@surgery-video/client'), 'the grant is asked for without loading the API client');
  // What the engines share is handed to them by the element, which imports it next to the engine:
  // an engine chunk imports nothing the browser would discover only once it is parsed.
  assert.ok(graph.dynamic.some((specifier) => specifier.includes('engine-kit')), 'the element imports the engines\' shared code itself');
  for (const engine of graph.dynamic.filter((specifier) => /-engine-/.test(specifier))) {
    const engineGraph = staticGraph(join(dist, 'chunks', engine.replace('./', '')));
    const own = engineGraph.files.slice(1).filter((file) => !graph.files.includes(file));
    assert.deepEqual(own, [], `${engine} statically imports only the element's own files`);
  }
  const engines = graph.dynamic.filter((specifier) => /-engine-/.test(specifier)).map((specifier) => /(\w+-engine)-/.exec(specifier)![1]).sort();
  assert.deepEqual(engines, ['hls-engine', 'native-engine', 'shaka-engine']);
  const chunks = join(dist, 'chunks');
  const hls = staticGraph(join(chunks, graph.dynamic.find((specifier) => specifier.includes('hls-engine'))!.replace('./', '')));
  assert.ok(hls.external.has('hls.js') && ![...hls.external].some((name) => name.startsWith('shaka-player')), 'the hls.js chunk imports hls.js only');
  const shaka = staticGraph(join(chunks, graph.dynamic.find((specifier) => specifier.includes('shaka-engine'))!.replace('./', '')));
  assert.ok(!shaka.external.has('hls.js'), 'the shaka chunk does not import hls.js');
  assert.ok(shaka.dynamic.includes('shaka-player/dist/shaka-player.dash-es2021.js'), 'shaka-player (DASH build) is loaded on demand');
});

it('keeps to the size budget (gzipped)', () => {
  const element = staticGraph(join(dist, 'surgery-player.js'));
  const elementBytes = gzipped(element.files);
  const kit = join(dist, 'chunks', element.dynamic.find((specifier) => specifier.includes('engine-kit'))!.replace('./', ''));
  assert.ok(elementBytes <= budget.element, `the element without engines is ${elementBytes} B gzipped; budget ${budget.element} B`);
  for (const [engine, limit] of Object.entries(budget.engines)) {
    const chunk = element.dynamic.find((specifier) => specifier.includes(engine))!;
    const graph = staticGraph(join(dist, 'chunks', chunk.replace('./', '')));
    // Every engine comes with the shared engine kit.
    const bytes = gzipped(graph.files.filter((file) => !element.files.includes(file))) + gzipped([kit]);
    assert.ok(bytes <= limit, `${engine} adds ${bytes} B gzipped with the engine kit; budget ${limit} B`);
  }
});

it('reports the version of package.json', () => {
  assert.equal(PLAYER_VERSION, manifest.version);
});
