/**
 * The one rule for object keys, shared by every ObjectStore adapter so that a key the directory
 * store accepts is a key S3 accepts, and the other way round.
 *
 * Keys hold ids only (tenant, asset, edit, sequence numbers), never patient data or free text:
 * keys end up in S3 access logs, CloudTrail, URLs and file names, where nothing may identify a
 * patient. The alphabet below is narrow on purpose; it cannot hold a sentence.
 */

/** Printed in every refusal, so the caller learns the rule, not only that it was broken. */
export const OBJECT_KEY_RULE =
  'an object key is ids joined by "/": each part starts with a letter or digit and holds only letters, digits, ".", "_" and "-" ' +
  '(no "..", no leading or trailing "/", no empty part, no spaces), at most 200 characters a part and 1024 in all; keys hold ids only, never patient data';

// 200 a part leaves room, under the usual 255-byte file name limit, for the directory store's side files.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** A prefix may end part-way through a segment (`audit/demo/0000`) or right after a `/`. */
const PREFIX_TAIL = /^[A-Za-z0-9._-]{0,200}$/;
const MAX_KEY_LENGTH = 1024;

/** A key or prefix that breaks the key rule: a programmer's mistake, thrown at once. */
export class ObjectKeyError extends TypeError {
  override readonly name = 'ObjectKeyError';
  readonly code = 'invalid-object-key';

  constructor(
    readonly key: string,
    what: 'key' | 'prefix' = 'key',
  ) {
    super(`${JSON.stringify(key)} is not a valid object ${what}: ${OBJECT_KEY_RULE}.`);
  }
}

export function isObjectKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split('/').every((segment) => SEGMENT.test(segment));
}

export function assertObjectKey(key: unknown): asserts key is string {
  if (!isObjectKey(key)) throw new ObjectKeyError(String(key));
}

/** `''` lists everything; otherwise every complete part follows the key rule and the last may be partial. */
export function assertObjectPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string' || prefix.length > MAX_KEY_LENGTH) throw new ObjectKeyError(String(prefix), 'prefix');
  if (prefix === '') return;
  const segments = prefix.split('/');
  const tail = segments.pop() as string;
  const tailOk = PREFIX_TAIL.test(tail) && !tail.startsWith('.');
  if (!tailOk || !segments.every((segment) => SEGMENT.test(segment))) throw new ObjectKeyError(prefix, 'prefix');
}
