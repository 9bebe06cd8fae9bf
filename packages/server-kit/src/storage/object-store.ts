/**
 * The object-store port: what the domain services need from S3, and no more. Edits, reviews and
 * the audit log are kept as objects under keys that hold ids only (see object-key.ts).
 *
 * Concurrency is optimistic, with S3's own conditional writes: `put` with `ifMatch: etag` replaces
 * an object only if nobody changed it since it was read, and `ifNoneMatch: '*'` creates it only if
 * it does not exist yet. A failed condition throws PreconditionFailedError (S3: HTTP 412, or 409
 * ConditionalRequestConflict), which callers turn into "reload and try again" or a 409 for the
 * user. Etags are opaque: compare them, never parse them.
 *
 * Adapters: the directory store (directory-store.ts) and S3 (aws/s3-object-store.ts: PutObject with
 * If-Match / If-None-Match, DeleteObject with If-Match, ListObjectsV2); both run the contract suite
 * in test/storage/object-store-contract.ts.
 */

export interface StoredObject {
  body: Uint8Array;
  etag: string;
  contentType?: string;
  lastModified: Date;
}

export interface PutOptions {
  contentType?: string;
  /** Replace only if the object's current etag is this one. */
  ifMatch?: string;
  /** `'*'`: create only if no object has this key. */
  ifNoneMatch?: '*';
}

export interface DeleteOptions {
  /** Delete only if the object's current etag is this one (a missing object fails the condition). */
  ifMatch?: string;
}

export interface ListOptions {
  /** From the previous page's `cursor`. */
  cursor?: string;
  /** Keys strictly after this one (S3's StartAfter); ignored when `cursor` is given. */
  startAfter?: string;
  /** 1..1000, default 1000 (S3's page size). */
  limit?: number;
}

export interface ListedObject {
  key: string;
  etag: string;
  /** Bytes. */
  size: number;
}

export interface ObjectList {
  /** In ascending key order (byte order, as S3 lists). */
  items: ListedObject[];
  /** Present when there are more keys: pass it back to get the next page. */
  cursor?: string;
}

export interface ObjectStore {
  /** `undefined` when there is no object with this key. */
  get(key: string): Promise<StoredObject | undefined>;
  /** Throws PreconditionFailedError when `ifMatch` or `ifNoneMatch` does not hold. */
  put(key: string, body: Uint8Array, options?: PutOptions): Promise<{ etag: string }>;
  /** Deleting a missing key is not an error (as in S3), unless `ifMatch` is given. */
  delete(key: string, options?: DeleteOptions): Promise<void>;
  list(prefix: string, options?: ListOptions): Promise<ObjectList>;
}

export const MAX_LIST_LIMIT = 1000;

/** A conditional write or delete found the object changed (or present, or absent). Recoverable: reload and retry. */
export class PreconditionFailedError extends Error {
  override readonly name = 'PreconditionFailedError';
  readonly code = 'precondition-failed';

  constructor(
    readonly key: string,
    readonly condition: 'if-match' | 'if-none-match',
    options?: { cause?: unknown },
  ) {
    super(
      condition === 'if-none-match'
        ? `An object already exists at ${key}; it was not replaced.`
        : `The object at ${key} changed (or was deleted) since it was read; read it again and retry.`,
      options,
    );
  }
}

/** Checks the options every adapter receives, the same way, before touching storage. */
export function assertPutOptions(options: PutOptions): void {
  if (options.ifMatch !== undefined && options.ifNoneMatch !== undefined) {
    throw new TypeError('put: give either `ifMatch` (replace this version) or `ifNoneMatch: "*"` (create only), not both.');
  }
  if (options.ifNoneMatch !== undefined && options.ifNoneMatch !== '*') {
    throw new TypeError('put: `ifNoneMatch` only takes "*" (create only if absent).');
  }
  if (options.ifMatch !== undefined && (typeof options.ifMatch !== 'string' || options.ifMatch === '')) {
    throw new TypeError('put: `ifMatch` must be the etag returned by get, put or list.');
  }
}

export function assertListLimit(limit: number | undefined): number {
  if (limit === undefined) return MAX_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new TypeError(`list: \`limit\` must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${String(limit)}.`);
  }
  return limit;
}

/** Stored JSON that does not parse, or that its schema refuses: the stored object is bad, not the caller. */
export class StoredJsonError extends Error {
  override readonly name = 'StoredJsonError';
  readonly code = 'stored-json-invalid';

  constructor(
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`The object at ${key} is not valid: ${message}`, options);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON object. `parse` is the schema of what is stored there: it returns the typed value
 * or throws (its message is kept, wrapped in a StoredJsonError naming the key).
 */
export async function getJson<T = unknown>(
  store: ObjectStore,
  key: string,
  parse: (value: unknown) => T = (value) => value as T,
): Promise<{ value: T; etag: string } | undefined> {
  const object = await store.get(key);
  if (!object) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(object.body));
  } catch (cause) {
    throw new StoredJsonError(key, 'it is not UTF-8 JSON.', { cause });
  }
  try {
    return { value: parse(raw), etag: object.etag };
  } catch (cause) {
    throw new StoredJsonError(key, cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Writes a value as `application/json`, with the same conditions as `put`. */
export function putJson(store: ObjectStore, key: string, value: unknown, options: Omit<PutOptions, 'contentType'> = {}): Promise<{ etag: string }> {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`putJson: the value for ${key} is not representable as JSON.`);
  return store.put(key, encoder.encode(text), { ...options, contentType: 'application/json' });
}
