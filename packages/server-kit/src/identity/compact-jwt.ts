/**
 * Just enough JWS for bearer tokens: split and decode a compact JWT, and check its signature with
 * node:crypto for the three algorithms we accept. Which algorithms a token may use is decided by
 * the caller from its configuration, never by the token's header: a token that says HS256 to a
 * verifier holding an RSA public key is refused, not checked with the public key as a secret.
 */
import { createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

export type JwtAlgorithm = 'RS256' | 'ES256' | 'HS256';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  alg: string;
  kid?: string;
  /** `header.payload`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/** Longer than any real portal token; refuses oversized input before decoding it. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const PART = /^[A-Za-z0-9_-]+$/;

/** `undefined` when the token is not a well-formed compact JWS with JSON object header and payload. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => PART.test(part))) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonObject(headerPart);
  const payload = decodeJsonObject(payloadPart);
  if (!header || !payload || typeof header['alg'] !== 'string') return undefined;
  if (header['kid'] !== undefined && typeof header['kid'] !== 'string') return undefined;
  return {
    header,
    payload,
    alg: header['alg'],
    ...(typeof header['kid'] === 'string' ? { kid: header['kid'] } : {}),
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

/** Checks `jwt.signature` over `jwt.signingInput` with `key` (a secret for HS256, a public key otherwise). */
export function verifyJwtSignature(jwt: DecodedJwt, alg: JwtAlgorithm, key: KeyObject | Uint8Array): boolean {
  const data = Buffer.from(jwt.signingInput, 'ascii');
  if (alg === 'HS256') {
    if (!(key instanceof Uint8Array)) return false;
    const expected = createHmac('sha256', key).update(data).digest();
    return jwt.signature.length === expected.length && timingSafeEqual(jwt.signature, expected);
  }
  if (key instanceof Uint8Array || !keyFitsAlgorithm(key, alg)) return false;
  try {
    if (alg === 'ES256') return jwt.signature.length === 64 && verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
    return verify('sha256', data, key, jwt.signature);
  } catch {
    return false;
  }
}

/** RS256 takes an RSA key of 2048 bits or more; ES256 a P-256 key. */
export function keyFitsAlgorithm(key: KeyObject, alg: 'RS256' | 'ES256'): boolean {
  if (key.type !== 'public') return false;
  if (alg === 'RS256') return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/** Signs an HS256 token (the embedded stack's dev tokens). */
export function signHs256(payload: Record<string, unknown>, secret: Uint8Array): string {
  const signingInput = `${base64urlJson({ alg: 'HS256', typ: 'JWT' })}.${base64urlJson(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(part, 'base64url')));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
