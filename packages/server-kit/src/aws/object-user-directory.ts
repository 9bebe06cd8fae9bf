/**
 * The users an admin can assign a review to, on a deployment with no directory of its own: one
 * object in the data bucket, `config/users.json`, that the operator keeps (or the portal exports):
 *
 *   { "users": [{ "id": "dr-7", "tenant": "st-marys", "roles": ["specialist"], "specialty": "orthopaedics" }] }
 *
 * Ids only: the portal knows who `dr-7` is and shows the name; a name, an e-mail or any other field
 * is refused, so the bucket never holds personal data beyond the ids the edits already carry.
 *
 * The object is read at cold start (a bad one fails the start, naming the entry) and again when
 * the copy in memory is older than `maxAgeMs`, so an added specialist is assignable within a
 * minute without a redeploy. A later read that fails keeps the last good list and logs why.
 */
import type { Role, User } from '@surgery-video/client';
import type { UserDirectory } from '../edits/user-directory.js';
import { isRole, ROLES } from '../identity/roles.js';
import type { ObjectStore } from '../storage/object-store.js';

export const USERS_OBJECT = 'config/users.json';

/** A UserDirectory that can also say who there is, for an admin choosing a specialist. */
export interface AssignableUserDirectory extends UserDirectory {
  /** The tenant's users with the role (and specialty, when given), sorted by id. */
  list(tenant: string, filter?: { role?: Role; specialty?: string }): Promise<User[]>;
}

export interface ObjectUserDirectoryOptions {
  store: ObjectStore;
  /** How long the list read is used before it is read again (ms, default 60 000). */
  maxAgeMs?: number;
  now?: () => number;
  /** Lines with the object's key and the reason only. */
  log?: (line: string) => void;
}

const FIELDS = new Set(['id', 'tenant', 'roles', 'specialty']);
// The ids tokens may carry (identity/token-claims.ts): a user id becomes an Edit's `review.assignee`.
const USER_ID = /^[A-Za-z0-9_-]{1,100}$/;
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `config/users.json`, refused whole with the entry and field at fault; no object means nobody to assign. */
export function parseUserDirectory(body: Uint8Array | undefined): User[] {
  if (!body) return [];
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new Error(`${USERS_OBJECT}: not JSON.`);
  }
  const entries = (value as Record<string, unknown> | null)?.['users'];
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Array.isArray(entries)) {
    throw new Error(`${USERS_OBJECT}: must be {"users": [{ "id", "tenant", "roles", "specialty"? }]}.`);
  }
  const seen = new Set<string>();
  return entries.map((entry: unknown, i): User => {
    const at = `${USERS_OBJECT}: users[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`${at} must be an object.`);
    const e = entry as Record<string, unknown>;
    const extra = Object.keys(e).find((key) => !FIELDS.has(key));
    if (extra !== undefined) throw new Error(`${at}.${extra} is not allowed: only id, tenant, roles and specialty are kept (ids only; the portal shows names).`);
    if (typeof e['id'] !== 'string' || !USER_ID.test(e['id'])) throw new Error(`${at}.id must be the portal's user id (1 to 100 letters, digits, "_" or "-").`);
    if (typeof e['tenant'] !== 'string' || !TENANT_ID.test(e['tenant'])) throw new Error(`${at}.tenant must be the tenant id the portal's tokens carry (letters, digits, ".", "_", "-").`);
    const roles = e['roles'];
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) throw new Error(`${at}.roles must be a non-empty list of ${ROLES.join(', ')}.`);
    const specialty = e['specialty'];
    if (specialty !== undefined && (typeof specialty !== 'string' || specialty.trim() === '')) throw new Error(`${at}.specialty must be a specialty name such as "orthopaedics".`);
    const key = `${e['tenant']}/${e['id']}`;
    if (seen.has(key)) throw new Error(`${at}.id: ${e['id']} of tenant ${e['tenant']} is listed twice.`);
    seen.add(key);
    // User.name is required by the type; the directory holds no names, so it is the id.
    return { id: e['id'], name: e['id'], tenant: e['tenant'], roles: [...roles], ...(specialty !== undefined ? { specialty } : {}) };
  });
}

/** Reads the directory once now (throwing on a bad object), then at most once per `maxAgeMs`. */
export async function createObjectUserDirectory(options: ObjectUserDirectoryOptions): Promise<AssignableUserDirectory> {
  const { store } = options;
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.error(line));
  const read = async () => parseUserDirectory((await store.get(USERS_OBJECT))?.body);

  let users = await read();
  let readAt = now();
  let refreshing: Promise<void> | undefined;
  const current = async (): Promise<readonly User[]> => {
    if (now() - readAt >= maxAgeMs) {
      refreshing ??= read()
        .then((fresh) => void (users = fresh))
        .catch((error: unknown) => log(`${USERS_OBJECT}: kept the last good list: ${error instanceof Error ? error.message : 'unknown error'}`))
        .finally(() => {
          readAt = now();
          refreshing = undefined;
        });
      await refreshing;
    }
    return users;
  };

  return {
    get: async (tenant, id) => (await current()).find((user) => user.tenant === tenant && user.id === id),
    list: async (tenant, filter = {}) =>
      (await current())
        .filter((user) => user.tenant === tenant && (!filter.role || user.roles.includes(filter.role)) && (filter.specialty === undefined || user.specialty === filter.specialty))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
