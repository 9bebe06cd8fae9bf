import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createApiHandler } from '../../src/api/api-handler.js';
import { createInMemoryCatalogue } from '../../src/catalogue/media-catalogue.js';
import { createAuthenticator, type Authenticator } from '../../src/identity/authenticator.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { publicJwk, signToken, startJwksServer, type JwksServer } from './test-tokens.js';

const ISSUER = 'https://portal.example';
const AUDIENCE = 'surgery-video';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
const unpublished = generateKeyPairSync('rsa', { modulusLength: 2048 });

let jwks: JwksServer;
let clock: number;
let lines: string[];

before(async () => {
  jwks = await startJwksServer([]);
});
after(() => jwks.close());
beforeEach(() => {
  jwks.keys = [publicJwk(rsa.publicKey, 'rsa-2030-01'), publicJwk(ec.publicKey, 'ec-2030-01')];
  jwks.status = 200;
  jwks.requests = 0;
  clock = Date.parse('2030-05-01T10:00:00Z');
  lines = [];
});

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'u-1',
  roles: ['Consultant'],
  org: 'st-marys',
  exp: Math.floor(clock / 1000) + 3600,
  ...extra,
});

function portalAuthenticator(): Authenticator {
  return createAuthenticator({
    portal: { jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, claims: { tenant: 'org' }, roleMap: { Consultant: 'specialist' }, jwksCacheSeconds: 600, jwksCooldownSeconds: 30 },
    now: () => clock,
    log: (line) => lines.push(line),
  });
}

async function reasonOf(auth: Authenticator, token: string): Promise<string> {
  const result = await auth.authenticate(token);
  return result.ok ? 'ok' : result.reason;
}

