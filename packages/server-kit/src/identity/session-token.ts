/**
 * Compact HS256 JWTs for the embedded stack's dev users. The claims are the same ones a host
 * portal's token is mapped to (sub, roles, tenant, specialty), so the API code after
 * verification does not know which kind of token it was given.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role, User } from '@surgery-video/client';

export interface SessionClaims {
  sub: string;
  name: string;
  roles: Role[];
  tenant: string;
  specialty?: string;
  iat: number;
  exp: number;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function signSessionToken(user: User, secret: Buffer, options: { now?: number; ttlSeconds?: number } = {}): string {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const claims: SessionClaims = {
    sub: user.id,
    name: user.name,
    roles: user.roles,
    tenant: user.tenant,
    ...(user.specialty ? { specialty: user.specialty } : {}),
    iat,
    exp: iat + (options.ttlSeconds ?? 12 * 3600),
  };
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(createHmac('sha256', secret).update(signingInput).digest())}`;
}

export type VerifyResult = { ok: true; user: User } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export function verifySessionToken(token: string, secret: Buffer, now = Date.now()): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  let claims: SessionClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    user: {
      id: claims.sub,
      name: claims.name,
      roles: claims.roles,
      tenant: claims.tenant,
      ...(claims.specialty ? { specialty: claims.specialty } : {}),
    },
  };
}
