/**
 * The users an admin can assign a review to. A host portal backs this port with its own directory
 * (SCIM, its user table); the embedded stack uses its built-in dev users.
 */
import type { Role, User } from '@surgery-video/client';
import { DEV_USERS } from '../identity/dev-users.js';

export interface UserDirectoryFilter {
  role?: Role;
  specialty?: string;
}

export interface UserDirectory {
  /** The user with this id in this tenant, or `undefined` (another tenant's user is not found). */
  get(tenant: string, id: string): Promise<User | undefined>;
  /**
   * The tenant's users with the role (and specialty, when given), sorted by id: whom an admin can
   * choose from (`GET /api/v1/specialists`). Optional, so a directory that can only look users up
   * keeps working; without it that route answers 501.
   */
  list?(tenant: string, filter?: UserDirectoryFilter): Promise<User[]>;
}

export function createStaticUserDirectory(users: readonly User[]): UserDirectory {
  return {
    get: async (tenant, id) => users.find((user) => user.id === id && user.tenant === tenant),
    list: async (tenant, filter = {}) =>
      users
        .filter((user) => user.tenant === tenant && (!filter.role || user.roles.includes(filter.role)) && (filter.specialty === undefined || user.specialty === filter.specialty))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

export function createDevUserDirectory(): UserDirectory {
  return createStaticUserDirectory(DEV_USERS);
}
