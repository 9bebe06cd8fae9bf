/**
 * The embedded stack's dev tokens: compact HS256 JWTs whose claims have the default names a host
 * portal's token is mapped to (sub, name, roles, tenant, specialty), so after verification the
 * API does not know which kind of token it was given. They carry `iss: DEV_TOKEN_ISSUER`, which
 * is how an authenticator configured for both tells them from the portal's tokens.
 * createAuthenticator (authenticator.ts) verifies them.
 */
import type { Role, User } from '@surgery-video/client';
import { signHs256 } from './compact-jwt.js';

export const DEV_TOKEN_ISSUER = 'urn:surgery-video:dev';

export interface SessionClaims {
  iss: typeof DEV_TOKEN_ISSUER;
  sub: string;
  name: string;
  roles: Role[];
  tenant: string;
  specialty?: string;
  iat: number;
  exp: number;
}

export function signSessionToken(user: User, secret: Uint8Array, options: { now?: number; ttlSeconds?: number } = {}): string {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const claims: SessionClaims = {
    iss: DEV_TOKEN_ISSUER,
    sub: user.id,
    name: user.name,
    roles: user.roles,
    tenant: user.tenant,
    ...(user.specialty ? { specialty: user.specialty } : {}),
    iat,
    exp: iat + (options.ttlSeconds ?? 12 * 3600),
  };
  return signHs256({ ...claims }, secret);
}
