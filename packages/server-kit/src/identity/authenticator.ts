/**
 * Who is calling: a bearer token in, a User or a refusal out. Two kinds of token are accepted,
 * each only when configured:
 *
 * - the embedded stack's dev tokens (HS256 with the stack's own secret, `iss` DEV_TOKEN_ISSUER);
 * - the host portal's JWT, checked with the portal's JWKS (RS256, ES256) or a shared secret
 *   (HS256), its issuer, audience and times, then mapped to a User by configurable claim names
 *   and a role map (token-claims.ts).
 *
 * The algorithms a token may use come from the configuration (JWKS: RS256/ES256, secret: HS256),
 * never from the token. A refusal is a result `{ ok: false, reason, message }` with a short
 * reason code a client or an operator can act on; neither the message nor the log ever holds the
 * token or its claims' values.
 */
import type { KeyObject } from 'node:crypto';
import type { User } from '@surgery-video/client';
import { decodeJwt, verifyJwtSignature, type DecodedJwt, type JwtAlgorithm } from './compact-jwt.js';
import { createJwksCache, type JwksCache } from './jwks-cache.js';
import { DEV_TOKEN_ISSUER } from './session-token.js';
import { createClaimMapper, type ClaimMapping, type ClaimResult } from './token-claims.js';

export type AuthRefusalReason =
  | 'malformed'
  | 'unsupported-algorithm'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'unknown-key'
  /** The portal's JWKS could not be fetched: a server-side failure, not the caller's (HTTP 503). */
  | 'keys-unavailable'
  | `missing-claim:${string}`
  | `invalid-claim:${string}`;

export type Authentication =
  | { ok: true; user: User; source: 'dev' | 'portal' }
  | { ok: false; reason: AuthRefusalReason; message: string };

export interface Authenticator {
  /** Checks a bearer token (without the `Bearer ` prefix). Never throws for a bad token. */
  authenticate(token: string): Promise<Authentication>;
}

export interface PortalIdentityConfig extends ClaimMapping {
  /** The portal's JWKS, e.g. `https://portal.example/.well-known/jwks.json` (RS256, ES256). Give this or `secret`. */
  jwksUrl?: string;
  /** A secret shared with the portal (HS256), at least 32 bytes. Give this or `jwksUrl`. */
  secret?: string | Uint8Array;
  /** The `iss` the portal puts in its tokens (one of these). */
  issuer: string | readonly string[];
  /** The `aud` our tokens must be for (one of these): usually this app's client id. `null` skips the check (not recommended). */
  audience: string | readonly string[] | null;
  /** Default 600. */
  jwksCacheSeconds?: number;
  /** The least time between refetches caused by an unknown `kid` (default 30). */
  jwksCooldownSeconds?: number;
  /** Default 5000. */
  jwksTimeoutMs?: number;
}

export interface AuthenticatorConfig {
  /** Accept the embedded stack's dev tokens, signed with this secret (the stack's session secret). */
  devTokens?: { secret: Uint8Array };
  /** Accept the host portal's tokens. */
  portal?: PortalIdentityConfig;
  /** Tolerance for clocks that disagree, applied to exp, nbf and iat (default 60). */
  clockSkewSeconds?: number;
  now?: () => number;
  /** For the JWKS requests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** One line per refusal and per JWKS fetch; never holds a token. */
  log?: (line: string) => void;
}

type Refusal = Extract<Authentication, { ok: false }>;
type Verifier = (jwt: DecodedJwt) => Promise<Authentication>;

const MIN_SECRET_BYTES = 32;

