/**
 * How the S3 adapter reads the SDK's errors, and the one error it throws for a failed request.
 * The error names the operation, the key (ids only, object-key.ts) and S3's error code and status,
 * never a body: the SDK's own error is kept as `cause` for whoever needs the request id.
 */

/** A request to S3 failed for another reason than a missing object or a failed condition. */
export class S3ObjectStoreError extends Error {
  override readonly name = 'S3ObjectStoreError';
  readonly code = 's3-request-failed';
  /** S3's error code, e.g. `AccessDenied`, `NoSuchBucket`, `SlowDown` (or the network error's name). */
  readonly s3Code: string;
  /** The HTTP status, when S3 answered. */
  readonly status: number | undefined;
  /**
   * True when trying again will not help (4xx: permissions, missing bucket, bad settings); false for
   * throttling, 5xx and network failures, which the SDK already retried and which may pass later.
   */
  readonly fatal: boolean;

  constructor(
    readonly operation: string,
    /** The object key (or list prefix) of the port, without the store's prefix. */
    readonly key: string,
    cause: unknown,
    detail?: string,
  ) {
    const status = statusOf(cause);
    const s3Code = s3CodeOf(cause);
    super(
      `S3 ${operation} of ${key} failed: ${detail ?? `${s3Code}${status !== undefined ? ` (HTTP ${status})` : ''}`}.`,
      { cause },
    );
    this.s3Code = s3Code;
    this.status = status;
    this.fatal = status !== undefined && status >= 400 && status < 500 && status !== 429 && s3Code !== 'SlowDown' && s3Code !== 'RequestTimeout';
  }
}

export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/** The SDK puts S3's `<Code>` in `name`. */
export function s3CodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { Code, name } = error as { Code?: unknown; name?: unknown };
    if (typeof Code === 'string' && Code !== '') return Code;
    if (typeof name === 'string' && name !== '') return name;
  }
  return 'UnknownError';
}

export function isMissingObject(error: unknown): boolean {
  const code = s3CodeOf(error);
  return code === 'NoSuchKey' || code === 'NotFound' || (statusOf(error) === 404 && code !== 'NoSuchBucket' && code !== 'NoSuchUpload');
}

/** 412 PreconditionFailed, or 409 ConditionalRequestConflict (a concurrent write to the key won the race). */
export function isFailedCondition(error: unknown): boolean {
  const code = s3CodeOf(error);
  return code === 'PreconditionFailed' || code === 'ConditionalRequestConflict' || statusOf(error) === 412;
}
