/**
 * The published build (run after `vite build && tsc -p tsconfig.build.json`): the exports map
 * points at real files, only the define file has side effects and registers the tag (and the
 * player's, through the player's own define file), and lit and the SDK packages stay external.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { EDITOR_VERSION } from '../../src/version.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  sideEffects: string[];
  exports: Record<string, { types: string; import: string } | string>;
};
const dist = join(root, 'dist');

function read(file: string): string {
  assert.ok(existsSync(file), `${file} exists (run vite build first)`);
  return readFileSync(file, 'utf8');
}

/** Files reachable from `entry` through static imports, and the bare specifiers they import. */
function staticGraph(entry: string): { files: string[]; external: Set<string> } {
  const files: string[] = [];
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    for (const match of read(file).matchAll(/^import\s[^;]*?from\s*"([^"]+)";|^import\s*"([^"]+)";/gm)) {
      const specifier = (match[1] ?? match[2])!;
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
      else external.add(specifier);
    }
  };
  visit(entry);
  return { files, external };
}

it('exports map: every entry has its JavaScript and type declarations', () => {
  assert.deepEqual(Object.keys(manifest.exports).sort(), ['.', './clip-editor.js', './custom-elements.json', './package.json']);
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') {
      assert.ok(existsSync(join(root, target)), `${subpath} -> ${target}`);
      continue;
    }
    assert.ok(existsSync(join(root, target.import)), `${subpath} -> ${target.import}`);
    assert.ok(existsSync(join(root, target.types)), `${subpath} -> ${target.types}`);
  }
});

it('only the define file has side effects: it registers <clip-editor> and loads the player definition', () => {
  assert.deepEqual(manifest.sideEffects, ['./dist/clip-editor.js']);
  const define = read(join(dist, 'clip-editor.js'));
  assert.match(define, /defineElement\("clip-editor"/);
  assert.match(define, /^import "@surgery-video\/player\/surgery-player\.js";/m);
  for (const file of staticGraph(join(dist, 'index.js')).files) {
    assert.ok(!/customElements\.define\(|defineElement\(|surgery-player\.js/.test(read(file)), `${file} (imported by the index) defines nothing`);
  }
});

it('lit, @lit/* and the SDK packages stay external', () => {
  const graph = staticGraph(join(dist, 'clip-editor.js'));
  for (const name of graph.external) assert.match(name, /^(lit(\/|$)|@lit\/|@surgery-video\/)/, name);
  assert.ok(graph.external.has('@surgery-video/client'));
});

it('the version constant is package.json\'s', () => {
  assert.equal(EDITOR_VERSION, manifest.version);
});

it('custom-elements.json describes <clip-editor>: its public attributes, events, parts and custom properties', () => {
  const elements = JSON.parse(read(join(root, 'custom-elements.json'))) as {
    modules: { declarations?: { tagName?: string; attributes?: { name: string }[]; events?: { name: string }[]; cssParts?: { name: string }[]; cssProperties?: { name: string; default?: string }[] }[] }[];
  };
  const editor = elements.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'clip-editor');
  assert.ok(editor, 'a declaration with tagName clip-editor (run `pnpm run analyze`)');
  assert.deepEqual(editor.attributes!.map((a) => a.name).sort(), ['api', 'asset', 'author', 'edit', 'muted', 'nohotkeys', 'readonly', 'src', 'thumbnails']);
  assert.deepEqual(editor.events!.map((e) => e.name).sort(), ['change', 'error', 'save', 'submit']);
  for (const part of ['player', 'drawing', 'timeline', 'timeline-thumbnails', 'timeline-thumbnail', 'segment', 'annotation', 'conflict', 'draft-offer']) {
    assert.ok(editor.cssParts!.some((p) => p.name === part), `part ${part}`);
  }
  assert.equal(editor.cssProperties!.find((p) => p.name === '--clip-editor-accent')?.default, '#1565c0');
});
