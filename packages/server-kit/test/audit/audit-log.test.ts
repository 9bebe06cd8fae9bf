import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AUDIT_GENESIS_HASH, AuditRecordError, hashAuditEntry, type AuditEntry, type AuditRecord } from '../../src/audit/audit-entry.js';
import { createAuditLog, readAudit, verifyAuditChain } from '../../src/audit/audit-log.js';
import { createDirectoryStore, type DirectoryStore } from '../../src/storage/directory-store.js';

const roots: string[] = [];
async function freshStore(): Promise<DirectoryStore> {
  const root = await mkdtemp(join(tmpdir(), 'surgery-video-audit-'));
  roots.push(root);
  return createDirectoryStore(root);
}
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

const T0 = Date.parse('2030-03-01T08:00:00.000Z');
const clock = () => {
  let t = T0;
  return () => (t += 1000);
};
const record = (n: number, tenant = 'demo'): AuditRecord => ({
  tenant,
  actor: 'admin-1',
  action: 'review.assign',
  target: { type: 'edit', id: `edit-${n}` },
  correlationId: `req-${n}`,
});
const entryPath = (store: DirectoryStore, tenant: string, seq: number) => join(store.root, 'audit', tenant, `${String(seq).padStart(12, '0')}.json`);

async function appendMany(store: DirectoryStore, count: number, tenant = 'demo'): Promise<AuditEntry[]> {
  const log = createAuditLog({ store, now: clock() });
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= count; n++) entries.push(await log.append(record(n, tenant)));
  return entries;
}

