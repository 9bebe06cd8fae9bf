/**
 * The audit log: append-only and hash-chained, one object per entry on the ObjectStore,
 * `audit/<tenant>/<seq>.json` (see audit-entry.ts for what an entry holds and how it is hashed).
 *
 * An entry is written with `ifNoneMatch: '*'`, so two appenders (two server processes, or two
 * Lambda instances on S3) can never both write seq N: the loser gets PreconditionFailedError,
 * reads where the chain now ends and appends after it. The chain therefore never forks. Inside
 * one process, appends to a tenant also wait for each other, so they do not even race.
 *
 * What the chain proves, and what it does not: any change to a stored entry, and any entry
 * removed before the newest one, shows in verifyAuditChain. Removing the newest entries leaves a
 * shorter chain that still verifies; to catch that, keep the head hash that verifyAuditChain
 * returns somewhere the log's writers cannot change (a report, a WORM bucket, S3 Object Lock).
 */
import { KeyedLock } from '../storage/keyed-lock.js';
import { getJson, PreconditionFailedError, putJson, StoredJsonError, type ObjectStore } from '../storage/object-store.js';
import {
  AUDIT_GENESIS_HASH,
  AuditRecordError,
  auditKey,
  auditPrefix,
  hashAuditEntry,
  MAX_AUDIT_SEQ,
  parseAuditEntry,
  parseAuditRecord,
  seqOfAuditKey,
  type AuditEntry,
  type AuditRecord,
} from './audit-entry.js';

export interface AuditLogOptions {
  store: ObjectStore;
  now?: () => number;
}

export interface ReadAuditOptions {
  /** The first seq to read (default 1). */
  from?: number;
  /** 1..1000, default 100. */
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The seq to read from next, when there may be more. */
  next?: number;
}

export interface AuditLog {
  /** Appends a record and returns the entry as stored. Throws AuditRecordError (naming the field) for a record that breaks the rules. */
  append(record: AuditRecord): Promise<AuditEntry>;
  read(tenant: string, options?: ReadAuditOptions): Promise<AuditPage>;
}

export type AuditChainBreak = 'missing' | 'malformed' | 'misplaced' | 'hash-mismatch' | 'chain-mismatch';

export type AuditVerification =
  | {
      ok: true;
      /** How many entries the chain holds. */
      entries: number;
      /** The newest entry's seq and hash (seq 0 and the genesis hash for an empty log): keep it to detect truncation later. */
      head: { seq: number; hash: string };
    }
  | {
      ok: false;
      /** The first seq at which the chain does not hold. */
      brokenAt: number;
      reason: AuditChainBreak;
      message: string;
    };

interface Head {
  seq: number;
  hash: string;
}

const MAX_APPEND_ATTEMPTS = 64;
const MAX_BACKOFF_MS = 100;
const VERIFY_READ_CONCURRENCY = 32;

export function createAuditLog(options: AuditLogOptions): AuditLog {
  if (!options?.store) throw new TypeError('createAuditLog: pass `store`, the ObjectStore the log is kept in.');
  const { store } = options;
  const now = options.now ?? Date.now;
  const heads = new Map<string, Head>();
  const queue = new KeyedLock();

  async function append(input: AuditRecord): Promise<AuditEntry> {
    const record = parseAuditRecord(input);
    return queue.run(record.tenant, async () => {
      let head = heads.get(record.tenant) ?? (await findHead(store, record.tenant, { seq: 0, hash: AUDIT_GENESIS_HASH }));
      for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
        if (head.seq >= MAX_AUDIT_SEQ) throw new Error(`audit: the log of tenant ${record.tenant} is full (${MAX_AUDIT_SEQ} entries).`);
        const unsealed = { seq: head.seq + 1, at: new Date(now()).toISOString(), ...record, prevHash: head.hash };
        const entry: AuditEntry = { ...unsealed, hash: hashAuditEntry(unsealed) };
        try {
          await putJson(store, auditKey(record.tenant, entry.seq), entry, { ifNoneMatch: '*' });
          heads.set(record.tenant, { seq: entry.seq, hash: entry.hash });
          return entry;
        } catch (error) {
          if (!(error instanceof PreconditionFailedError)) throw error;
          // Another appender took this seq: wait a moment (random, growing), so that the writers that
          // keep colliding spread out, then continue from wherever the chain ends now.
          await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt));
          head = await findHead(store, record.tenant, head);
        }
      }
      throw new Error(`audit: could not append to the log of tenant ${record.tenant} after ${MAX_APPEND_ATTEMPTS} attempts; other appenders kept winning.`);
    });
  }

  return { append, read: (tenant, readOptions) => readAudit(store, tenant, readOptions) };
}

