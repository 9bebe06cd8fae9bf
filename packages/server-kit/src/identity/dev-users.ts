/**
 * The built-in users of the embedded stack, one or more per role, so every screen of the product
 * can be tried without an identity provider. `trainee-9` lives in another tenant to show that
 * tenants never see each other. Production uses the host portal's identity instead.
 */
import type { User } from '@surgery-video/client';

export const DEV_USERS: readonly User[] = [
  { id: 'admin-1', name: 'Admin One', roles: ['admin'], tenant: 'demo' },
  { id: 'specialist-1', name: 'Specialist One', roles: ['specialist'], tenant: 'demo', specialty: 'general-surgery' },
  { id: 'specialist-2', name: 'Specialist Two', roles: ['specialist'], tenant: 'demo', specialty: 'orthopaedics' },
  { id: 'trainee-1', name: 'Trainee One', roles: ['trainee'], tenant: 'demo' },
  { id: 'trainee-2', name: 'Trainee Two', roles: ['trainee'], tenant: 'demo' },
  { id: 'clinician-1', name: 'Clinician One', roles: ['clinician'], tenant: 'demo' },
  { id: 'trainee-9', name: 'Trainee Nine', roles: ['trainee'], tenant: 'other' },
];

export function findDevUser(id: string): User | undefined {
  return DEV_USERS.find((user) => user.id === id);
}