describe('portal tokens verified with the portal\'s JWKS', () => {
  it('accepts RS256 and ES256 tokens, fetching the key set once for many tokens', async () => {
    const auth = portalAuthenticator();
    const expected = { ok: true, source: 'portal', user: { id: 'u-1', name: 'u-1', roles: ['specialist'], tenant: 'st-marys' } };
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(await auth.authenticate(signToken('RS256', rsa.privateKey, claims(), { kid: 'rsa-2030-01' })), expected);
      assert.deepEqual(await auth.authenticate(signToken('ES256', ec.privateKey, claims(), { kid: 'ec-2030-01' })), expected);
    }
    assert.equal(jwks.requests, 1);
  });

  it('fetches once for many tokens arriving together before any key is known', async () => {
    const auth = portalAuthenticator();
    const token = signToken('RS256', rsa.privateKey, claims(), { kid: 'rsa-2030-01' });
    const results = await Promise.all(Array.from({ length: 10 }, () => auth.authenticate(token)));
    assert.ok(results.every((result) => result.ok));
    assert.equal(jwks.requests, 1);
  });

  it('follows a key rotation: a new kid is fetched at once', async () => {
    const auth = portalAuthenticator();
    assert.equal(await reasonOf(auth, signToken('RS256', rsa.privateKey, claims(), { kid: 'rsa-2030-01' })), 'ok');
    jwks.keys = [publicJwk(next.publicKey, 'rsa-2030-06'), publicJwk(rsa.publicKey, 'rsa-2030-01')];
    clock += 60_000; // well inside the cache TTL
    assert.equal(await reasonOf(auth, signToken('RS256', next.privateKey, claims(), { kid: 'rsa-2030-06' })), 'ok');
    assert.equal(jwks.requests, 2);
    assert.match(lines.join('\n'), /fetched the portal's JWKS \(2 usable keys: rsa-2030-06, rsa-2030-01\)/);
  });

  it('refuses an unknown kid, and refetches for unknown kids at most once per cooldown', async () => {
    const auth = portalAuthenticator();
    const forged = (kid: string) => signToken('RS256', unpublished.privateKey, claims(), { kid });
    assert.equal(await reasonOf(auth, forged('made-up-1')), 'unknown-key');
    assert.equal(jwks.requests, 1, 'the first fetch answers the first unknown kid');
    clock += 1000;
    for (let i = 2; i < 20; i++) assert.equal(await reasonOf(auth, forged(`made-up-${i}`)), 'unknown-key');
    assert.equal(jwks.requests, 1, 'no refetch inside the cooldown');
    clock += 30_000;
    assert.equal(await reasonOf(auth, forged('made-up-20')), 'unknown-key');
    assert.equal(jwks.requests, 2, 'one refetch once the cooldown has passed');
  });

  it('refetches the key set when the TTL has passed', async () => {
    const auth = portalAuthenticator();
    const token = () => signToken('ES256', ec.privateKey, claims(), { kid: 'ec-2030-01' });
    await auth.authenticate(token());
    clock += 599_000;
    await auth.authenticate(token());
    assert.equal(jwks.requests, 1);
    clock += 2000;
    assert.equal(await reasonOf(auth, token()), 'ok');
    assert.equal(jwks.requests, 2);
  });

  it('keeps using the keys it has while the portal\'s JWKS is down, and says so when it never had any', async () => {
    const cold = portalAuthenticator();
    jwks.status = 503;
    assert.equal(await reasonOf(cold, signToken('RS256', rsa.privateKey, claims(), { kid: 'rsa-2030-01' })), 'keys-unavailable');
    assert.match(lines.join('\n'), /could not fetch the portal's JWKS from http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json: HTTP 503/);

    jwks.status = 200;
    const warm = portalAuthenticator();
    assert.equal(await reasonOf(warm, signToken('RS256', rsa.privateKey, claims(), { kid: 'rsa-2030-01' })), 'ok');
    jwks.status = 503;
    clock += 3600_000; // past the TTL: a refetch is tried and fails
    assert.equal(await reasonOf(warm, signToken('RS256', rsa.privateKey, claims(), { kid: 'rsa-2030-01' })), 'ok');
    assert.equal(jwks.requests, 3);
    clock += 60_000;
    assert.equal(await reasonOf(warm, signToken('RS256', next.privateKey, claims(), { kid: 'rsa-2030-06' })), 'keys-unavailable', 'a new kid cannot be fetched');
  });

  it('refuses algorithm tricks: HS256 with the public key, a kid of the wrong key type, a DER-encoded ES256 signature', async () => {
    const auth = portalAuthenticator();
    const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    assert.equal(await reasonOf(auth, signToken('HS256', publicPem, claims(), { kid: 'rsa-2030-01' })), 'unsupported-algorithm');
    assert.equal(await reasonOf(auth, signToken('RS256', rsa.privateKey, claims(), { kid: 'ec-2030-01' })), 'unknown-key');
    const input = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'ec-2030-01' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}`;
    const der = sign('sha256', Buffer.from(input), ec.privateKey).toString('base64url');
    assert.equal(await reasonOf(auth, `${input}.${der}`), 'bad-signature');
    assert.equal(await reasonOf(auth, signToken('RS256', unpublished.privateKey, claims(), { kid: 'rsa-2030-01' })), 'bad-signature');
  });

  it('uses a token without kid only when one key fits, and ignores keys not meant for signatures', async () => {
    const auth = portalAuthenticator();
    assert.equal(await reasonOf(auth, signToken('RS256', rsa.privateKey, claims())), 'ok', 'one RSA key: no doubt');
    jwks.keys = [publicJwk(rsa.publicKey, 'a'), publicJwk(next.publicKey, 'b'), publicJwk(unpublished.publicKey, 'c', { use: 'enc' })];
    const fresh = portalAuthenticator();
    assert.equal(await reasonOf(fresh, signToken('RS256', rsa.privateKey, claims())), 'unknown-key', 'two RSA keys: which one?');
    assert.equal(await reasonOf(fresh, signToken('RS256', unpublished.privateKey, claims(), { kid: 'c' })), 'unknown-key', 'an encryption key never verifies');
  });

  it('does not fetch keys for a token from another issuer', async () => {
    const auth = portalAuthenticator();
    assert.equal(await reasonOf(auth, signToken('RS256', unpublished.privateKey, claims({ iss: 'https://evil.example' }), { kid: 'x' })), 'wrong-issuer');
    assert.equal(jwks.requests, 0);
  });

  it('works through the HTTP API: the mapped user at /me, 401 with the reason, 503 while keys are unavailable', async () => {
    const api = createApiHandler({
      catalogue: createInMemoryCatalogue({ assets: () => [], channels: () => [] }),
      signer: createCloudFrontSigner({ keyPairId: 'KTEST', privateKey: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }),
      sessionSecret: Buffer.alloc(32, 1),
      authenticator: portalAuthenticator(),
      now: () => clock,
    });
    const call = (token: string) => api(new Request('http://127.0.0.1/api/v1/me', { headers: { authorization: `Bearer ${token}` } }));
    const me = await call(signToken('ES256', ec.privateKey, claims(), { kid: 'ec-2030-01' }));
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), { id: 'u-1', name: 'u-1', roles: ['specialist'], tenant: 'st-marys' });

    const refused = await call(signToken('ES256', ec.privateKey, claims({ aud: 'another-app' }), { kid: 'ec-2030-01' }));
    assert.equal(refused.status, 401);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'unauthenticated');
    assert.match(body.error.message, /wrong-audience/);

    const coldApi = createApiHandler({
      catalogue: createInMemoryCatalogue({ assets: () => [], channels: () => [] }),
      signer: createCloudFrontSigner({ keyPairId: 'KTEST', privateKey: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }),
      sessionSecret: Buffer.alloc(32, 1),
      authenticator: portalAuthenticator(),
    });
    jwks.status = 500;
    const unavailable = await coldApi(new Request('http://127.0.0.1/api/v1/me', { headers: { authorization: `Bearer ${signToken('RS256', rsa.privateKey, claims(), { kid: 'rsa-2030-01' })}` } }));
    assert.equal(unavailable.status, 503);
    assert.equal(((await unavailable.json()) as { error: { code: string } }).error.code, 'identity-unavailable');
  });
});
