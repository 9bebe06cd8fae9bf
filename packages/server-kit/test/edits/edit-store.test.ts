/** Edits on the object store: ids taken once, a version saved over once, concurrent saves serialised by conditional writes. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEdit, type Edit } from '@surgery-video/client';
import { createEditStore, EditExistsError, VersionConflictError } from '../../src/edits/edit-store.js';
import { createDirectoryStore } from '../../src/storage/directory-store.js';

let dir: string;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'edit-store-'))));
after(() => rm(dir, { recursive: true, force: true }));

const draft = (id: string): Edit => createEdit({ id, assetId: 'case-001', title: 'A cut', createdBy: 'trainee-1', now: '2026-01-01T00:00:00.000Z' });

describe('edit store', () => {
  it('keeps an edit at tenants/<tenant>/edits/<id>.json and never takes an id twice', async () => {
    const objects = createDirectoryStore(join(dir, 'a'));
    const edits = createEditStore(objects);
    await edits.create('demo', draft('e1'));
    assert.deepEqual((await objects.list('')).items.map((item) => item.key), ['tenants/demo/edits/e1.json']);
    await assert.rejects(edits.create('demo', { ...draft('e1'), title: 'Another' }), EditExistsError);
    assert.equal((await edits.get('demo', 'e1'))?.edit.title, 'A cut');
    assert.equal(await edits.get('other', 'e1'), undefined, 'another tenant does not see it');
  });

  it('of two saves over the same version, exactly one lands; the other learns the current version', async () => {
    const edits = createEditStore(createDirectoryStore(join(dir, 'b')));
    await edits.create('demo', draft('e1'));
    const results = await Promise.allSettled(
      ['first', 'second'].map((title) => edits.update('demo', 'e1', (current) => ({ ...current, title }), 1)),
    );
    const landed = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    assert.equal(landed.length, 1);
    assert.equal(refused.length, 1);
    assert.ok(refused[0]!.reason instanceof VersionConflictError);
    assert.equal((refused[0]!.reason as VersionConflictError).currentVersion, 2);
    const stored = (await edits.get('demo', 'e1'))!.edit;
    assert.equal(stored.version, 2);
    assert.equal(stored.title, (landed[0] as PromiseFulfilledResult<{ edit: Edit }>).value.edit.title);
  });

  it('refuses a save based on an old version without writing', async () => {
    const edits = createEditStore(createDirectoryStore(join(dir, 'c')));
    await edits.create('demo', draft('e1'));
    await edits.update('demo', 'e1', (current) => ({ ...current, title: 'v2' }), 1);
    await assert.rejects(edits.update('demo', 'e1', (current) => ({ ...current, title: 'stale' }), 1), (error: unknown) => error instanceof VersionConflictError && error.currentVersion === 2);
    assert.equal((await edits.get('demo', 'e1'))!.edit.title, 'v2');
  });

  it('without an expected version, concurrent changes are applied one after another, none lost', async () => {
    const edits = createEditStore(createDirectoryStore(join(dir, 'd')));
    await edits.create('demo', draft('e1'));
    await Promise.all(Array.from({ length: 8 }, (_, i) => edits.update('demo', 'e1', (current) => ({ ...current, title: `${current.title}+${i}` }))));
    const stored = (await edits.get('demo', 'e1'))!.edit;
    assert.equal(stored.version, 9);
    assert.equal(stored.title.split('+').length, 9);
  });

  it('lists the edits of one tenant', async () => {
    const edits = createEditStore(createDirectoryStore(join(dir, 'e')));
    await edits.create('demo', draft('e1'));
    await edits.create('demo', draft('e2'));
    await edits.create('other', draft('e3'));
    assert.deepEqual((await edits.list('demo')).map((edit) => edit.id).sort(), ['e1', 'e2']);
  });
});
