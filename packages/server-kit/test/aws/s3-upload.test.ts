import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { createS3ObjectStore, MIN_PART_SIZE, S3ObjectStoreError } from '../../src/aws/s3-object-store.js';
import { startS3Loopback, type S3Loopback } from './s3-loopback.js';

let s3: S3Loopback;
before(async () => {
  s3 = await startS3Loopback();
});
after(() => s3.close());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Yields `bytes` in chunks of `chunkSize`, counting how much has been read (to show the upload does not read ahead). */
function chunked(bytes: Uint8Array, chunkSize: number, read: { bytes: number }, failAfter?: number): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (let offset = 0; offset < bytes.length; offset += chunkSize) {
      if (failAfter !== undefined && offset >= failAfter) throw new Error('camera disconnected');
      const chunk = bytes.subarray(offset, offset + chunkSize);
      read.bytes += chunk.length;
      yield chunk;
    }
  })();
}

/** The operations the store sent since `from`. */
const operationsSince = (from: number) => s3.proxy.requests.slice(from).map((request) => request.operation);

describe('S3 object store: streaming uploads', () => {
  it('streams a file of several parts, byte-exact, reporting progress part by part, never reading far ahead', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket, prefix: 'media/' });
    const file = new Uint8Array(randomBytes(2 * MIN_PART_SIZE + 123_457));
    const chunkSize = 64 * 1024 + 7; // chunks that never line up with parts
    const read = { bytes: 0 };
    const progress: number[] = [];
    let readAhead = 0;
    const from = s3.proxy.requests.length;

    const { etag } = await store.upload('cases/c-1/recording.mp4', chunked(file, chunkSize, read), {
      contentType: 'video/mp4',
      partSize: MIN_PART_SIZE,
      onProgress: ({ bytes }) => {
        progress.push(bytes);
        readAhead = Math.max(readAhead, read.bytes - bytes);
      },
    });

    assert.deepEqual(progress, [MIN_PART_SIZE, 2 * MIN_PART_SIZE, file.length], 'one report per part, in acknowledged bytes');
    assert.ok(readAhead <= MIN_PART_SIZE + chunkSize, `at most one part is held in memory (read ahead ${readAhead} bytes)`);
    assert.deepEqual(operationsSince(from), ['CreateMultipartUpload', 'UploadPart', 'UploadPart', 'UploadPart', 'CompleteMultipartUpload']);
    const partSizes = s3.proxy.requests
      .slice(from)
      .filter((request) => request.operation === 'UploadPart')
      .map((request) => Number(request.headers['content-length']));
    assert.deepEqual(partSizes, [MIN_PART_SIZE, MIN_PART_SIZE, 123_457]);

    const stored = await store.get('cases/c-1/recording.mp4');
    assert.ok(stored);
    assert.equal(stored.body.length, file.length);
    assert.equal(sha256(stored.body), sha256(file), 'the stored object is the file, byte for byte');
    assert.equal(stored.etag, etag);
    assert.equal(stored.contentType, 'video/mp4');
    assert.deepEqual((await store.list('cases/c-1/')).items, [{ key: 'cases/c-1/recording.mp4', etag, size: file.length }]);
    assert.deepEqual(await s3.proxy.pendingUploads(s3.bucket), [], 'no multipart upload left open');
  });

  it('takes a Node Readable as the source', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const file = new Uint8Array(randomBytes(MIN_PART_SIZE + 1000));
    const { etag } = await store.upload('cases/c-2/readable.bin', Readable.from([file.subarray(0, 3_000_000), file.subarray(3_000_000)]), {
      contentType: 'application/octet-stream',
      partSize: MIN_PART_SIZE,
    });
    const stored = await store.get('cases/c-2/readable.bin');
    assert.equal(sha256(stored?.body ?? new Uint8Array()), sha256(file));
    assert.equal(stored?.etag, etag);
  });

  it('sends a body smaller than one part as a single PutObject', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const body = new Uint8Array(randomBytes(200_000));
    const progress: number[] = [];
    const from = s3.proxy.requests.length;
    const { etag } = await store.upload('cases/c-3/thumb.jpg', chunked(body, 10_000, { bytes: 0 }), { contentType: 'image/jpeg', onProgress: ({ bytes }) => progress.push(bytes) });
    assert.deepEqual(operationsSince(from), ['PutObject']);
    assert.deepEqual(progress, [body.length]);
    const stored = await store.get('cases/c-3/thumb.jpg');
    assert.equal(sha256(stored?.body ?? new Uint8Array()), sha256(body));
    assert.equal(stored?.etag, etag);
    assert.equal(stored?.contentType, 'image/jpeg');

    await store.upload('cases/c-3/empty.txt', chunked(new Uint8Array(0), 1, { bytes: 0 }), { contentType: 'text/plain' });
    assert.equal((await store.get('cases/c-3/empty.txt'))?.body.length, 0, 'an empty source stores an empty object');
  });

  it('aborts the multipart upload when the source fails, leaving nothing at the key', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const file = new Uint8Array(randomBytes(3 * MIN_PART_SIZE));
    const from = s3.proxy.requests.length;
    await assert.rejects(
      store.upload('cases/c-4/recording.mp4', chunked(file, 256 * 1024, { bytes: 0 }, 2 * MIN_PART_SIZE + 10), { contentType: 'video/mp4', partSize: MIN_PART_SIZE }),
      (error: unknown) => {
        assert.ok(error instanceof S3ObjectStoreError);
        assert.equal(error.key, 'cases/c-4/recording.mp4');
        assert.match(error.message, /reading the source failed/);
        assert.equal((error.cause as Error).message, 'camera disconnected', 'the source\'s error is kept as the cause');
        return true;
      },
    );
    assert.deepEqual(operationsSince(from), ['CreateMultipartUpload', 'UploadPart', 'UploadPart', 'AbortMultipartUpload']);
    assert.deepEqual(await s3.proxy.pendingUploads(s3.bucket), [], 'the uploaded parts are gone');
    assert.equal(await store.get('cases/c-4/recording.mp4'), undefined);
    assert.deepEqual((await store.list('cases/c-4/')).items, []);
  });

  it('aborts the multipart upload when S3 refuses a part, and stops reading the source', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const file = new Uint8Array(randomBytes(3 * MIN_PART_SIZE));
    const stop = s3.proxy.refuse((request) => request.operation === 'UploadPart' && request.query.get('partNumber') === '2', {
      status: 403,
      code: 'AccessDenied',
      message: 'Access Denied',
    });
    const source = Readable.from(chunked(file, 512 * 1024, { bytes: 0 }));
    try {
      await assert.rejects(store.upload('cases/c-5/recording.mp4', source, { contentType: 'video/mp4', partSize: MIN_PART_SIZE }), (error: unknown) => {
        assert.ok(error instanceof S3ObjectStoreError);
        assert.equal(error.operation, 'UploadPart');
        assert.equal(error.s3Code, 'AccessDenied');
        assert.equal(error.key, 'cases/c-5/recording.mp4');
        return true;
      });
    } finally {
      stop();
    }
    assert.ok(source.destroyed, 'the source stream is closed, not left half-read');
    assert.deepEqual(await s3.proxy.pendingUploads(s3.bucket), []);
    assert.equal(await store.get('cases/c-5/recording.mp4'), undefined);
    assert.ok(s3.proxy.requests.some((request) => request.operation === 'AbortMultipartUpload' && request.key === 'cases/c-5/recording.mp4'));
  });

  it('says so when the abort fails too, keeping the first failure as a cause', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const file = new Uint8Array(randomBytes(2 * MIN_PART_SIZE + 1));
    const key = 'cases/c-7/recording.mp4';
    const stops = [
      s3.proxy.refuse((request) => request.key === key && request.operation === 'UploadPart' && request.query.get('partNumber') === '2', { status: 403, code: 'AccessDenied', message: 'Access Denied' }),
      s3.proxy.refuse((request) => request.key === key && request.operation === 'AbortMultipartUpload', { status: 403, code: 'AccessDenied', message: 'Access Denied' }),
    ];
    try {
      await assert.rejects(store.upload(key, chunked(file, 1024 * 1024, { bytes: 0 }), { contentType: 'video/mp4', partSize: MIN_PART_SIZE }), (error: unknown) => {
        assert.ok(error instanceof S3ObjectStoreError);
        assert.equal(error.operation, 'AbortMultipartUpload');
        assert.equal(error.key, key);
        assert.match(error.message, /S3 UploadPart of cases\/c-7\/recording\.mp4 failed: AccessDenied/);
        assert.match(error.message, /AbortIncompleteMultipartUpload lifecycle rule/);
        assert.ok(error.cause instanceof AggregateError);
        return true;
      });
    } finally {
      for (const stop of stops) stop();
    }
    const pending = await s3.proxy.pendingUploads(s3.bucket);
    assert.equal(pending.length, 1, 'the parts are still held, as the error says');
    assert.equal(await store.get(key), undefined, 'but no object appeared at the key');
    // Clean up the way an operator (or the lifecycle rule) would, so later tests see no pending upload.
    await s3.client.send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId: pending[0] }));
    assert.deepEqual(await s3.proxy.pendingUploads(s3.bucket), []);
  });

  it('refuses text chunks, bad part sizes and missing content types before uploading anything', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const from = s3.proxy.requests.length;
    await assert.rejects(store.upload('cases/c-6/a.txt', Readable.from(['some text']), { contentType: 'text/plain' }), /must give bytes \(Uint8Array or Buffer\), not text/);
    await assert.rejects(store.upload('cases/c-6/a.bin', chunked(new Uint8Array(10), 5, { bytes: 0 }), { contentType: 'video/mp4', partSize: 1024 }), /`partSize` must be a whole number of bytes from 5242880/);
    await assert.rejects(store.upload('cases/c-6/a.bin', chunked(new Uint8Array(10), 5, { bytes: 0 }), {} as never), /`contentType` must be a MIME type/);
    await assert.rejects(store.upload('cases/c-6/a.bin', 'not a stream' as never, { contentType: 'video/mp4' }), /must be a Readable stream or an async iterable/);
    await assert.rejects(store.upload('../escape.bin', chunked(new Uint8Array(10), 5, { bytes: 0 }), { contentType: 'video/mp4' }), /is not a valid object key/);
    assert.deepEqual(operationsSince(from), [], 'nothing reached S3');
  });
});
