/**
 * The users an admin can assign a review to. A host portal backs this port with its own directory
 * (SCIM, its user table); the embedded stack uses its built-in dev users.
 */
import type { User } from '@surgery-video/client';
import { DEV_USERS } from '../identity/dev-users.js';

export interface UserDirectory {
  /** The user with this id in this tenant, or `undefined` (another tenant's user is not found). */
  get(tenant: string, id: string): Promise<User | undefined>;
}

export function createStaticUserDirectory(users: readonly User[]): UserDirectory {
  return { get: async (tenant, id) => users.find((user) => user.id === id && user.tenant === tenant) };
}

export function createDevUserDirectory(): UserDirectory {
  return createStaticUserDirectory(DEV_USERS);
}
