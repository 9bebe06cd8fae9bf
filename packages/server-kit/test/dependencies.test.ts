/**
 * Mixed @aws-sdk/* versions break middleware stacks at run time (STYLE.md), so every workspace
 * package takes them from the catalog in pnpm-workspace.yaml, which pins each one exactly and the
 * service clients at one version. The one exception is named here with its reason.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function workspaceManifests(): string[] {
  const dirs = ['.', 'stories', 'docs', 'bench', ...['packages', 'apps', 'deploy'].flatMap((group) => readdirSync(join(repo, group)).map((name) => join(group, name)))];
  return dirs.map((dir) => join(repo, dir, 'package.json')).filter(existsSync);
}

// The registry's newest @aws-sdk/client-mediapackagev2 is 3.699.0, older than every other client's.
const OWN_VERSION = new Set(['@aws-sdk/client-mediapackagev2']);

it('takes every @aws-sdk/* dependency from the catalog, exactly pinned, the clients at one version', () => {
  const catalog = readFileSync(join(repo, 'pnpm-workspace.yaml'), 'utf8');
  const entries = [...catalog.matchAll(/^\s+'(@aws-sdk\/[^']+)':\s*(\S+)/gm)].map((match) => ({ name: match[1]!, version: match[2]! }));
  for (const { name, version } of entries) assert.match(version, /^\d+\.\d+\.\d+$/, `the catalog must pin ${name} exactly, not ${version}`);
  const clients = entries.filter(({ name }) => name.startsWith('@aws-sdk/client-') && !OWN_VERSION.has(name));
  const versions = new Set(clients.map(({ version }) => version));
  assert.ok(clients.length > 0 && versions.size === 1, `the catalog pins the @aws-sdk/client-* packages at several versions: ${[...versions].join(', ')}`);
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
