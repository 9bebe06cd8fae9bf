/**
 * Streaming uploads to S3 (recordings, renders): the source is read one part at a time, so memory
 * holds one part (`partSize`, default 8 MiB) whatever the size of the file.
 *
 * - A source that ends before the first part is full goes up as one PutObject.
 * - Anything larger is a multipart upload: CreateMultipartUpload, one UploadPart per part, in order,
 *   then CompleteMultipartUpload. On any failure (the source throws, a part is refused, completing
 *   fails) the upload is aborted with AbortMultipartUpload, so S3 keeps no parts (which would be
 *   billed, and invisible to list) and no half-written object ever appears at the key.
 * - `onProgress({ bytes })` reports the bytes S3 has acknowledged, after each part.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { S3EncryptionFields } from './s3-encryption.js';
import { S3ObjectStoreError } from './s3-errors.js';

const MiB = 1024 * 1024;
/** S3's floor for every part but the last. */
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * 1024 * MiB;
export const DEFAULT_PART_SIZE = 8 * MiB;
/** S3's ceiling on parts per upload. */
export const MAX_PARTS = 10_000;

export interface UploadOptions {
  /** The MIME type stored with the object, e.g. "video/mp4". */
  contentType: string;
  /** Bytes per part, from 5 MiB (S3's minimum) to 5 GiB; default 8 MiB. Objects up to 10,000 parts long. */
  partSize?: number;
  /** Called after each part (or the single PutObject) with the bytes S3 has acknowledged so far. */
  onProgress?(progress: { bytes: number }): void;
}

export type UploadSource = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export interface UploadTarget {
  client: S3Client;
  bucket: string;
  /** The key in the bucket (store prefix included). */
  s3Key: string;
  /** The port's key, for errors. */
  key: string;
  encryption: S3EncryptionFields;
}

export function assertUploadOptions(key: string, source: unknown, options: UploadOptions): number {
  if (typeof source !== 'object' || source === null || typeof (source as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
    throw new TypeError(`upload: the source for ${key} must be a Readable stream or an async iterable of Uint8Array chunks.`);
  }
  if (typeof options !== 'object' || options === null) throw new TypeError('upload: give the options, at least { contentType }.');
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
    throw new TypeError(`upload: \`partSize\` must be a whole number of bytes from ${MIN_PART_SIZE} (5 MiB, S3's minimum) to ${MAX_PART_SIZE} (5 GiB), got ${String(options.partSize)}.`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new TypeError('upload: `onProgress` must be a function ({ bytes }) => void.');
  }
  return partSize;
}

export async function uploadStream(target: UploadTarget, source: UploadSource, options: UploadOptions, partSize: number): Promise<{ etag: string }> {
  const { client, bucket, s3Key, key, encryption } = target;
  const parts = cutIntoParts(source as AsyncIterable<unknown>, partSize, key)[Symbol.asyncIterator]();
  const head = await nextPart(parts, key);

  if (head === undefined || head.length < partSize) {
    const body = head ?? new Uint8Array(0);
    let etag: string;
    try {
      const result = await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: s3Key, Body: body, ContentLength: body.length, ContentType: options.contentType, ...encryption }),
      );
      etag = requireEtag(result.ETag, 'PutObject', key);
    } catch (error) {
      throw error instanceof S3ObjectStoreError ? error : new S3ObjectStoreError('PutObject', key, error);
    }
    options.onProgress?.({ bytes: body.length });
    return { etag };
  }

  let uploadId: string;
  try {
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: s3Key, ContentType: options.contentType, ...encryption }));
    if (!created.UploadId) throw new S3ObjectStoreError('CreateMultipartUpload', key, undefined, 'S3 returned no UploadId');
    uploadId = created.UploadId;
  } catch (error) {
    await stopReading(parts);
    throw error instanceof S3ObjectStoreError ? error : new S3ObjectStoreError('CreateMultipartUpload', key, error);
  }

  let operation = 'UploadPart';
  try {
    const completed: CompletedPart[] = [];
    let bytes = 0;
    for (let part: Uint8Array | undefined = head; part !== undefined; part = await nextPart(parts, key)) {
      const partNumber = completed.length + 1;
      if (partNumber > MAX_PARTS) {
        throw new S3ObjectStoreError('UploadPart', key, undefined, `the source is longer than ${MAX_PARTS} parts of ${partSize} bytes; give a larger \`partSize\``);
      }
      const result = await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: s3Key, UploadId: uploadId, PartNumber: partNumber, Body: part, ContentLength: part.length }),
      );
      completed.push({ PartNumber: partNumber, ETag: requireEtag(result.ETag, 'UploadPart', key) });
      bytes += part.length;
      options.onProgress?.({ bytes });
    }
    operation = 'CompleteMultipartUpload';
    const result = await client.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: s3Key, UploadId: uploadId, MultipartUpload: { Parts: completed } }),
    );
    return { etag: requireEtag(result.ETag, 'CompleteMultipartUpload', key) };
  } catch (error) {
    await stopReading(parts);
    const failure = error instanceof S3ObjectStoreError || error instanceof TypeError ? error : new S3ObjectStoreError(operation, key, error);
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: s3Key, UploadId: uploadId }));
    } catch (abortError) {
      // The parts stay billed until a lifecycle rule (AbortIncompleteMultipartUpload) removes them: say so, keep the first failure.
      throw new S3ObjectStoreError('AbortMultipartUpload', key, new AggregateError([failure, abortError]),
        `the upload failed (${failure instanceof Error ? failure.message : String(failure)}) and aborting upload ${uploadId} failed too; ` +
          'its parts stay in the bucket until an AbortIncompleteMultipartUpload lifecycle rule removes them');
    }
    throw failure;
  }
}

/** Ends the iteration, which destroys a Readable source; an error while closing it must not hide the failure being reported. */
async function stopReading(parts: AsyncIterator<Uint8Array>): Promise<void> {
  try {
    await parts.return?.(undefined);
  } catch {
    // the source is being abandoned either way
  }
}

async function nextPart(parts: AsyncIterator<Uint8Array>, key: string): Promise<Uint8Array | undefined> {
  try {
    const next = await parts.next();
    return next.done ? undefined : next.value;
  } catch (error) {
    if (error instanceof TypeError && error.message.startsWith('upload:')) throw error;
    throw new S3ObjectStoreError('upload', key, error, `reading the source failed (${error instanceof Error ? error.name : 'error'})`);
  }
}

/**
 * Re-cuts the source's chunks (of any size) into parts of exactly `partSize` bytes, the last one
 * shorter. Bytes are copied into a part of its own as they arrive, so a source that reuses its
 * buffer between chunks cannot change a part already read.
 */
async function* cutIntoParts(source: AsyncIterable<unknown>, partSize: number, key: string): AsyncGenerator<Uint8Array> {
  let part: Uint8Array | undefined;
  let filled = 0;
  for await (const chunk of source) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(`upload: the source for ${key} gave a ${typeof chunk} chunk; it must give bytes (Uint8Array or Buffer), not text.`);
    }
    let offset = 0;
    while (offset < chunk.length) {
      part ??= new Uint8Array(partSize);
      const take = Math.min(partSize - filled, chunk.length - offset);
      part.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === partSize) {
        yield part;
        part = undefined;
        filled = 0;
      }
    }
  }
  if (part !== undefined && filled > 0) yield part.subarray(0, filled);
}

function requireEtag(etag: string | undefined, operation: string, key: string): string {
  if (!etag) throw new S3ObjectStoreError(operation, key, undefined, 'S3 returned no ETag');
  return etag;
}
