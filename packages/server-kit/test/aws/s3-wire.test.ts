/**
 * What the S3 adapter puts on the wire, read from the real SDK's signed requests at a recording
 * endpoint: the things s3rver cannot show (it ignores server-side encryption headers) and S3's
 * answers it never gives (409 ConditionalRequestConflict, 5xx).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import { createS3ObjectStore, MIN_PART_SIZE, S3ObjectStoreError, type S3ServerSideEncryption } from '../../src/aws/s3-object-store.js';
import { PreconditionFailedError } from '../../src/storage/object-store.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordedRequest, type RecordingEndpoint, type Reply } from './recording-endpoint.js';

const BUCKET = 'surgery-video-media';
const KMS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SSE_HEADERS = ['x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-server-side-encryption-bucket-key-enabled'];

/** S3's answers to the calls the adapter makes, as S3 shapes them. */
function s3Answer(request: RecordedRequest): Reply {
  const xml = (body: string): Reply => ({ status: 200, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });
  const key = request.path.slice(BUCKET.length + 2);
  if (request.method === 'POST' && request.query.has('uploads')) {
    return xml(`<InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>${key}</Key><UploadId>upload-1</UploadId></InitiateMultipartUploadResult>`);
  }
  if (request.method === 'POST' && request.query.has('uploadId')) {
    return xml(`<CompleteMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>${key}</Key><ETag>"whole-3"</ETag></CompleteMultipartUploadResult>`);
  }
  if (request.method === 'PUT') return { status: 200, headers: { etag: request.query.has('partNumber') ? `"part-${request.query.get('partNumber')}"` : '"put-1"' } };
  if (request.method === 'DELETE') return { status: 204 };
  return { status: 404, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>' };
}

function s3Error(status: number, code: string, message: string): Reply {
  return { status, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>R1</RequestId></Error>` };
}

let endpoint: RecordingEndpoint;
let client: S3Client;
before(async () => {
  endpoint = await startRecordingEndpoint({ service: 's3', region: 'eu-west-1' }, s3Answer);
  client = new S3Client({
    endpoint: endpoint.url,
    region: 'eu-west-1',
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1, // a 5xx answer below is meant to be seen, not retried
  });
});
beforeEach(() => {
  endpoint.requests.length = 0;
  endpoint.respond(s3Answer);
});
after(async () => {
  client.destroy();
  await endpoint.close();
});

const store = (serverSideEncryption?: S3ServerSideEncryption) => createS3ObjectStore({ client, bucket: BUCKET, ...(serverSideEncryption ? { serverSideEncryption } : {}) });
const sseOf = (request: RecordedRequest | undefined) => Object.fromEntries(SSE_HEADERS.flatMap((name) => (request?.headers[name] !== undefined ? [[name, request.headers[name]]] : [])));
const text = (value: string) => new TextEncoder().encode(value);

describe('S3 object store on the wire: server-side encryption', () => {
  const cases: { name: string; setting: S3ServerSideEncryption | undefined; headers: Record<string, string> }[] = [
    { name: 'none configured: the bucket default applies', setting: undefined, headers: {} },
    { name: 'SSE-S3', setting: { type: 'AES256' }, headers: { 'x-amz-server-side-encryption': 'AES256' } },
    { name: 'SSE-KMS with the bucket\'s default key', setting: { type: 'aws:kms' }, headers: { 'x-amz-server-side-encryption': 'aws:kms' } },
    {
      name: 'SSE-KMS with a key and an S3 Bucket Key',
      setting: { type: 'aws:kms', kmsKeyId: KMS_KEY, bucketKey: true },
      headers: { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY, 'x-amz-server-side-encryption-bucket-key-enabled': 'true' },
    },
  ];

  for (const { name, setting, headers } of cases) {
    it(`${name}: on every PutObject and CreateMultipartUpload, signed, and never on the parts`, async () => {
      const objects = store(setting);
      await objects.put('edits/demo/e-1.json', text('{}'), { contentType: 'application/json' });
      await objects.put('edits/demo/e-1.json', text('{"v":2}'), { ifMatch: '"put-1"' });
      await objects.upload('cases/c-1/recording.mp4', Readable.from([new Uint8Array(MIN_PART_SIZE + 10)]), { contentType: 'video/mp4', partSize: MIN_PART_SIZE });
      const [put, conditionalPut, create, part1, part2, complete] = endpoint.requests;
      assert.equal(endpoint.requests.length, 6);
      for (const write of [put, conditionalPut, create]) {
        assert.deepEqual(sseOf(write), headers, `${write?.method} ${write?.rawPath}`);
        for (const header of Object.keys(headers)) assert.ok(write?.signature.signedHeaders.includes(header), `${header} is covered by the signature`);
      }
      assert.ok(create?.query.has('uploads'));
      // S3 refuses SSE-S3/KMS headers on UploadPart: the parts take the upload's setting.
      for (const other of [part1, part2, complete]) assert.deepEqual(sseOf(other), {}, `${other?.method} ${other?.rawPath}?${other?.query}`);
      // Parts go as plain bodies (no aws-chunked framing, no checksum trailer), which every S3-compatible server stores as sent.
      assert.deepEqual([part1?.body.length, part2?.body.length], [MIN_PART_SIZE, 10]);
      assert.equal(part1?.headers['x-amz-trailer'], undefined);
      assert.notEqual(part1?.headers['content-encoding'], 'aws-chunked');
    });
  }

  it('refuses settings S3 would not take, saying what to change', () => {
    assert.throws(() => store({ type: 'aws:kms:dsse' } as never), /`serverSideEncryption.type` must be "AES256" or "aws:kms", got "aws:kms:dsse"/);
    assert.throws(() => store({ type: 'aws:kms', kmsKeyId: ' ' }), /`serverSideEncryption.kmsKeyId` must be a KMS key id, alias or ARN/);
    assert.throws(() => store({ type: 'aws:kms', bucketKey: 'yes' as never }), /`serverSideEncryption.bucketKey` must be true or false/);
    assert.throws(() => store({ type: 'AES256', kmsKeyId: KMS_KEY } as never), /"AES256" takes no kmsKeyId/);
    assert.throws(() => store('AES256' as never), /`serverSideEncryption` must be \{ type: "AES256" \}/);
  });
});

describe('S3 object store on the wire: requests and answers', () => {
  it('sends the body byte for byte, with no checksum trailer, and the conditions as S3 headers', async () => {
    const objects = store();
    const body = new Uint8Array(randomBytes(70_000));
    await objects.put('media/m-1.bin', body, { ifNoneMatch: '*', contentType: 'application/octet-stream' });
    await objects.put('media/m-1.bin', body, { ifMatch: '"put-1"' });
    await objects.delete('media/m-1.bin', { ifMatch: '"put-1"' });
    await objects.delete('media/m-2.bin');
    const [create, replace, conditionalDelete, plainDelete] = endpoint.requests;
    assert.ok(create?.body.equals(body), 'the stored bytes are the bytes given');
    assert.equal(create?.headers['content-length'], String(body.length));
    assert.equal(create?.headers['x-amz-trailer'], undefined);
    assert.equal(create?.headers['content-type'], 'application/octet-stream');
    assert.equal(create?.headers['if-none-match'], '*');
    assert.equal(replace?.headers['if-match'], '"put-1"');
    assert.equal(conditionalDelete?.method, 'DELETE');
    assert.equal(conditionalDelete?.headers['if-match'], '"put-1"');
    assert.equal(plainDelete?.headers['if-match'], undefined);
    assert.equal(plainDelete?.path, `/${BUCKET}/media/m-2.bin`);
  });

  const refusals: { name: string; reply: Reply; act: (objects: ReturnType<typeof store>) => Promise<unknown>; condition: 'if-match' | 'if-none-match' }[] = [
    { name: '412 PreconditionFailed on a create', reply: s3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'), act: (o) => o.put('edits/demo/e-1.json', text('x'), { ifNoneMatch: '*' }), condition: 'if-none-match' },
    { name: '409 ConditionalRequestConflict on a create', reply: s3Error(409, 'ConditionalRequestConflict', 'A conflicting conditional operation is currently in progress against this resource.'), act: (o) => o.put('edits/demo/e-1.json', text('x'), { ifNoneMatch: '*' }), condition: 'if-none-match' },
    { name: '409 ConditionalRequestConflict on an update', reply: s3Error(409, 'ConditionalRequestConflict', 'A conflicting conditional operation is currently in progress against this resource.'), act: (o) => o.put('edits/demo/e-1.json', text('x'), { ifMatch: '"a"' }), condition: 'if-match' },
    { name: '404 NoSuchKey on an update (the object is gone)', reply: s3Error(404, 'NoSuchKey', 'The specified key does not exist.'), act: (o) => o.put('edits/demo/e-1.json', text('x'), { ifMatch: '"a"' }), condition: 'if-match' },
    { name: '412 PreconditionFailed on a conditional delete', reply: s3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'), act: (o) => o.delete('edits/demo/e-1.json', { ifMatch: '"a"' }), condition: 'if-match' },
  ];
  for (const { name, reply, act, condition } of refusals) {
    it(`turns ${name} into PreconditionFailedError naming the key`, async () => {
      endpoint.respond(() => reply);
      await assert.rejects(act(store()), (error: unknown) => {
        assert.ok(error instanceof PreconditionFailedError);
        assert.equal(error.condition, condition);
        assert.equal(error.key, 'edits/demo/e-1.json');
        return true;
      });
    });
  }

  it('reads 404 NoSuchKey as "no object", and a server error as a retryable S3ObjectStoreError', async () => {
    const objects = store();
    assert.equal(await objects.get('edits/demo/none.json'), undefined);
    endpoint.respond(() => s3Error(503, 'SlowDown', 'Please reduce your request rate.'));
    await assert.rejects(objects.get('edits/demo/e-1.json'), (error: unknown) => {
      assert.ok(error instanceof S3ObjectStoreError);
      assert.equal(error.s3Code, 'SlowDown');
      assert.equal(error.status, 503);
      assert.equal(error.fatal, false, 'throttling may pass: not fatal');
      return true;
    });
    endpoint.respond(() => s3Error(404, 'NoSuchKey', 'The specified key does not exist.'));
    await assert.rejects(objects.put('edits/demo/e-1.json', text('x')), (error: unknown) => error instanceof S3ObjectStoreError && error.s3Code === 'NoSuchKey', 'an unconditional write that fails is not a precondition');
  });

  it('keeps the store prefix out of the keys it returns and in the keys it sends', async () => {
    endpoint.respond((request) =>
      request.method === 'GET'
        ? {
            status: 200,
            headers: { 'content-type': 'application/xml' },
            body:
              '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>surgery-video-media</Name><Prefix>tenant-a/edits/</Prefix><KeyCount>1</KeyCount><MaxKeys>2</MaxKeys>' +
              '<IsTruncated>true</IsTruncated><NextContinuationToken>opaque+token/=</NextContinuationToken>' +
              '<Contents><Key>tenant-a/edits/e-1.json</Key><ETag>"e1"</ETag><Size>12</Size></Contents></ListBucketResult>',
          }
        : s3Answer(request),
    );
    const objects = createS3ObjectStore({ client, bucket: BUCKET, prefix: 'tenant-a/' });
    const page = await objects.list('edits/', { limit: 2, startAfter: 'edits/e-0.json' });
    assert.deepEqual(page, { items: [{ key: 'edits/e-1.json', etag: '"e1"', size: 12 }], cursor: 'opaque+token/=' });
    await objects.list('edits/', { limit: 2, cursor: page.cursor ?? '', startAfter: 'ignored' });
    const [first, second] = endpoint.requests;
    assert.equal(first?.query.get('prefix'), 'tenant-a/edits/');
    assert.equal(first?.query.get('start-after'), 'tenant-a/edits/e-0.json');
    assert.equal(first?.query.get('max-keys'), '2');
    assert.equal(second?.query.get('continuation-token'), 'opaque+token/=', 'the cursor goes back to S3 unchanged');
    assert.equal(second?.query.has('start-after'), false, 'a cursor wins over startAfter');
  });
});
