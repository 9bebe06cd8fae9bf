/**
 * The ObjectStore contract: what every adapter must do, as one suite. The directory store runs it
 * (directory-store.test.ts), and the S3 adapter runs the same function over the S3 protocol on
 * loopback (test/aws/s3-object-store.test.ts).
 *
 * Each test works under its own random prefix, so runs against a shared bucket never see each
 * other's objects, and nothing here depends on an empty store.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ObjectKeyError, OBJECT_KEY_RULE } from '../../src/storage/object-key.js';
import { getJson, PreconditionFailedError, putJson, StoredJsonError, type ObjectStore } from '../../src/storage/object-store.js';

const text = (value: string) => new TextEncoder().encode(value);
const read = (body: Uint8Array | undefined) => (body ? new TextDecoder().decode(body) : undefined);

function isPreconditionFailed(condition: 'if-match' | 'if-none-match') {
  return (error: unknown) => error instanceof PreconditionFailedError && error.condition === condition && error.code === 'precondition-failed';
}

const BAD_KEYS: readonly string[] = [
  '',
  '../escape.json',
  'a/../../escape.json',
  '/absolute.json',
  'trailing/',
  'double//slash.json',
  '.hidden',
  'a/.hidden',
  'a/./b',
  'with space.json',
  'John Smith, DOB 1970-01-01.json',
  'back\\slash',
  'caf\u00e9.json',
  'new\nline',
  `${'a'.repeat(201)}.json`,
  `${'abcdefghi/'.repeat(103)}x`,
];

export function objectStoreContract(name: string, makeStore: () => ObjectStore | Promise<ObjectStore>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    const namespace = () => `contract-${randomBytes(6).toString('hex')}`;

    it('stores an object and reads back its body, etag, content type and time', async () => {
      const store = await makeStore();
      const key = `${namespace()}/edits/e-1.json`;
      const before = Date.now();
      const { etag } = await store.put(key, text('{"v":1}'), { contentType: 'application/json' });
      assert.equal(typeof etag, 'string');
      assert.ok(etag.length > 0);
      const object = await store.get(key);
      assert.ok(object);
      assert.equal(read(object.body), '{"v":1}');
      assert.equal(object.etag, etag);
      assert.equal(object.contentType, 'application/json');
      assert.ok(object.lastModified instanceof Date);
      assert.ok(Math.abs(object.lastModified.getTime() - before) < 60_000, 'lastModified is the time of the write');
    });

    it('overwrites an object and gives it a new etag', async () => {
      const store = await makeStore();
      const key = `${namespace()}/edits/e-1.json`;
      const first = await store.put(key, text('one'));
      const second = await store.put(key, text('two'));
      assert.notEqual(second.etag, first.etag);
      const object = await store.get(key);
      assert.equal(read(object?.body), 'two');
      assert.equal(object?.etag, second.etag);
    });

    it('answers undefined for a missing key, and deleting one is not an error', async () => {
      const store = await makeStore();
      const key = `${namespace()}/missing.json`;
      assert.equal(await store.get(key), undefined);
      await store.delete(key);
      assert.equal(await store.get(key), undefined);
    });

    it('creates only if absent with ifNoneMatch "*", leaving an existing object as it was', async () => {
      const store = await makeStore();
      const key = `${namespace()}/audit/demo/000000000001.json`;
      const created = await store.put(key, text('first'), { ifNoneMatch: '*' });
      await assert.rejects(store.put(key, text('second'), { ifNoneMatch: '*' }), isPreconditionFailed('if-none-match'));
      const object = await store.get(key);
      assert.equal(read(object?.body), 'first');
      assert.equal(object?.etag, created.etag);
    });

    it('replaces only the version read with ifMatch, and refuses a stale etag', async () => {
      const store = await makeStore();
      const key = `${namespace()}/edits/e-2.json`;
      const v1 = await store.put(key, text('v1'));
      const v2 = await store.put(key, text('v2'), { ifMatch: v1.etag });
      await assert.rejects(store.put(key, text('v3 from a stale read'), { ifMatch: v1.etag }), isPreconditionFailed('if-match'));
      const object = await store.get(key);
      assert.equal(read(object?.body), 'v2');
      assert.equal(object?.etag, v2.etag);
      await assert.rejects(store.put(`${namespace()}/never-written.json`, text('x'), { ifMatch: v2.etag }), isPreconditionFailed('if-match'));
    });

    it('lets exactly one of two concurrent updates from the same version win', async () => {
      const store = await makeStore();
      const key = `${namespace()}/edits/e-3.json`;
      const { etag } = await store.put(key, text('base'));
      const results = await Promise.allSettled([store.put(key, text('from alice'), { ifMatch: etag }), store.put(key, text('from bob'), { ifMatch: etag })]);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      assert.equal(won.length, 1, 'one update succeeds');
      assert.equal(lost.length, 1, 'the other is refused');
      assert.ok(isPreconditionFailed('if-match')(lost[0]?.reason), 'the loser gets PreconditionFailedError');
      const winner = results[0]?.status === 'fulfilled' ? 'from alice' : 'from bob';
      assert.equal(read((await store.get(key))?.body), winner, 'the stored body is the winner\'s');
    });

    it('lets exactly one of many concurrent creates of one key win', async () => {
      const store = await makeStore();
      const key = `${namespace()}/audit/demo/000000000007.json`;
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.put(key, text(`writer ${i}`), { ifNoneMatch: '*' })));
      const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
      assert.equal(winners.length, 1);
      for (const result of results) if (result.status === 'rejected') assert.ok(isPreconditionFailed('if-none-match')(result.reason));
      assert.equal(read((await store.get(key))?.body), `writer ${winners[0]}`);
    });

    it('deletes an object, conditionally on its etag when asked', async () => {
      const store = await makeStore();
      const ns = namespace();
      const key = `${ns}/edits/e-4.json`;
      const v1 = await store.put(key, text('v1'));
      const v2 = await store.put(key, text('v2'));
      await assert.rejects(store.delete(key, { ifMatch: v1.etag }), isPreconditionFailed('if-match'));
      assert.equal(read((await store.get(key))?.body), 'v2', 'a refused delete leaves the object');
      await store.delete(key, { ifMatch: v2.etag });
      assert.equal(await store.get(key), undefined);
      assert.deepEqual((await store.list(`${ns}/`)).items, []);
      await assert.rejects(store.delete(key, { ifMatch: v2.etag }), isPreconditionFailed('if-match'), 'a missing object fails ifMatch');
      const other = `${ns}/edits/e-5.json`;
      await store.put(other, text('x'));
      await store.delete(other);
      assert.equal(await store.get(other), undefined);
      await store.put(other, text('again'), { ifNoneMatch: '*' });
      assert.equal(read((await store.get(other))?.body), 'again', 'a deleted key can be created again');
    });

    it('lists keys under a prefix in byte order, with etag and size, page by page', async () => {
      const store = await makeStore();
      const ns = namespace();
      const bodies: Record<string, string> = {
        [`${ns}/a/1.json`]: 'one',
        [`${ns}/a/10.json`]: 'ten!',
        [`${ns}/a/2.json`]: 'two',
        [`${ns}/a/B.json`]: 'upper',
        [`${ns}/a/deep/x.json`]: 'deep',
        [`${ns}/ab/1.json`]: 'other folder',
        [`${ns}/b/1.json`]: 'b',
      };
      const etags: Record<string, string> = {};
      for (const [key, body] of Object.entries(bodies)) etags[key] = (await store.put(key, text(body))).etag;

      const underA = await store.list(`${ns}/a/`);
      assert.deepEqual(
        underA.items,
        [`${ns}/a/1.json`, `${ns}/a/10.json`, `${ns}/a/2.json`, `${ns}/a/B.json`, `${ns}/a/deep/x.json`].map((key) => ({ key, etag: etags[key], size: text(bodies[key] ?? '').length })),
      );
      assert.equal(underA.cursor, undefined, 'no cursor when everything fits');
      assert.deepEqual(
        (await store.list(`${ns}/a`)).items.map((item) => item.key),
        [`${ns}/a/1.json`, `${ns}/a/10.json`, `${ns}/a/2.json`, `${ns}/a/B.json`, `${ns}/a/deep/x.json`, `${ns}/ab/1.json`],
        'a prefix need not end at a "/"',
      );
      assert.deepEqual((await store.list(`${ns}/a/1`)).items.map((item) => item.key), [`${ns}/a/1.json`, `${ns}/a/10.json`]);
      assert.deepEqual((await store.list(`${ns}/none/`)).items, []);

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list(`${ns}/`, { limit: 3, ...(cursor ? { cursor } : {}) });
        assert.ok(page.items.length <= 3);
        seen.push(...page.items.map((item) => item.key));
        cursor = page.cursor;
        pages++;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen, Object.keys(bodies).sort());

      assert.deepEqual(
        (await store.list(`${ns}/a/`, { startAfter: `${ns}/a/10.json`, limit: 2 })).items.map((item) => item.key),
        [`${ns}/a/2.json`, `${ns}/a/B.json`],
      );
      await assert.rejects(store.list(`${ns}/`, { limit: 0 }), TypeError);
      await assert.rejects(store.list(`${ns}/`, { limit: 1001 }), TypeError);
    });

    it('keeps binary bodies byte for byte, empty ones included', async () => {
      const store = await makeStore();
      const ns = namespace();
      const every = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      const large = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
      const empty = new Uint8Array(0);
      for (const [name, body] of [['every-byte.bin', every], ['large.bin', large], ['empty.bin', empty]] as const) {
        const key = `${ns}/${name}`;
        const { etag } = await store.put(key, body, { contentType: 'application/octet-stream' });
        const object = await store.get(key);
        assert.ok(object, name);
        assert.equal(object.body.length, body.length, name);
        assert.ok(Buffer.from(object.body).equals(Buffer.from(body)), `${name} comes back unchanged`);
        assert.equal(object.etag, etag);
      }
      const sizes = Object.fromEntries((await store.list(`${ns}/`)).items.map((item) => [item.key.slice(ns.length + 1), item.size]));
      assert.deepEqual(sizes, { 'empty.bin': 0, 'every-byte.bin': 512, 'large.bin': large.length });
      const distinct = new Set((await store.list(`${ns}/`)).items.map((item) => item.etag));
      assert.equal(distinct.size, 3, 'different bodies have different etags');
    });

    it('refuses bad keys and prefixes, naming the key rule, and stores nothing', async () => {
      const store = await makeStore();
      for (const key of BAD_KEYS) {
        const refused = (error: unknown) => {
          assert.ok(error instanceof ObjectKeyError, `${JSON.stringify(key)} is refused with ObjectKeyError`);
          assert.ok(error instanceof TypeError, 'a bad key is a programmer\'s mistake (TypeError)');
          assert.ok(error.message.includes(OBJECT_KEY_RULE), 'the message states the rule');
          assert.match(error.message, /ids only, never patient data/);
          return true;
        };
        await assert.rejects(store.put(key, text('x')), refused);
        await assert.rejects(store.get(key), refused);
        await assert.rejects(store.delete(key), refused);
      }
      for (const prefix of ['../', '/abs/', 'a//', '.hidden/', 'with space/']) {
        await assert.rejects(store.list(prefix), (error: unknown) => error instanceof ObjectKeyError && error.message.includes(OBJECT_KEY_RULE), prefix);
      }
    });

    it('refuses contradictory conditions and bodies that are not bytes', async () => {
      const store = await makeStore();
      const key = `${namespace()}/x.json`;
      await assert.rejects(store.put(key, text('x'), { ifMatch: 'abc', ifNoneMatch: '*' }), /either `ifMatch`.*or `ifNoneMatch/);
      await assert.rejects(store.put(key, 'a string' as unknown as Uint8Array), /Uint8Array/);
      assert.equal(await store.get(key), undefined);
    });

    it('reads and writes JSON with putJson / getJson, through a schema', async () => {
      const store = await makeStore();
      const ns = namespace();
      const key = `${ns}/edits/e-9.json`;
      const { etag } = await putJson(store, key, { id: 'e-9', version: 3 }, { ifNoneMatch: '*' });
      const parseEdit = (value: unknown) => {
        const v = value as { id?: unknown; version?: unknown };
        if (typeof v.id !== 'string') throw new Error('"id" must be a string');
        if (typeof v.version !== 'number') throw new Error('"version" must be a number');
        return { id: v.id, version: v.version };
      };
      assert.deepEqual(await getJson(store, key, parseEdit), { value: { id: 'e-9', version: 3 }, etag });
      assert.equal((await store.get(key))?.contentType, 'application/json');
      assert.equal(await getJson(store, `${ns}/edits/none.json`), undefined);

      await putJson(store, key, { id: 'e-9', version: 'three' }, { ifMatch: etag });
      await assert.rejects(getJson(store, key, parseEdit), (error: unknown) => error instanceof StoredJsonError && error.key === key && /"version" must be a number/.test(error.message));
      await store.put(`${ns}/broken.json`, text('{"half":'));
      await assert.rejects(getJson(store, `${ns}/broken.json`), (error: unknown) => error instanceof StoredJsonError && error.message.includes(`${ns}/broken.json`));
    });
  });
}
