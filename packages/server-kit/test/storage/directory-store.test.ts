import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDirectoryStore } from '../../src/storage/directory-store.js';
import { ObjectKeyError } from '../../src/storage/object-key.js';
import { PreconditionFailedError } from '../../src/storage/object-store.js';
import { objectStoreContract } from './object-store-contract.js';

const roots: string[] = [];
async function freshRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'surgery-video-store-'));
  roots.push(root);
  return root;
}
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

const text = (value: string) => new TextEncoder().encode(value);

objectStoreContract('directory store', async () => createDirectoryStore(await freshRoot()));

describe('directory store', () => {
  it('keeps each object as a plain file at its key, readable with cat', async () => {
    const root = await freshRoot();
    const store = createDirectoryStore(root);
    await store.put('edits/demo/e-1.json', text('{"id":"e-1"}'), { contentType: 'application/json' });
    assert.equal(await readFile(join(root, 'edits', 'demo', 'e-1.json'), 'utf8'), '{"id":"e-1"}');
    assert.equal(store.root, root);
  });

  it('gives the SHA-256 of the body as the etag, the same for the same bytes', async () => {
    const store = createDirectoryStore(await freshRoot());
    const body = text('same bytes');
    const a = await store.put('a.txt', body);
    const b = await store.put('b.txt', body);
    assert.equal(a.etag, createHash('sha256').update(body).digest('hex'));
    assert.equal(a.etag, b.etag);
  });

  it('finds its objects, etags and content types again after a restart', async () => {
    const root = await freshRoot();
    const { etag } = await createDirectoryStore(root).put('reviews/demo/r-1.json', text('{}'), { contentType: 'application/json' });
    const reopened = createDirectoryStore(root);
    const object = await reopened.get('reviews/demo/r-1.json');
    assert.equal(object?.etag, etag);
    assert.equal(object?.contentType, 'application/json');
    assert.deepEqual((await reopened.list('reviews/')).items, [{ key: 'reviews/demo/r-1.json', etag, size: 2 }]);
  });

  it('leaves no temporary files behind, after many concurrent writes and refusals', async () => {
    const root = await freshRoot();
    const store = createDirectoryStore(root);
    const { etag } = await store.put('edits/demo/e-1.json', text('base'));
    await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => store.put('edits/demo/e-1.json', text(`update ${i}`), { ifMatch: etag })),
      ...Array.from({ length: 20 }, (_, i) => store.put('edits/demo/e-2.json', text(`create ${i}`), { ifNoneMatch: '*' })),
    ]);
    const files = (await readdir(join(root, 'edits', 'demo'))).sort();
    assert.deepEqual(files, ['.e-1.json.meta.json', '.e-2.json.meta.json', 'e-1.json', 'e-2.json']);
  });

  it('keeps create-only atomic between two stores on one directory (two processes)', async () => {
    const root = await freshRoot();
    const first = createDirectoryStore(root);
    const second = createDirectoryStore(root);
    for (let seq = 1; seq <= 20; seq++) {
      const key = `audit/demo/${String(seq).padStart(12, '0')}.json`;
      const results = await Promise.allSettled([first.put(key, text('first'), { ifNoneMatch: '*' }), second.put(key, text('second'), { ifNoneMatch: '*' })]);
      assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1, `one create of ${key} wins`);
      const loser = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      assert.ok(loser?.reason instanceof PreconditionFailedError);
    }
  });

  it('does not trust a side file that no longer describes the body (a crash between renames)', async () => {
    const root = await freshRoot();
    const store = createDirectoryStore(root);
    await store.put('edits/demo/e-1.json', text('old'), { contentType: 'application/json' });
    await writeFile(join(root, 'edits', 'demo', 'e-1.json'), 'new body written without its side file');
    const expected = createHash('sha256').update('new body written without its side file').digest('hex');
    const object = await store.get('edits/demo/e-1.json');
    assert.equal(object?.etag, expected);
    assert.equal(object?.contentType, undefined, 'the old content type is not claimed for a new body');
    assert.equal((await store.list('edits/'))?.items[0]?.etag, expected);
    await assert.rejects(store.put('edits/demo/e-1.json', text('x'), { ifMatch: createHash('sha256').update('old').digest('hex') }), PreconditionFailedError);
  });

  it('never writes outside its root for a bad key', async () => {
    const parent = await freshRoot();
    const store = createDirectoryStore(join(parent, 'objects'));
    await assert.rejects(store.put('../escaped.json', text('x')), ObjectKeyError);
    await assert.rejects(store.put('a/../../escaped.json', text('x')), ObjectKeyError);
    assert.equal(existsSync(join(parent, 'escaped.json')), false);
  });

  it('removes folders a delete leaves empty, so a key can later name the former folder', async () => {
    const root = await freshRoot();
    const store = createDirectoryStore(root);
    await store.put('imports/batch-1/item-1.json', text('x'));
    await store.delete('imports/batch-1/item-1.json');
    assert.deepEqual(await readdir(root), []);
    await store.put('imports', text('now an object'));
    assert.equal(new TextDecoder().decode((await store.get('imports'))?.body), 'now an object');
  });

  it('explains why it cannot hold an object and a folder of the same name', async () => {
    const store = createDirectoryStore(await freshRoot());
    await store.put('edits/demo', text('an object'));
    await assert.rejects(store.put('edits/demo/e-1.json', text('x')), /cannot hold both an object and a folder/);
    await store.put('cases/c-1/master.json', text('x'));
    await assert.rejects(store.put('cases/c-1', text('x')), /cannot hold both an object and a folder/);
    await assert.rejects(store.put('cases/c-1', text('x'), { ifNoneMatch: '*' }), /cannot hold both an object and a folder/);
    assert.equal(await store.get('cases/c-1'), undefined, 'a folder is not an object');
  });

  it('says what to pass when created without a directory', () => {
    assert.throws(() => createDirectoryStore(''), /give the directory/);
  });
});
