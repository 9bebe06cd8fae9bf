/**
 * The host portal's signing keys, fetched from its JWKS URL and kept for a TTL.
 *
 * Rotation: a portal publishes its next key before it signs with it, so a token naming a `kid` we
 * do not hold means our copy is old. We refetch at once, but at most once per cooldown, so a
 * stream of tokens with made-up kids cannot turn us into a load generator against the portal.
 * If a refetch fails, the keys we hold stay in use (a portal outage must not sign everyone out);
 * only when we never got any keys is the answer `keys-unavailable`.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { keyFitsAlgorithm } from './compact-jwt.js';

export interface JwksCacheOptions {
  url: string;
  /** How long fetched keys are used before they are fetched again (default 600). */
  ttlSeconds?: number;
  /** The least time between two fetches caused by unknown kids (default 30). */
  cooldownSeconds?: number;
  /** Default 5000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  log?: (line: string) => void;
}

export type JwksLookup = { ok: true; key: KeyObject } | { ok: false; reason: 'unknown-key' | 'keys-unavailable' };

export interface JwksCache {
  getKey(kid: string | undefined, alg: 'RS256' | 'ES256'): Promise<JwksLookup>;
}

interface CachedKey {
  kid: string | undefined;
  key: KeyObject;
  alg: 'RS256' | 'ES256' | undefined;
}

export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const url = assertJwksUrl(options.url);
  const ttlMs = seconds(options.ttlSeconds, 600, 'jwksCacheSeconds') * 1000;
  const cooldownMs = seconds(options.cooldownSeconds, 30, 'jwksCooldownSeconds') * 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});

  let keys: CachedKey[] | undefined;
  let fetchedAt = -Infinity;
  let attemptedAt = -Infinity;
  let lastAttemptFailed = false;
  let inFlight: Promise<void> | undefined;

  function refresh(): Promise<void> {
    inFlight ??= (async () => {
      attemptedAt = now();
      try {
        const response = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { keys?: unknown };
        if (!Array.isArray(body?.keys)) throw new Error('the response has no "keys" array');
        keys = body.keys.flatMap(parseJwk);
        fetchedAt = now();
        lastAttemptFailed = false;
        log(`identity: fetched the portal's JWKS (${keys.length} usable key${keys.length === 1 ? '' : 's'}: ${keys.map((k) => k.kid ?? '(no kid)').join(', ')})`);
      } catch (error) {
        lastAttemptFailed = true;
        log(`identity: could not fetch the portal's JWKS from ${url.origin}${url.pathname}: ${error instanceof Error ? error.message : 'unknown error'}`);
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  function find(kid: string | undefined, alg: 'RS256' | 'ES256'): KeyObject | undefined {
    const fitting = (keys ?? []).filter((k) => (k.alg === undefined || k.alg === alg) && keyFitsAlgorithm(k.key, alg));
    if (kid !== undefined) return fitting.find((k) => k.kid === kid)?.key;
    // A token without a kid is accepted only when the set leaves no doubt which key signed it.
    return fitting.length === 1 ? fitting[0]?.key : undefined;
  }

  return {
    async getKey(kid, alg) {
      const cooled = () => now() - attemptedAt >= cooldownMs;
      if (inFlight) await inFlight;
      // Expired keys are refreshed, but no more often than the cooldown while the portal is failing.
      else if ((!keys || now() - fetchedAt >= ttlMs) && cooled()) await refresh();
      if (!keys) return { ok: false, reason: 'keys-unavailable' };
      let key = find(kid, alg);
      if (!key && (inFlight || cooled())) {
        await (inFlight ?? refresh());
        key = find(kid, alg);
      }
      if (key) return { ok: true, key };
      // While the portal cannot be reached, an unknown kid may be its new key: we cannot tell.
      return { ok: false, reason: lastAttemptFailed ? 'keys-unavailable' : 'unknown-key' };
    },
  };
}

function parseJwk(value: unknown): CachedKey[] {
  if (typeof value !== 'object' || value === null) return [];
  const jwk = value as JsonWebKey & { kid?: unknown; use?: unknown; key_ops?: unknown; alg?: unknown };
  if (jwk.use !== undefined && jwk.use !== 'sig') return [];
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return [];
  if (jwk.alg !== undefined && jwk.alg !== 'RS256' && jwk.alg !== 'ES256') return [];
  if (jwk.kty !== 'RSA' && !(jwk.kty === 'EC' && jwk.crv === 'P-256')) return [];
  try {
    // Only the public members: a JWKS that wrongly includes private ones still yields a public key.
    const publicJwk: JsonWebKey = jwk.kty === 'RSA' ? { kty: 'RSA', n: jwk.n, e: jwk.e } : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
    const key = createPublicKey({ key: publicJwk, format: 'jwk' });
    return [{ kid: typeof jwk.kid === 'string' ? jwk.kid : undefined, key, alg: jwk.alg as CachedKey['alg'] }];
  } catch {
    return [];
  }
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|\[::1\]|localhost)$/;

function assertJwksUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`identity: \`jwksUrl\` must be an absolute URL such as "https://portal.example/.well-known/jwks.json", got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new TypeError('identity: `jwksUrl` must use https (plain http is allowed on loopback only): keys fetched in the clear could be swapped.');
  }
  return url;
}

function seconds(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`identity: \`${name}\` must be a number of seconds (0 or more).`);
  return value;
}
