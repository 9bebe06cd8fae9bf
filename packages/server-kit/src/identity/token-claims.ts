/**
 * From verified token claims to a User. A host portal names its claims its own way
 * (`sub` or `oid`, `https://portal.example/roles`, `realm_access.roles`, `org`, `dept`) and its
 * own roles (`Consultant`, `Registrar`, `Platform Admin`); the mapping is configuration, so the
 * code after authentication only ever sees our User and our four roles. The embedded stack's dev
 * tokens go through the same mapping with the default names.
 */
import type { Role, User } from '@surgery-video/client';
import { isRole, ROLES } from './roles.js';

/** A top-level claim (any string, URLs included), or a path into nested objects: `['realm_access', 'roles']`. */
export type ClaimName = string | readonly string[];

export interface ClaimNames {
  /** Default `sub`. */
  user?: ClaimName;
  /** Default `name`; the user id is shown when the token has none. */
  name?: ClaimName;
  /** Default `roles`: an array of role names, or one string of names separated by spaces or commas. */
  roles?: ClaimName;
  /** Default `tenant`. */
  tenant?: ClaimName;
  /** Default `specialty`; optional in the token. */
  specialty?: ClaimName;
}

export interface ClaimMapping {
  claims?: ClaimNames;
  /**
   * The portal's role names to ours. Roles the portal has and the map does not name are ignored.
   * Without a map, only our own names (`admin`, `specialist`, `trainee`, `clinician`) count.
   */
  roleMap?: Readonly<Record<string, Role | readonly Role[]>>;
  /** Every user of this portal belongs to this tenant; the tenant claim is then not read. */
  fixedTenant?: string;
}

export type ClaimRefusal = { ok: false; reason: `missing-claim:${string}` | `invalid-claim:${string}`; message: string };
export type ClaimResult = { ok: true; user: User } | ClaimRefusal;

/** A user id becomes an Edit's `createdBy` and `review.assignee`: the Edit schema's id rule (packages/client), so whoever signs in can save. */
const USER_ID = /^[A-Za-z0-9_-]{1,100}$/;
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const LABEL = /^[^\u0000-\u001f\u007f]{1,200}$/;

export function createClaimMapper(mapping: ClaimMapping = {}): (claims: Record<string, unknown>) => ClaimResult {
  const names = {
    user: claimName(mapping.claims?.user, 'sub', 'user'),
    name: claimName(mapping.claims?.name, 'name', 'name'),
    roles: claimName(mapping.claims?.roles, 'roles', 'roles'),
    tenant: claimName(mapping.claims?.tenant, 'tenant', 'tenant'),
    specialty: claimName(mapping.claims?.specialty, 'specialty', 'specialty'),
  };
  const roleMap = buildRoleMap(mapping.roleMap);
  const fixedTenant = mapping.fixedTenant;
  if (fixedTenant !== undefined && !TENANT_ID.test(fixedTenant)) {
    throw new TypeError('identity: `fixedTenant` must be a tenant id (letters, digits, ".", "_", "-", at most 64 characters).');
  }

  return (claims) => {
    const id = read(claims, names.user.path);
    if (id === undefined) return missing(names.user.label, 'the user id');
    if (typeof id !== 'string' || !USER_ID.test(id)) return invalid(names.user.label, 'must be a user id (letters, digits, "_" and "-", at most 100 characters); map another claim with `claims.user` if this one holds more');

    const rawRoles = read(claims, names.roles.path);
    if (rawRoles === undefined) return missing(names.roles.label, 'the user\'s roles');
    const given = typeof rawRoles === 'string' ? rawRoles.split(/[\s,]+/).filter(Boolean) : rawRoles;
    if (!Array.isArray(given) || !given.every((role) => typeof role === 'string')) return invalid(names.roles.label, 'must be an array of role names, or one string of names');
    const mapped = new Set(given.flatMap((role) => roleMap.get(role) ?? []));
    const roles = ROLES.filter((role) => mapped.has(role));
    if (roles.length === 0) {
      return invalid(names.roles.label, `names no role of this product (${ROLES.join(', ')}); map the portal's role names with \`roleMap\``);
    }

    let tenant = fixedTenant;
    if (tenant === undefined) {
      const raw = read(claims, names.tenant.path);
      if (raw === undefined) return missing(names.tenant.label, 'the tenant (or configure `fixedTenant`)');
      if (typeof raw !== 'string' || !TENANT_ID.test(raw)) return invalid(names.tenant.label, 'must be a tenant id (letters, digits, ".", "_", "-", at most 64 characters)');
      tenant = raw;
    }

    const name = read(claims, names.name.path);
    if (name !== undefined && (typeof name !== 'string' || !LABEL.test(name))) return invalid(names.name.label, 'must be a display name (a string of 1 to 200 characters)');
    const specialty = read(claims, names.specialty.path);
    if (specialty !== undefined && (typeof specialty !== 'string' || !LABEL.test(specialty))) return invalid(names.specialty.label, 'must be a string');

    return {
      ok: true,
      user: { id, name: (name as string | undefined) ?? id, roles, tenant, ...(specialty === undefined ? {} : { specialty: specialty as string }) },
    };
  };
}

function read(claims: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = claims;
  for (const part of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value === null ? undefined : value;
}

function claimName(value: ClaimName | undefined, fallback: string, option: string): { path: readonly string[]; label: string } {
  const path = value === undefined ? [fallback] : typeof value === 'string' ? [value] : [...value];
  if (path.length === 0 || !path.every((part) => typeof part === 'string' && part !== '')) {
    throw new TypeError(`identity: \`claims.${option}\` must be a claim name such as "${fallback}", or a path such as ["realm_access", "roles"].`);
  }
  return { path, label: path.join('.') };
}

function buildRoleMap(roleMap: ClaimMapping['roleMap']): Map<string, readonly Role[]> {
  if (roleMap === undefined) return new Map(ROLES.map((role) => [role, [role]]));
  const map = new Map<string, readonly Role[]>();
  for (const [portalName, ours] of Object.entries(roleMap)) {
    const list = typeof ours === 'string' ? [ours] : ours;
    if (!Array.isArray(list) || list.length === 0 || !list.every(isRole)) {
      throw new TypeError(`identity: \`roleMap[${JSON.stringify(portalName)}]\` must be one of ${ROLES.join(', ')} (or a list of them).`);
    }
    map.set(portalName, list);
  }
  return map;
}

function missing(claim: string, what: string): ClaimRefusal {
  return { ok: false, reason: `missing-claim:${claim}`, message: `The token has no "${claim}" claim (${what}).` };
}

function invalid(claim: string, rule: string): ClaimRefusal {
  return { ok: false, reason: `invalid-claim:${claim}`, message: `The token's "${claim}" claim ${rule}.` };
}
