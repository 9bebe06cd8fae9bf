/**
 * The published entry points, resolved the way an app resolves them: through each package's
 * `exports` map to the built files (run after the build), with their type declarations present.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { it } from 'node:test';

const require = createRequire(import.meta.url);

function exportsOf(name: string): Record<string, { types: string; import: string } | string> {
  const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { exports: Record<string, never> };
  return manifest.exports;
}

for (const name of ['@surgery-video/client', '@surgery-video/server-kit']) {
  it(`${name}: every export has built JavaScript and type declarations`, () => {
    const root = dirname(require.resolve(`${name}/package.json`));
    for (const [subpath, target] of Object.entries(exportsOf(name))) {
      if (typeof target === 'string') continue;
      assert.ok(existsSync(join(root, target.import)), `${name}${subpath.slice(1)} -> ${target.import} exists (build first)`);
      assert.ok(existsSync(join(root, target.types)), `${name}${subpath.slice(1)} -> ${target.types} exists`);
    }
  });
}

it('@surgery-video/client resolves by name to its public API', async () => {
  const client = await import('@surgery-video/client');
  assert.equal(typeof client.createClient, 'function');
  assert.equal(typeof client.requestDevToken, 'function');
  assert.throws(() => client.createClient({ baseUrl: 'not a url' }), /baseUrl/);
});

it('@surgery-video/server-kit resolves by name to its public API', async () => {
  const kit = await import('@surgery-video/server-kit');
  for (const name of ['createApiHandler', 'createCloudFrontSigner', 'createCloudFrontVerifier', 'createLocalEdge', 'startDevStack', 'withDevStack', 'ensureRecordedCases', 'LiveChannel']) {
    assert.equal(typeof (kit as Record<string, unknown>)[name], 'function', `${name} is exported`);
  }
});