export function createAuthenticator(config: AuthenticatorConfig): Authenticator {
  if (!config || (!config.devTokens && !config.portal)) {
    throw new TypeError('createAuthenticator: configure `portal` (the host portal\'s JWT: jwksUrl or secret, issuer, audience) and/or `devTokens` (the embedded stack).');
  }
  const now = config.now ?? Date.now;
  const log = config.log ?? (() => {});
  const skewMs = (config.clockSkewSeconds ?? 60) * 1000;
  if (!Number.isFinite(skewMs) || skewMs < 0) throw new TypeError('createAuthenticator: `clockSkewSeconds` must be a number of seconds (0 or more).');

  const dev = config.devTokens ? devVerifier(config.devTokens.secret) : undefined;
  const portal = config.portal ? portalVerifier(config.portal) : undefined;

  function devVerifier(secret: Uint8Array): Verifier {
    if (!(secret instanceof Uint8Array) || secret.length < MIN_SECRET_BYTES) {
      throw new TypeError(`createAuthenticator: \`devTokens.secret\` must be at least ${MIN_SECRET_BYTES} random bytes.`);
    }
    const mapClaims = createClaimMapper();
    return async (jwt) => {
      if (jwt.alg !== 'HS256') return refuse('unsupported-algorithm', 'Dev tokens are HS256.');
      if (!verifyJwtSignature(jwt, 'HS256', secret)) return refuse('bad-signature', 'The token\'s signature does not verify.');
      return times(jwt.payload) ?? accept(mapClaims(jwt.payload), 'dev');
    };
  }

  function portalVerifier(portalConfig: PortalIdentityConfig): Verifier {
    if (!portalConfig.jwksUrl === !portalConfig.secret) {
      throw new TypeError('createAuthenticator: give the portal\'s `jwksUrl` (RS256/ES256 keys) or its shared `secret` (HS256), exactly one.');
    }
    const issuers = listOf(portalConfig.issuer, 'portal.issuer', 'the `iss` of the portal\'s tokens, e.g. "https://portal.example"');
    if (portalConfig.audience === undefined) {
      throw new TypeError('createAuthenticator: set `portal.audience` to the `aud` the portal puts in tokens for this app (its client id), or to null to accept any audience.');
    }
    const audiences = portalConfig.audience === null ? undefined : listOf(portalConfig.audience, 'portal.audience', 'this app\'s client id');
    const mapClaims = createClaimMapper(portalConfig);
    const secret = portalConfig.secret === undefined ? undefined : typeof portalConfig.secret === 'string' ? Buffer.from(portalConfig.secret, 'utf8') : portalConfig.secret;
    if (secret !== undefined && (!(secret instanceof Uint8Array) || secret.length < MIN_SECRET_BYTES)) {
      throw new TypeError(`createAuthenticator: \`portal.secret\` must be at least ${MIN_SECRET_BYTES} bytes (HS256 needs a 256-bit key).`);
    }
    const jwks: JwksCache | undefined = portalConfig.jwksUrl
      ? createJwksCache({
          url: portalConfig.jwksUrl,
          ...(portalConfig.jwksCacheSeconds !== undefined ? { ttlSeconds: portalConfig.jwksCacheSeconds } : {}),
          ...(portalConfig.jwksCooldownSeconds !== undefined ? { cooldownSeconds: portalConfig.jwksCooldownSeconds } : {}),
          ...(portalConfig.jwksTimeoutMs !== undefined ? { timeoutMs: portalConfig.jwksTimeoutMs } : {}),
          ...(config.fetch ? { fetch: config.fetch } : {}),
          now,
          log,
        })
      : undefined;

    return async (jwt) => {
      const alg = jwt.alg as JwtAlgorithm;
      const allowed = jwks ? alg === 'RS256' || alg === 'ES256' : alg === 'HS256';
      if (!allowed) return refuse('unsupported-algorithm', `The portal's tokens must be signed with ${jwks ? 'RS256 or ES256' : 'HS256'}.`);
      if (jwt.header['crit'] !== undefined) return refuse('unsupported-algorithm', 'The token has critical header parameters this server does not understand.');
      // The issuer is checked before any key is looked up, so foreign tokens never cause a JWKS fetch.
      const iss = jwt.payload['iss'];
      if (iss === undefined) return refuse('missing-claim:iss', 'The token has no "iss" claim.');
      if (typeof iss !== 'string' || !issuers.includes(iss)) return refuse('wrong-issuer', 'The token was not issued by the configured portal.');
      let key: Uint8Array | KeyObject;
      if (jwks) {
        const found = await jwks.getKey(jwt.kid, alg as 'RS256' | 'ES256');
        if (!found.ok) {
          return found.reason === 'unknown-key'
            ? refuse('unknown-key', 'The token was signed with a key the portal does not publish.')
            : refuse('keys-unavailable', 'The portal\'s signing keys could not be fetched; try again shortly.');
        }
        key = found.key;
      } else {
        key = secret as Uint8Array;
      }
      if (!verifyJwtSignature(jwt, alg, key)) return refuse('bad-signature', 'The token\'s signature does not verify.');
      const timeRefusal = times(jwt.payload, { requireExp: true });
      if (timeRefusal) return timeRefusal;
      if (audiences) {
        const aud = jwt.payload['aud'];
        if (aud === undefined) return refuse('missing-claim:aud', 'The token has no "aud" claim.');
        const given = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
        if (!given.some((value) => typeof value === 'string' && audiences.includes(value))) return refuse('wrong-audience', 'The token is not meant for this app.');
      }
      return accept(mapClaims(jwt.payload), 'portal');
    };
  }

  function times(payload: Record<string, unknown>, options: { requireExp?: boolean } = {}): Refusal | undefined {
    const at = now();
    const exp = payload['exp'];
    if (exp === undefined) {
      if (options.requireExp) return refuse('missing-claim:exp', 'The token has no "exp" claim; tokens without an expiry are not accepted.');
    } else if (typeof exp !== 'number' || !Number.isFinite(exp)) {
      return refuse('invalid-claim:exp', 'The token\'s "exp" claim must be a time in seconds.');
    } else if (exp * 1000 + skewMs <= at) {
      return refuse('expired', 'The token has expired; sign in again.');
    }
    for (const claim of ['nbf', 'iat'] as const) {
      const value = payload[claim];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) return refuse(`invalid-claim:${claim}`, `The token's "${claim}" claim must be a time in seconds.`);
      if (value * 1000 - skewMs > at) return refuse('not-yet-valid', 'The token is not valid yet; check the clocks of this server and the portal.');
    }
    return undefined;
  }

  function accept(result: ClaimResult, source: 'dev' | 'portal'): Authentication {
    return result.ok ? { ok: true, user: result.user, source } : refuse(result.reason, result.message);
  }

  return {
    async authenticate(token) {
      const jwt = decodeJwt(token);
      if (!jwt) return logged(refuse('malformed', 'The token is not a JSON Web Token (header.payload.signature).'));
      const verifier = dev && (!portal || jwt.payload['iss'] === DEV_TOKEN_ISSUER) ? dev : (portal as Verifier);
      const result = await verifier(jwt);
      return result.ok ? result : logged(result, verifier === dev ? 'dev' : 'portal', jwt.kid);
    },
  };

  function logged(refusal: Refusal, source?: 'dev' | 'portal', kid?: string): Refusal {
    log(`identity: refused a ${source ?? ''}${source ? ' ' : ''}token: ${refusal.reason}${kid === undefined ? '' : ` (kid ${JSON.stringify(kid.slice(0, 64))})`}`);
    return refusal;
  }
}

function refuse(reason: AuthRefusalReason, message: string): Refusal {
  return { ok: false, reason, message };
}

function listOf(value: string | readonly string[], option: string, what: string): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string' && item !== '')) {
    throw new TypeError(`createAuthenticator: \`${option}\` must be ${what} (a string, or a list of them).`);
  }
  return list;
}
