/**
 * Server-side encryption of what the S3 adapter writes. The setting is checked once, when the store
 * is created, and turned into the same request fields for every write (PutObject and
 * CreateMultipartUpload; S3 takes the parts' encryption from the upload they belong to), so no
 * object is ever written with other settings than the ones configured.
 */

export type S3ServerSideEncryption =
  /** SSE-S3: keys managed by S3. */
  | { type: 'AES256' }
  /** SSE-KMS: the bucket's default KMS key, or `kmsKeyId`; `bucketKey` cuts KMS calls (and cost) for many small objects. */
  | { type: 'aws:kms'; kmsKeyId?: string; bucketKey?: boolean };

/** The fields of PutObject / CreateMultipartUpload that carry the setting. */
export interface S3EncryptionFields {
  ServerSideEncryption?: 'AES256' | 'aws:kms';
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
}

export function encryptionFields(setting: S3ServerSideEncryption | undefined): S3EncryptionFields {
  if (setting === undefined) return {};
  if (typeof setting !== 'object' || setting === null) {
    throw new TypeError('createS3ObjectStore: `serverSideEncryption` must be { type: "AES256" } or { type: "aws:kms", kmsKeyId?, bucketKey? }.');
  }
  if (setting.type === 'AES256') {
    const extra = Object.keys(setting).filter((name) => name !== 'type');
    if (extra.length > 0) {
      throw new TypeError(`createS3ObjectStore: \`serverSideEncryption\` of type "AES256" takes no ${extra.join(', ')} (those are for "aws:kms").`);
    }
    return { ServerSideEncryption: 'AES256' };
  }
  if (setting.type === 'aws:kms') {
    const { kmsKeyId, bucketKey } = setting;
    if (kmsKeyId !== undefined && (typeof kmsKeyId !== 'string' || kmsKeyId.trim() === '')) {
      throw new TypeError('createS3ObjectStore: `serverSideEncryption.kmsKeyId` must be a KMS key id, alias or ARN (or left out for the bucket\'s default key).');
    }
    if (bucketKey !== undefined && typeof bucketKey !== 'boolean') {
      throw new TypeError('createS3ObjectStore: `serverSideEncryption.bucketKey` must be true or false.');
    }
    return {
      ServerSideEncryption: 'aws:kms',
      ...(kmsKeyId !== undefined ? { SSEKMSKeyId: kmsKeyId } : {}),
      ...(bucketKey !== undefined ? { BucketKeyEnabled: bucketKey } : {}),
    };
  }
  throw new TypeError(
    `createS3ObjectStore: \`serverSideEncryption.type\` must be "AES256" or "aws:kms", got ${JSON.stringify((setting as { type?: unknown }).type)}.`,
  );
}
