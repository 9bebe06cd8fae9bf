/**
 * One audit entry, its hash and its rules. Each entry commits to the one before it:
 * `hash = sha256(prevHash + canonical JSON of the entry without hash)`, and the first entry of a
 * tenant starts from 64 zeros. Changing, removing or reordering any stored entry breaks the chain
 * from there on, which verifyAuditChain reports.
 *
 * Entries hold ids and action names only, never free text: the log is kept for years, read by
 * auditors and copied into SIEMs, so nothing in it may identify a patient. Every field has a
 * narrow alphabet (no spaces), unknown fields are refused, and the refusal names the field.
 */
import { createHash } from 'node:crypto';

export interface AuditTarget {
  /** What kind of thing was acted on: `asset`, `live`, `edit`, `review`, `job`, `user`… */
  type: string;
  id: string;
}

/** What a caller records: who did what to which thing, and the request it came with. */
export interface AuditRecord {
  tenant: string;
  /** The user id (or a service id such as `system`). */
  actor: string;
  /** A dotted action name, e.g. `review.assign`, `asset.grant`. */
  action: string;
  target: AuditTarget;
  correlationId?: string;
}

/** What is stored: the record, its place in the chain, and the time the log took it. */
export interface AuditEntry extends AuditRecord {
  seq: number;
  /** ISO 8601, set by the log. */
  at: string;
  prevHash: string;
  hash: string;
}

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

const TENANT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@|+-]{0,127}$/;
const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){0,4}$/;
const TARGET_TYPE = /^[a-z][a-z0-9-]{0,31}$/;
const HASH = /^[0-9a-f]{64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_SEQ = 999_999_999_999;

const ID_RULE = 'an id (letters, digits and . _ : @ | + -, starting with a letter or digit, at most 128 characters, no spaces): audit entries hold ids only, never free text';

/** Input that breaks the entry rules: the caller's mistake, naming the field. */
export class AuditRecordError extends TypeError {
  override readonly name = 'AuditRecordError';
  readonly code = 'invalid-audit-record';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`audit: "${field}" ${message}`);
  }
}

/** Checks a record before it is appended; returns a clean copy with only the known fields. */
export function parseAuditRecord(input: unknown): AuditRecord {
  const record = asObject(input, 'record');
  onlyFields(record, ['tenant', 'actor', 'action', 'target', 'correlationId'], '');
  const target = asObject(record['target'], 'target');
  onlyFields(target, ['type', 'id'], 'target.');
  const correlationId = record['correlationId'];
  return {
    tenant: matching(record['tenant'], 'tenant', TENANT, 'must be a tenant id (letters, digits, ".", "_", "-", at most 64 characters)'),
    actor: matching(record['actor'], 'actor', ID, `must be ${ID_RULE}`),
    action: matching(record['action'], 'action', ACTION, 'must be a dotted action name such as "review.assign" (lowercase words, no spaces)'),
    target: {
      type: matching(target['type'], 'target.type', TARGET_TYPE, 'must be a lowercase kind such as "edit" or "asset"'),
      id: matching(target['id'], 'target.id', ID, `must be ${ID_RULE}`),
    },
    ...(correlationId === undefined ? {} : { correlationId: matching(correlationId, 'correlationId', ID, `must be ${ID_RULE}`) }),
  };
}

/** Checks a stored entry: the record rules, plus the chain fields. Throws AuditRecordError naming the field. */
export function parseAuditEntry(input: unknown): AuditEntry {
  const entry = asObject(input, 'entry');
  onlyFields(entry, ['seq', 'at', 'tenant', 'actor', 'action', 'target', 'correlationId', 'prevHash', 'hash'], '');
  const { seq, at, prevHash, hash, ...record } = entry;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new AuditRecordError('seq', 'must be a whole number from 1.');
  return {
    seq,
    at: matching(at, 'at', ISO_TIME, 'must be an ISO 8601 UTC time with milliseconds.'),
    ...parseAuditRecord(record),
    prevHash: matching(prevHash, 'prevHash', HASH, 'must be a SHA-256 in hex.'),
    hash: matching(hash, 'hash', HASH, 'must be a SHA-256 in hex.'),
  };
}

/** `sha256(prevHash + canonical JSON of every field but hash)`, in hex. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...rest } = entry;
  return createHash('sha256').update(entry.prevHash).update(canonicalJson(rest)).digest('hex');
}

/** JSON with object keys sorted at every level and no whitespace, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `audit/<tenant>/<seq, 12 digits>.json`: listing a tenant's folder gives its entries in order. */
export function auditKey(tenant: string, seq: number): string {
  return `${auditPrefix(tenant)}${String(seq).padStart(12, '0')}.json`;
}

export function auditPrefix(tenant: string): string {
  if (typeof tenant !== 'string' || !TENANT.test(tenant)) throw new AuditRecordError('tenant', 'must be a tenant id (letters, digits, ".", "_", "-", at most 64 characters).');
  return `audit/${tenant}/`;
}

/** The seq an audit key stands for, or undefined for any other object under the prefix. */
export function seqOfAuditKey(prefix: string, key: string): number | undefined {
  const match = /^(\d{12})\.json$/.exec(key.slice(prefix.length));
  return key.startsWith(prefix) && match ? Number(match[1]) : undefined;
}

export const MAX_AUDIT_SEQ = MAX_SEQ;

function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AuditRecordError(field, 'must be an object.');
  return value as Record<string, unknown>;
}

function onlyFields(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new AuditRecordError(`${path}${key}`, `is not an audit field (allowed: ${allowed.join(', ')}); entries hold ids and action names only, never free text.`);
    }
  }
}

function matching(value: unknown, field: string, pattern: RegExp, rule: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new AuditRecordError(field, rule.endsWith('.') ? rule : `${rule}.`);
  return value;
}