describe('audit log', () => {
  it('stores each entry at audit/<tenant>/<seq>.json, chained by sha256(prevHash + canonical JSON)', async () => {
    const store = await freshStore();
    const log = createAuditLog({ store, now: () => T0 });
    const first = await log.append({ tenant: 'demo', actor: 'admin-1', action: 'review.assign', target: { type: 'edit', id: 'edit-7' }, correlationId: 'req-1' });
    // Golden vector: the wire format of the hash, written out by hand.
    const canonical = `{"action":"review.assign","actor":"admin-1","at":"2030-03-01T08:00:00.000Z","correlationId":"req-1","prevHash":"${AUDIT_GENESIS_HASH}","seq":1,"target":{"id":"edit-7","type":"edit"},"tenant":"demo"}`;
    assert.deepEqual(first, {
      seq: 1,
      at: '2030-03-01T08:00:00.000Z',
      tenant: 'demo',
      actor: 'admin-1',
      action: 'review.assign',
      target: { type: 'edit', id: 'edit-7' },
      correlationId: 'req-1',
      prevHash: AUDIT_GENESIS_HASH,
      hash: createHash('sha256').update(AUDIT_GENESIS_HASH + canonical).digest('hex'),
    });
    const stored = JSON.parse(await readFile(join(store.root, 'audit', 'demo', '000000000001.json'), 'utf8')) as AuditEntry;
    assert.deepEqual(stored, first);

    const second = await log.append({ tenant: 'demo', actor: 'specialist-1', action: 'review.start', target: { type: 'edit', id: 'edit-7' } });
    assert.equal(second.seq, 2);
    assert.equal(second.prevHash, first.hash);
    assert.equal(second.correlationId, undefined);
    assert.equal(second.hash, hashAuditEntry(second));
  });

  it('reads entries back page by page', async () => {
    const store = await freshStore();
    const appended = await appendMany(store, 7);
    const log = createAuditLog({ store });
    assert.deepEqual(await log.read('demo'), { entries: appended });
    const first = await log.read('demo', { limit: 3 });
    assert.deepEqual(first.entries.map((e) => e.seq), [1, 2, 3]);
    assert.equal(first.next, 4);
    const rest = await readAudit(store, 'demo', { from: first.next ?? 0, limit: 3 });
    assert.deepEqual(rest.entries.map((e) => e.seq), [4, 5, 6]);
    assert.deepEqual((await readAudit(store, 'demo', { from: 7, limit: 3 })).entries, [appended[6]]);
    assert.deepEqual(await readAudit(store, 'demo', { from: 8 }), { entries: [] });
    assert.deepEqual(await readAudit(store, 'nobody-yet'), { entries: [] });
    await assert.rejects(readAudit(store, 'demo', { from: 0 }), /`from` must be a seq/);
  });

  it('keeps every one of many concurrent appends, in one unbroken chain', async () => {
    const store = await freshStore();
    const log = createAuditLog({ store });
    const appended = await Promise.all(Array.from({ length: 60 }, (_, i) => log.append(record(i + 1))));
    assert.deepEqual(appended.map((e) => e.seq).sort((a, b) => a - b), Array.from({ length: 60 }, (_, i) => i + 1));
    const verification = await verifyAuditChain(store, 'demo');
    assert.deepEqual(verification, { ok: true, entries: 60, head: { seq: 60, hash: appended.find((e) => e.seq === 60)?.hash } });
  });

  it('never forks when several processes append to one store at once', async () => {
    const first = await freshStore();
    // Four writers, each with its own store object and log (no shared in-process queue), as four server processes would be.
    const writers = Array.from({ length: 4 }, () => createAuditLog({ store: createDirectoryStore(first.root) }));
    await writers[0]?.append(record(0));
    const appended = await Promise.all(writers.flatMap((log, w) => Array.from({ length: 15 }, (_, i) => log.append(record(100 * (w + 1) + i)))));
    const verification = await verifyAuditChain(first, 'demo');
    assert.equal(verification.ok, true, JSON.stringify(verification));
    assert.equal(verification.ok && verification.entries, 61);
    const stored = (await readAudit(first, 'demo', { limit: 1000 })).entries;
    assert.deepEqual(
      stored.map((e) => e.correlationId).sort(),
      ['req-0', ...appended.map((e) => e.correlationId)].sort(),
      'every append is kept exactly once',
    );
    for (const entry of appended) assert.deepEqual(stored[entry.seq - 1], entry, 'each append returned the entry as stored');
  });

  it('continues the chain after a restart', async () => {
    const store = await freshStore();
    const before = await appendMany(store, 3);
    const next = await createAuditLog({ store }).append(record(4));
    assert.equal(next.seq, 4);
    assert.equal(next.prevHash, before[2]?.hash);
    assert.equal((await verifyAuditChain(store, 'demo')).ok, true);
  });

  it('reports the seq of an entry changed in storage', async () => {
    const store = await freshStore();
    await appendMany(store, 6);
    const path = entryPath(store, 'demo', 4);
    const entry = JSON.parse(await readFile(path, 'utf8')) as AuditEntry;
    await writeFile(path, JSON.stringify({ ...entry, actor: 'trainee-1' }));
    const verification = await verifyAuditChain(store, 'demo');
    assert.equal(verification.ok, false);
    assert.equal(!verification.ok && verification.brokenAt, 4);
    assert.equal(!verification.ok && verification.reason, 'hash-mismatch');
  });

  it('reports a forged entry whose own hash was recomputed, at the entry after it', async () => {
    const store = await freshStore();
    await appendMany(store, 6);
    const path = entryPath(store, 'demo', 2);
    const entry = JSON.parse(await readFile(path, 'utf8')) as AuditEntry;
    const forged = { ...entry, action: 'review.publish' };
    await writeFile(path, JSON.stringify({ ...forged, hash: hashAuditEntry(forged) }));
    const verification = await verifyAuditChain(store, 'demo');
    assert.deepEqual(verification.ok ? verification : { brokenAt: verification.brokenAt, reason: verification.reason }, { brokenAt: 3, reason: 'chain-mismatch' });
  });

  it('reports an entry deleted from storage, the first one included', async () => {
    const store = await freshStore();
    await appendMany(store, 5);
    await unlink(entryPath(store, 'demo', 3));
    const middle = await verifyAuditChain(store, 'demo');
    assert.deepEqual(middle.ok ? middle : { brokenAt: middle.brokenAt, reason: middle.reason }, { brokenAt: 3, reason: 'missing' });
    await unlink(entryPath(store, 'demo', 1));
    const first = await verifyAuditChain(store, 'demo');
    assert.deepEqual(first.ok ? first : { brokenAt: first.brokenAt, reason: first.reason }, { brokenAt: 1, reason: 'missing' });
  });

  it('reports an entry that is not an audit entry, or that belongs elsewhere', async () => {
    const store = await freshStore();
    await appendMany(store, 3);
    await appendMany(store, 3, 'other');
    await writeFile(entryPath(store, 'demo', 2), '{"seq":2,"note":"free text"}');
    const malformed = await verifyAuditChain(store, 'demo');
    assert.equal(!malformed.ok && malformed.reason, 'malformed');
    assert.equal(!malformed.ok && malformed.brokenAt, 2);
    assert.match(!malformed.ok ? malformed.message : '', /"note" is not an audit field/);

    await writeFile(entryPath(store, 'other', 3), await readFile(entryPath(store, 'demo', 3)));
    const misplaced = await verifyAuditChain(store, 'other');
    assert.equal(!misplaced.ok && misplaced.reason, 'misplaced');
    assert.equal(!misplaced.ok && misplaced.brokenAt, 3);
  });

  it('keeps tenants apart: separate chains, separate reads', async () => {
    const store = await freshStore();
    const log = createAuditLog({ store });
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => log.append(record(i, 'demo'))),
      ...Array.from({ length: 3 }, (_, i) => log.append(record(i, 'other'))),
    ]);
    const demo = await log.read('demo');
    const other = await log.read('other');
    assert.deepEqual(demo.entries.map((e) => [e.tenant, e.seq]), [1, 2, 3, 4, 5].map((seq) => ['demo', seq]));
    assert.deepEqual(other.entries.map((e) => [e.tenant, e.seq]), [1, 2, 3].map((seq) => ['other', seq]));
    assert.equal(other.entries[0]?.prevHash, AUDIT_GENESIS_HASH, 'each tenant\'s chain starts on its own');
    assert.deepEqual([(await verifyAuditChain(store, 'demo')).ok, (await verifyAuditChain(store, 'other')).ok], [true, true]);
    await unlink(entryPath(store, 'other', 2));
    assert.equal((await verifyAuditChain(store, 'demo')).ok, true, 'breaking one tenant\'s chain leaves the other\'s valid');
    assert.equal((await verifyAuditChain(store, 'other')).ok, false);
    assert.deepEqual(await verifyAuditChain(store, 'empty'), { ok: true, entries: 0, head: { seq: 0, hash: AUDIT_GENESIS_HASH } });
  });

  it('refuses free text anywhere in a record, naming the field, and stores nothing', async () => {
    const store = await freshStore();
    const log = createAuditLog({ store });
    const refusals: [unknown, string][] = [
      [{ ...record(1), target: { type: 'edit', id: 'Mr J. Smith, bleeding at 12:03' } }, 'target.id'],
      [{ ...record(1), note: 'patient had a complication' }, 'note'],
      [{ ...record(1), target: { type: 'edit', id: 'edit-1', label: 'Left knee' } }, 'target.label'],
      [{ ...record(1), action: 'assigned the case to Dr Who' }, 'action'],
      [{ ...record(1), actor: 'Jane Doe' }, 'actor'],
      [{ ...record(1), correlationId: 'see notes: patient 1234' }, 'correlationId'],
      [{ ...record(1), tenant: 'demo tenant' }, 'tenant'],
      [{ ...record(1), target: { type: 'Edit of case', id: 'edit-1' } }, 'target.type'],
      [{ ...record(1), target: 'edit-1' }, 'target'],
    ];
    for (const [input, field] of refusals) {
      await assert.rejects(
        log.append(input as AuditRecord),
        (error: unknown) => error instanceof AuditRecordError && error.field === field && error.message.includes(`"${field}"`),
        field,
      );
    }
    assert.deepEqual((await store.list('audit/')).items, []);
  });
});
