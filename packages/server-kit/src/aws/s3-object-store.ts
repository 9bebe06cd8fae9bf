/**
 * The S3 adapter of the object-store port (storage/object-store.ts): the production store of edits,
 * reviews, the audit log and media, passing the same contract suite as the directory store.
 *
 * - Concurrency is S3's own: `put` sends If-Match / If-None-Match, `delete` sends If-Match, and S3
 *   decides atomically across every process and region. 412 PreconditionFailed, 409
 *   ConditionalRequestConflict (a concurrent conditional write won) and 404 NoSuchKey under
 *   If-Match (the object is gone) all become PreconditionFailedError: "reload and try again".
 * - Etags are S3's, quotes included, passed back to S3 unchanged; callers compare, never parse.
 * - Keys are checked by the same rule and with the same errors as the directory store before any
 *   request is made; `prefix` puts every key of this store under one folder of a shared bucket.
 * - Every write carries the configured server-side encryption, so no object is ever stored with
 *   other settings, whatever the bucket's default.
 * - `upload` streams large bodies (recordings) in parts; see s3-multipart-upload.ts.
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { assertObjectKey, assertObjectPrefix, isObjectKey } from '../storage/object-key.js';
import {
  assertListLimit,
  assertPutOptions,
  PreconditionFailedError,
  type DeleteOptions,
  type ListedObject,
  type ListOptions,
  type ObjectList,
  type ObjectStore,
  type PutOptions,
  type StoredObject,
} from '../storage/object-store.js';
import { encryptionFields, type S3ServerSideEncryption } from './s3-encryption.js';
import { isFailedCondition, isMissingObject, s3CodeOf, S3ObjectStoreError } from './s3-errors.js';
import { assertUploadOptions, uploadStream, type UploadOptions, type UploadSource } from './s3-multipart-upload.js';

export type { S3ServerSideEncryption } from './s3-encryption.js';
export { S3ObjectStoreError } from './s3-errors.js';
export { DEFAULT_PART_SIZE, MAX_PART_SIZE, MIN_PART_SIZE, type UploadOptions, type UploadSource } from './s3-multipart-upload.js';

export interface S3ObjectStoreOptions {
  /**
   * One S3Client per region, made once by the app. For S3-compatible servers set
   * `requestChecksumCalculation` and `responseChecksumValidation` to `'WHEN_REQUIRED'` and
   * `forcePathStyle: true` (docs/guide/aws-storage.md).
   */
  client: S3Client;
  bucket: string;
  /** A folder of the bucket that holds every key of this store, e.g. "surgery-video/"; ids joined by "/", ending with "/". */
  prefix?: string;
  serverSideEncryption?: S3ServerSideEncryption;
}

export interface S3ObjectStore extends ObjectStore {
  readonly bucket: string;
  readonly prefix: string;
  /**
   * Streams a body of any size to `key` without holding it in memory: one PutObject when it is
   * smaller than one part, a multipart upload otherwise (aborted on any failure, so nothing
   * half-written is kept). Unconditional: it replaces what is at the key.
   */
  upload(key: string, source: UploadSource, options: UploadOptions): Promise<{ etag: string }>;
}

