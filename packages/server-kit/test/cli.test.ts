import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { createAuditLog } from '../src/audit/audit-log.js';
import { createDirectoryStore } from '../src/storage/directory-store.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });

async function findFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('surgery-video audit verify', () => {
  it('reports an intact chain with its length, then the entry where a tampered chain breaks', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cli-audit-'));
    const log = createAuditLog({ store: createDirectoryStore(join(dataDir, 'objects')) });
    for (const id of ['case-001', 'case-002', 'case-001']) {
      await log.append({ tenant: 'demo', actor: 'trainee-1', action: 'asset.grant', target: { type: 'asset', id } });
    }
    const intact = run('audit', 'verify', '--tenant', 'demo', '--data', dataDir);
    assert.equal(intact.status, 0, intact.stderr);
    assert.match(intact.stdout, /3 entries, chain intact/);

    const files = (await findFiles(join(dataDir, 'objects', 'audit', 'demo'))).filter((file) => /\/\d+\.json$/.test(file)).sort();
    const second = files[1]!;
    await writeFile(second, (await readFile(second, 'utf8')).replace('case-002', 'case-003'));
    const broken = run('audit', 'verify', '--tenant', 'demo', '--data', dataDir);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /BROKEN at entry 2/);
  });

  it('says what is missing when --tenant is not given', () => {
    const result = run('audit', 'verify');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--tenant/);
  });
});
