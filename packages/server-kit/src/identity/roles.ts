import type { Role } from '@surgery-video/client';

/** The product's roles, in the order they are listed everywhere (tables, role switcher, token claims). */
export const ROLES = ['admin', 'specialist', 'trainee', 'clinician'] as const satisfies readonly Role[];

// Fails to compile when the client's Role union gains a role this list lacks.
type Missing = Exclude<Role, (typeof ROLES)[number]>;
const everyRoleListed: [Missing] extends [never] ? true : Missing = true;
void everyRoleListed;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
