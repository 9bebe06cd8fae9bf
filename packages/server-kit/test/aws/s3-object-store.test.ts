import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createS3ObjectStore, S3ObjectStoreError } from '../../src/aws/s3-object-store.js';
import { PreconditionFailedError } from '../../src/storage/object-store.js';
import { objectStoreContract } from '../storage/object-store-contract.js';
import { startS3Loopback, type S3Loopback } from './s3-loopback.js';

let s3: S3Loopback;
before(async () => {
  s3 = await startS3Loopback();
});
after(() => s3.close());

const text = (value: string) => new TextEncoder().encode(value);
const read = (body: Uint8Array | undefined) => (body ? new TextDecoder().decode(body) : undefined);

objectStoreContract('S3 adapter (s3rver on loopback)', () => createS3ObjectStore({ client: s3.client, bucket: s3.bucket }));
objectStoreContract('S3 adapter under a prefix, with SSE-S3', () =>
  createS3ObjectStore({ client: s3.client, bucket: s3.bucket, prefix: 'stores/demo/', serverSideEncryption: { type: 'AES256' } }),
);

describe('S3 object store', () => {
  it('keeps every key of a prefixed store under its prefix, and lists them without it', async () => {
    const whole = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const demo = createS3ObjectStore({ client: s3.client, bucket: s3.bucket, prefix: 'tenants/demo/' });
    const other = createS3ObjectStore({ client: s3.client, bucket: s3.bucket, prefix: 'tenants/other/' });
    const { etag } = await demo.put('edits/e-1.json', text('{}'), { contentType: 'application/json' });
    assert.equal(read((await whole.get('tenants/demo/edits/e-1.json'))?.body), '{}', 'stored at prefix + key');
    assert.deepEqual((await demo.list('edits/')).items, [{ key: 'edits/e-1.json', etag, size: 2 }]);
    assert.equal(await other.get('edits/e-1.json'), undefined, 'another prefix does not see it');
    assert.deepEqual((await other.list('')).items, []);
    assert.equal(demo.prefix, 'tenants/demo/');
    assert.equal(demo.bucket, s3.bucket);
  });

  it('lets one create win across two clients (two processes) on the same key', async () => {
    const first = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const second = createS3ObjectStore({ client: s3.newClient(), bucket: s3.bucket });
    for (let seq = 1; seq <= 5; seq++) {
      const key = `audit/two-clients/${String(seq).padStart(12, '0')}.json`;
      const results = await Promise.allSettled([first.put(key, text('first'), { ifNoneMatch: '*' }), second.put(key, text('second'), { ifNoneMatch: '*' })]);
      assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1, `one create of ${key} wins`);
      const loser = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      assert.ok(loser?.reason instanceof PreconditionFailedError);
      assert.equal(loser.reason.key, key, 'the error names the key');
    }
  });

  it('sends the conditions to S3 itself: a write refused by the server is a PreconditionFailedError', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const key = 'edits/demo/conditions.json';
    const { etag } = await store.put(key, text('v1'));
    const seen = s3.proxy.requests.length;
    await assert.rejects(store.put(key, text('stale'), { ifMatch: '"0123456789abcdef0123456789abcdef"' }), PreconditionFailedError);
    const sent = s3.proxy.requests.slice(seen).find((request) => request.operation === 'PutObject');
    assert.equal(sent?.headers['if-match'], '"0123456789abcdef0123456789abcdef"', 'If-Match went on the wire');
    await store.put(key, text('v2'), { ifMatch: etag });
    const last = s3.proxy.requests.at(-1);
    assert.equal(last?.headers['if-match'], etag, 'the etag is sent back exactly as S3 gave it');
  });

  it('tells a missing object (undefined) from a failing request (S3ObjectStoreError naming the key)', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    assert.equal(await store.get('edits/demo/never-written.json'), undefined);

    const noBucket = createS3ObjectStore({ client: s3.client, bucket: 'no-such-bucket-here' });
    await assert.rejects(noBucket.get('edits/demo/e-1.json'), (error: unknown) => {
      assert.ok(error instanceof S3ObjectStoreError, 'a missing bucket is not a missing object');
      assert.equal(error.s3Code, 'NoSuchBucket');
      assert.equal(error.status, 404);
      assert.equal(error.key, 'edits/demo/e-1.json');
      assert.equal(error.operation, 'GetObject');
      assert.equal(error.fatal, true);
      assert.equal(error.code, 's3-request-failed');
      return true;
    });
    await assert.rejects(noBucket.list('edits/'), (error: unknown) => error instanceof S3ObjectStoreError && error.s3Code === 'NoSuchBucket' && error.key === 'edits/');
  });

  it('reports a refused request with the key and S3 code, never the body', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const stop = s3.proxy.refuse((request) => request.key === 'edits/demo/denied.json', { status: 403, code: 'AccessDenied', message: 'Access Denied' });
    try {
      const body = text('{"note":"a sentence that must never reach a log"}');
      await assert.rejects(store.put('edits/demo/denied.json', body), (error: unknown) => {
        assert.ok(error instanceof S3ObjectStoreError);
        assert.equal(error.s3Code, 'AccessDenied');
        assert.equal(error.status, 403);
        assert.match(error.message, /S3 PutObject of edits\/demo\/denied\.json failed: AccessDenied \(HTTP 403\)/);
        assert.ok(!error.message.includes('never reach a log'));
        return true;
      });
      await assert.rejects(store.get('edits/demo/denied.json'), (error: unknown) => error instanceof S3ObjectStoreError && error.s3Code === 'AccessDenied', 'a 403 is not "missing"');
      await assert.rejects(store.delete('edits/demo/denied.json'), (error: unknown) => error instanceof S3ObjectStoreError && error.operation === 'DeleteObject');
    } finally {
      stop();
    }
  });

  it('refuses a cursor that is not one it gave', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    await assert.rejects(store.list('edits/', { cursor: '' }), /`cursor` must be the cursor of a previous page/);
    await assert.rejects(store.list('edits/', { cursor: 42 as unknown as string }), /`cursor` must be the cursor of a previous page/);
    await assert.rejects(store.list('edits/', { cursor: 'made-up-token' }), (error: unknown) => error instanceof TypeError && /passed back unchanged/.test(error.message), 'S3 refuses it, the caller learns why');
  });

  it('says what to change when created with bad settings', () => {
    const client = s3.client;
    assert.throws(() => createS3ObjectStore({ client, bucket: 'Not_A_Bucket' }), /`bucket` must be an S3 bucket name/);
    assert.throws(() => createS3ObjectStore({ client, bucket: '' }), /`bucket` must be an S3 bucket name/);
    assert.throws(() => createS3ObjectStore({ client: {} as never, bucket: 'media' }), /`client` must be an S3Client/);
    assert.throws(() => createS3ObjectStore({ client, bucket: 'media', prefix: 'no-slash' }), /`prefix` must be ids joined by "\/" and ending with "\/"/);
    assert.throws(() => createS3ObjectStore({ client, bucket: 'media', prefix: '/abs/' }), /`prefix` must be/);
    assert.throws(() => createS3ObjectStore({ client, bucket: 'media', prefix: 'John Smith/' }), /`prefix` must be/);
  });
});