// The same content-type rule as the directory store, so a put one accepts the other accepts too.
const CONTENT_TYPE = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;
// S3's bucket naming rule (general purpose buckets), checked here so a typo fails at start-up, not at the first request.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function createS3ObjectStore(options: S3ObjectStoreOptions): S3ObjectStore {
  if (typeof options !== 'object' || options === null) throw new TypeError('createS3ObjectStore: give { client, bucket, prefix?, serverSideEncryption? }.');
  const { client, bucket } = options;
  if (typeof client !== 'object' || client === null || typeof (client as { send?: unknown }).send !== 'function') {
    throw new TypeError('createS3ObjectStore: `client` must be an S3Client from @aws-sdk/client-s3, e.g. new S3Client({ region: "eu-west-1" }).');
  }
  if (typeof bucket !== 'string' || !BUCKET_NAME.test(bucket)) {
    throw new TypeError(`createS3ObjectStore: \`bucket\` must be an S3 bucket name (3-63 lower-case letters, digits, "." and "-"), got ${JSON.stringify(bucket)}.`);
  }
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string' || (prefix !== '' && (!prefix.endsWith('/') || !isObjectKey(prefix.slice(0, -1))))) {
    throw new TypeError(`createS3ObjectStore: \`prefix\` must be ids joined by "/" and ending with "/", such as "surgery-video/" (or "" for the bucket's root), got ${JSON.stringify(prefix)}.`);
  }
  const encryption = encryptionFields(options.serverSideEncryption);
  const s3Key = (key: string) => prefix + key;

  async function get(key: string): Promise<StoredObject | undefined> {
    assertObjectKey(key);
    try {
      const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: s3Key(key) }));
      if (!result.Body) throw new S3ObjectStoreError('GetObject', key, undefined, 'S3 returned no body');
      const body = await result.Body.transformToByteArray();
      return {
        body,
        etag: requireEtag(result.ETag, 'GetObject', key),
        ...(result.ContentType !== undefined ? { contentType: result.ContentType } : {}),
        lastModified: result.LastModified ?? new Date(),
      };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error instanceof S3ObjectStoreError ? error : new S3ObjectStoreError('GetObject', key, error);
    }
  }

  async function put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<{ etag: string }> {
    assertObjectKey(key);
    if (!(body instanceof Uint8Array)) throw new TypeError(`put: the body for ${key} must be a Uint8Array (use putJson for values).`);
    assertPutOptions(options);
    if (options.contentType !== undefined && !CONTENT_TYPE.test(options.contentType)) {
      throw new TypeError('put: `contentType` must be a MIME type such as "application/json" (printable ASCII, no line breaks).');
    }
    try {
      const result = await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: s3Key(key),
          Body: body,
          ContentLength: body.length,
          ...(options.contentType !== undefined ? { ContentType: options.contentType } : {}),
          ...(options.ifMatch !== undefined ? { IfMatch: options.ifMatch } : {}),
          ...(options.ifNoneMatch !== undefined ? { IfNoneMatch: options.ifNoneMatch } : {}),
          ...encryption,
        }),
      );
      return { etag: requireEtag(result.ETag, 'PutObject', key) };
    } catch (error) {
      if (options.ifNoneMatch !== undefined && isFailedCondition(error)) throw new PreconditionFailedError(key, 'if-none-match', { cause: error });
      // S3 answers If-Match on a missing key with 404 NoSuchKey: for the caller, the version it read is gone.
      if (options.ifMatch !== undefined && (isFailedCondition(error) || isMissingObject(error))) throw new PreconditionFailedError(key, 'if-match', { cause: error });
      throw error instanceof S3ObjectStoreError ? error : new S3ObjectStoreError('PutObject', key, error);
    }
  }

  async function remove(key: string, options: DeleteOptions = {}): Promise<void> {
    assertObjectKey(key);
    if (options.ifMatch !== undefined && (typeof options.ifMatch !== 'string' || options.ifMatch === '')) {
      throw new TypeError('delete: `ifMatch` must be the etag returned by get, put or list.');
    }
    try {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: s3Key(key), ...(options.ifMatch !== undefined ? { IfMatch: options.ifMatch } : {}) }));
    } catch (error) {
      if (options.ifMatch !== undefined && (isFailedCondition(error) || isMissingObject(error))) throw new PreconditionFailedError(key, 'if-match', { cause: error });
      if (options.ifMatch === undefined && isMissingObject(error)) return; // S3 answers 204 here; some compatible servers answer 404
      throw new S3ObjectStoreError('DeleteObject', key, error);
    }
  }

  async function list(listPrefix: string, options: ListOptions = {}): Promise<ObjectList> {
    assertObjectPrefix(listPrefix);
    const limit = assertListLimit(options.limit);
    let position: { ContinuationToken: string } | { StartAfter: string } | Record<string, never> = {};
    if (options.cursor !== undefined) {
      if (typeof options.cursor !== 'string' || options.cursor === '') throw badCursor();
      position = { ContinuationToken: options.cursor };
    } else if (options.startAfter !== undefined) {
      if (typeof options.startAfter !== 'string') throw new TypeError('list: `startAfter` must be a key.');
      position = { StartAfter: s3Key(options.startAfter) };
    }
    try {
      const result = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: s3Key(listPrefix), MaxKeys: limit, ...position }));
      const items: ListedObject[] = (result.Contents ?? []).map((entry) => ({
        key: (entry.Key ?? '').slice(prefix.length),
        etag: requireEtag(entry.ETag, 'ListObjectsV2', listPrefix),
        size: entry.Size ?? 0,
      }));
      return result.IsTruncated && result.NextContinuationToken ? { items, cursor: result.NextContinuationToken } : { items };
    } catch (error) {
      // A token S3 cannot read (from another store, prefix or bucket, or edited) is the caller's mistake.
      if (options.cursor !== undefined && s3CodeOf(error) === 'InvalidArgument') throw badCursor(error);
      throw error instanceof S3ObjectStoreError ? error : new S3ObjectStoreError('ListObjectsV2', listPrefix, error);
    }
  }

  async function upload(key: string, source: UploadSource, options: UploadOptions): Promise<{ etag: string }> {
    assertObjectKey(key);
    const partSize = assertUploadOptions(key, source, options);
    if (typeof options.contentType !== 'string' || !CONTENT_TYPE.test(options.contentType)) {
      throw new TypeError('upload: `contentType` must be a MIME type such as "video/mp4" (printable ASCII, no line breaks).');
    }
    return uploadStream({ client, bucket, s3Key: s3Key(key), key, encryption }, source, options, partSize);
  }

  return { bucket, prefix, get, put, delete: remove, list, upload };
}

function badCursor(cause?: unknown): TypeError {
  return new TypeError('list: `cursor` must be the cursor of a previous page of this store, passed back unchanged.', cause === undefined ? undefined : { cause });
}

function requireEtag(etag: string | undefined, operation: string, key: string): string {
  if (!etag) throw new S3ObjectStoreError(operation, key, undefined, 'S3 returned no ETag');
  return etag;
}
