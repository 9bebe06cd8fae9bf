/**
 * Mixed @aws-sdk/* versions break middleware stacks at run time (STYLE.md), so every workspace
 * package takes them from the one catalog entry set in pnpm-workspace.yaml, and the catalog pins
 * them all to the same version.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function workspaceManifests(): string[] {
  const dirs = ['.', 'stories', 'docs', 'bench', ...['packages', 'apps'].flatMap((group) => readdirSync(join(repo, group)).map((name) => join(group, name)))];
  return dirs.map((dir) => join(repo, dir, 'package.json')).filter(existsSync);
}

it('takes every @aws-sdk/* dependency from the catalog, all at one version', () => {
  const catalog = readFileSync(join(repo, 'pnpm-workspace.yaml'), 'utf8');
  const versions = new Set([...catalog.matchAll(/^\s+'(@aws-sdk\/[^']+)':\s*(\S+)/gm)].map((match) => match[2]));
  assert.ok(versions.size <= 1, `the catalog pins @aws-sdk/* at several versions: ${[...versions].join(', ')}`);
  let checked = 0;
  for (const file of workspaceManifests()) {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        if (!name.startsWith('@aws-sdk/')) continue;
        assert.equal(range, 'catalog:', `${file.slice(repo.length)} ${field}.${name} must be "catalog:"`);
        checked++;
      }
    }
  }
  assert.ok(checked > 0, 'at least one @aws-sdk package is in use');
});