/** One page of a tenant's entries from `from`, as stored (each checked against the entry rules, not against the chain). */
export async function readAudit(store: ObjectStore, tenant: string, options: ReadAuditOptions = {}): Promise<AuditPage> {
  const prefix = auditPrefix(tenant);
  const from = options.from ?? 1;
  const limit = options.limit ?? 100;
  if (!Number.isInteger(from) || from < 1 || from > MAX_AUDIT_SEQ) throw new TypeError('readAudit: `from` must be a seq, a whole number from 1.');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError('readAudit: `limit` must be a whole number from 1 to 1000.');
  const page = await store.list(prefix, { limit, ...(from > 1 ? { startAfter: auditKey(tenant, from - 1) } : {}) });
  const keys = page.items.map((item) => item.key).filter((key) => seqOfAuditKey(prefix, key) !== undefined);
  const entries = (await Promise.all(keys.map((key) => readEntry(store, key)))).filter((entry): entry is AuditEntry => entry !== undefined);
  const last = entries.at(-1);
  return page.cursor && last ? { entries, next: last.seq + 1 } : { entries };
}

/**
 * Reads a tenant's whole chain and checks every link: seqs without gaps from 1, each entry at its
 * own key and tenant, each hash recomputed, each prevHash equal to the previous entry's hash.
 * Reports the first seq where it does not hold.
 */
export async function verifyAuditChain(store: ObjectStore, tenant: string): Promise<AuditVerification> {
  const prefix = auditPrefix(tenant);
  let previous: Head = { seq: 0, hash: AUDIT_GENESIS_HASH };
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, cursor ? { cursor } : {});
    cursor = page.cursor;
    const keyed = page.items.flatMap((item) => {
      const seq = seqOfAuditKey(prefix, item.key);
      return seq === undefined ? [] : [{ key: item.key, seq }];
    });
    for (let start = 0; start < keyed.length; start += VERIFY_READ_CONCURRENCY) {
      const batch = keyed.slice(start, start + VERIFY_READ_CONCURRENCY);
      const loaded = await Promise.all(batch.map(async ({ key, seq }) => ({ key, seq, raw: await store.get(key) })));
      for (const { key, seq, raw } of loaded) {
        const expected = previous.seq + 1;
        if (seq !== expected || !raw) return broken(expected, 'missing', `entry ${expected} is missing from ${prefix}.`);
        let entry: AuditEntry;
        try {
          entry = parseAuditEntry(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw.body)));
        } catch (error) {
          const detail = error instanceof AuditRecordError ? error.message : 'it is not UTF-8 JSON';
          return broken(seq, 'malformed', `entry ${seq} (${key}) is not a valid audit entry: ${detail}`);
        }
        if (entry.seq !== seq || entry.tenant !== tenant) {
          return broken(seq, 'misplaced', `entry ${seq} (${key}) says it is entry ${entry.seq} of tenant ${entry.tenant}.`);
        }
        if (hashAuditEntry(entry) !== entry.hash) return broken(seq, 'hash-mismatch', `entry ${seq} was changed after it was written: its hash does not match its content.`);
        if (entry.prevHash !== previous.hash) {
          return broken(seq, 'chain-mismatch', `entry ${seq} does not follow entry ${previous.seq}: its prevHash is not that entry's hash.`);
        }
        previous = { seq: entry.seq, hash: entry.hash };
      }
    }
  } while (cursor);
  return { ok: true, entries: previous.seq, head: previous };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function broken(brokenAt: number, reason: AuditChainBreak, message: string): AuditVerification {
  return { ok: false, brokenAt, reason, message };
}

async function readEntry(store: ObjectStore, key: string): Promise<AuditEntry | undefined> {
  const found = await getJson(store, key, parseAuditEntry);
  return found?.value;
}

/** The newest entry at or after `known`; lists only the keys after it, so a warm appender reads little. */
async function findHead(store: ObjectStore, tenant: string, known: Head): Promise<Head> {
  const prefix = auditPrefix(tenant);
  let lastKey: string | undefined;
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, cursor ? { cursor } : known.seq > 0 ? { startAfter: auditKey(tenant, known.seq) } : {});
    for (const item of page.items) if (seqOfAuditKey(prefix, item.key) !== undefined) lastKey = item.key;
    cursor = page.cursor;
  } while (cursor);
  if (!lastKey) return known;
  const entry = await readEntry(store, lastKey);
  if (!entry) return findHead(store, tenant, known); // removed between list and get: look again
  if (entry.seq !== seqOfAuditKey(prefix, lastKey)) {
    throw new StoredJsonError(lastKey, `it holds entry ${entry.seq}; run verifyAuditChain for tenant ${tenant}.`);
  }
  return { seq: entry.seq, hash: entry.hash };
}
