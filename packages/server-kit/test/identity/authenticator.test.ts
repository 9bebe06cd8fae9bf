import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { User } from '@surgery-video/client';
import { createAuthenticator, type AuthenticatorConfig, type AuthRefusalReason, type PortalIdentityConfig } from '../../src/identity/authenticator.js';
import { DEV_USERS } from '../../src/identity/dev-users.js';
import { DEV_TOKEN_ISSUER, signSessionToken } from '../../src/identity/session-token.js';
import { signToken } from './test-tokens.js';

const NOW = Date.parse('2030-05-01T10:00:00Z');
const SEC = Math.floor(NOW / 1000);
const DEV_SECRET = Buffer.alloc(32, 3);
const PORTAL_SECRET = 'a shared secret of at least thirty-two bytes, from the portal';
const ISSUER = 'https://portal.example';
const AUDIENCE = 'surgery-video';

const portal: PortalIdentityConfig = {
  secret: PORTAL_SECRET,
  issuer: ISSUER,
  audience: AUDIENCE,
  claims: { user: 'sub', roles: 'https://portal.example/roles', tenant: 'org', specialty: 'dept', name: 'display_name' },
  roleMap: { 'Consultant Surgeon': 'specialist', Registrar: 'trainee', 'Platform Admin': 'admin', 'Theatre Nurse': 'clinician', 'Teaching Lead': ['admin', 'specialist'] },
};

/** A valid portal token's claims; tests remove or change one at a time. */
const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'u-4711',
  display_name: 'Dr A. Consultant',
  'https://portal.example/roles': ['Consultant Surgeon', 'Library User'],
  org: 'st-marys',
  dept: 'orthopaedics',
  iat: SEC - 60,
  exp: SEC + 3600,
  ...overrides,
});
const without = (name: string) => {
  const copy = claims();
  delete copy[name];
  return copy;
};
const portalToken = (overrides: Record<string, unknown> = {}) => signToken('HS256', PORTAL_SECRET, claims(overrides));

function authenticator(config: Partial<AuthenticatorConfig> = {}, lines: string[] = []) {
  return createAuthenticator({ portal, devTokens: { secret: DEV_SECRET }, now: () => NOW, log: (line) => lines.push(line), ...config });
}

describe('dev tokens', () => {
  it('authenticates every dev user as themselves', async () => {
    const auth = authenticator({ portal: undefined });
    for (const user of DEV_USERS) {
      const result = await auth.authenticate(signSessionToken(user, DEV_SECRET, { now: NOW }));
      assert.deepEqual(result, { ok: true, user, source: 'dev' }, user.id);
    }
  });

  it('refuses an expired, tampered or foreign dev token', async () => {
    const auth = authenticator({ portal: undefined });
    const user = DEV_USERS[0] as User;
    const expired = signSessionToken(user, DEV_SECRET, { now: NOW - 13 * 3600 * 1000 });
    assert.equal(await reasonOf(auth, expired), 'expired');
    const other = signSessionToken(user, Buffer.alloc(32, 9), { now: NOW });
    assert.equal(await reasonOf(auth, other), 'bad-signature');
    const [header, , signature] = signSessionToken(user, DEV_SECRET, { now: NOW }).split('.');
    const promoted = Buffer.from(JSON.stringify({ iss: DEV_TOKEN_ISSUER, sub: 'trainee-1', name: 'x', roles: ['admin'], tenant: 'demo', exp: SEC + 60 })).toString('base64url');
    assert.equal(await reasonOf(auth, `${header}.${promoted}.${signature}`), 'bad-signature');
  });

  it('tells dev tokens from portal tokens when both are accepted', async () => {
    const auth = authenticator();
    const dev = await auth.authenticate(signSessionToken(DEV_USERS[1] as User, DEV_SECRET, { now: NOW }));
    assert.equal(dev.ok && dev.source, 'dev');
    const fromPortal = await auth.authenticate(portalToken());
    assert.equal(fromPortal.ok && fromPortal.source, 'portal');
    const devOnly = authenticator({ portal: undefined });
    assert.equal(await reasonOf(devOnly, portalToken()), 'bad-signature', 'a dev-only server refuses portal tokens');
    const portalOnly = authenticator({ devTokens: undefined });
    assert.equal(await reasonOf(portalOnly, signSessionToken(DEV_USERS[0] as User, DEV_SECRET, { now: NOW })), 'wrong-issuer', 'a portal-only server refuses dev tokens');
  });
});

describe('portal tokens: claims and roles', () => {
  it('maps the portal\'s claim names and role names to a User', async () => {
    assert.deepEqual(await authenticator().authenticate(portalToken()), {
      ok: true,
      source: 'portal',
      user: { id: 'u-4711', name: 'Dr A. Consultant', roles: ['specialist'], tenant: 'st-marys', specialty: 'orthopaedics' },
    });
  });

  it('takes roles as a list or one string, keeps every mapped role once, in our order, and ignores the rest', async () => {
    const auth = authenticator();
    const cases: [unknown, User['roles']][] = [
      [['Theatre Nurse', 'Platform Admin'], ['admin', 'clinician']],
      ['Registrar Library-User', ['trainee']],
      ['Registrar, Theatre Nurse', ['trainee']],
      [['Teaching Lead', 'Consultant Surgeon'], ['admin', 'specialist']],
    ];
    for (const [roles, expected] of cases) {
      const result = await auth.authenticate(portalToken({ 'https://portal.example/roles': roles }));
      assert.deepEqual(result.ok && result.user.roles, expected, JSON.stringify(roles));
    }
  });

  it('reads nested claims by path, a fixed tenant, and shows the id when there is no name', async () => {
    const auth = authenticator({
      portal: { ...portal, claims: { user: 'oid', roles: ['realm_access', 'roles'] }, roleMap: { surgeon: 'specialist' }, fixedTenant: 'county-hospital' },
    });
    const token = signToken('HS256', PORTAL_SECRET, { iss: ISSUER, aud: AUDIENCE, exp: SEC + 60, oid: 'f3b1c2d4-0000-4000-8000-000000000001', realm_access: { roles: ['surgeon', 'offline_access'] }, tenant: 'ignored' });
    assert.deepEqual(await auth.authenticate(token), {
      ok: true,
      source: 'portal',
      user: { id: 'f3b1c2d4-0000-4000-8000-000000000001', name: 'f3b1c2d4-0000-4000-8000-000000000001', roles: ['specialist'], tenant: 'county-hospital' },
    });
  });

  it('accepts an audience list, and any audience when configured with null', async () => {
    assert.equal((await authenticator().authenticate(portalToken({ aud: ['other-app', AUDIENCE] }))).ok, true);
    const anyAudience = authenticator({ portal: { ...portal, audience: null } });
    assert.equal((await anyAudience.authenticate(portalToken({ aud: 'another-app' }))).ok, true);
    assert.equal((await anyAudience.authenticate(signToken('HS256', PORTAL_SECRET, without('aud')))).ok, true);
  });

  it('allows the configured clock skew on exp, nbf and iat, and no more', async () => {
    const auth = authenticator({ clockSkewSeconds: 30 });
    assert.equal((await auth.authenticate(portalToken({ exp: SEC - 29 }))).ok, true);
    assert.equal(await reasonOf(auth, portalToken({ exp: SEC - 31 })), 'expired');
    assert.equal((await auth.authenticate(portalToken({ nbf: SEC + 29, iat: SEC + 29 }))).ok, true);
    assert.equal(await reasonOf(auth, portalToken({ nbf: SEC + 31 })), 'not-yet-valid');
    assert.equal(await reasonOf(auth, portalToken({ iat: SEC + 31 })), 'not-yet-valid');
  });
});

describe('portal tokens: every refusal has its reason, and never shows the token', () => {
  const { privateKey: rsaKey, publicKey: rsaPublic } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const [h, p, s] = portalToken().split('.') as [string, string, string];
  const enc = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

  const refusals: [string, string, AuthRefusalReason][] = [
    ['not three parts', `${h}.${p}`, 'malformed'],
    ['empty', '', 'malformed'],
    ['not base64url', `${h}.${p}!.${s}`, 'malformed'],
    ['payload not JSON', `${h}.${enc('{"sub":')}.${s}`, 'malformed'],
    ['payload an array', `${h}.${enc([1])}.${s}`, 'malformed'],
    ['header without alg', `${enc({ typ: 'JWT' })}.${p}.${s}`, 'malformed'],
    ['alg none', `${enc({ alg: 'none' })}.${p}.${s}`, 'unsupported-algorithm'],
    ['RS256 to a shared-secret portal', signToken('RS256', rsaKey, claims()), 'unsupported-algorithm'],
    ['HS256 keyed with an RSA public key', signToken('HS256', rsaPublic.export({ type: 'spki', format: 'pem' }) as string, claims()), 'bad-signature'],
    ['critical header parameters', signToken('HS256', PORTAL_SECRET, claims(), { crit: ['exp-2'], 'exp-2': 1 }), 'unsupported-algorithm'],
    ['another secret', signToken('HS256', 'another secret of at least thirty-two bytes!!', claims()), 'bad-signature'],
    ['tampered payload', `${h}.${enc(claims({ org: 'another-hospital' }))}.${s}`, 'bad-signature'],
    ['expired', portalToken({ exp: SEC - 3600 }), 'expired'],
    ['not yet valid', portalToken({ nbf: SEC + 3600 }), 'not-yet-valid'],
    ['exp not a number', portalToken({ exp: 'tomorrow' }), 'invalid-claim:exp'],
    ['no exp', signToken('HS256', PORTAL_SECRET, without('exp')), 'missing-claim:exp'],
    ['another issuer', portalToken({ iss: 'https://evil.example' }), 'wrong-issuer'],
    ['no issuer', signToken('HS256', PORTAL_SECRET, without('iss')), 'missing-claim:iss'],
    ['another audience', portalToken({ aud: 'another-app' }), 'wrong-audience'],
    ['another audience list', portalToken({ aud: ['a', 'b'] }), 'wrong-audience'],
    ['no audience', signToken('HS256', PORTAL_SECRET, without('aud')), 'missing-claim:aud'],
    ['no user id', signToken('HS256', PORTAL_SECRET, without('sub')), 'missing-claim:sub'],
    ['no roles', signToken('HS256', PORTAL_SECRET, without('https://portal.example/roles')), 'missing-claim:https://portal.example/roles'],
    ['no tenant', signToken('HS256', PORTAL_SECRET, without('org')), 'missing-claim:org'],
    ['a user id that is a sentence', portalToken({ sub: 'John Smith' }), 'invalid-claim:sub'],
    ['roles that are not strings', portalToken({ 'https://portal.example/roles': [1, 2] }), 'invalid-claim:https://portal.example/roles'],
    ['no role of ours', portalToken({ 'https://portal.example/roles': ['Library User'] }), 'invalid-claim:https://portal.example/roles'],
    ['a tenant that is a path', portalToken({ org: '../other' }), 'invalid-claim:org'],
    ['a specialty that is not a string', portalToken({ dept: { id: 1 } }), 'invalid-claim:dept'],
  ];

  it('refuses each bad token with its reason code', async () => {
    const auth = authenticator();
    for (const [what, token, reason] of refusals) {
      const result = await auth.authenticate(token);
      assert.equal(result.ok, false, what);
      assert.equal(!result.ok && result.reason, reason, what);
      assert.ok(!result.ok && result.message.length > 0, `${what}: has a message`);
    }
  });

  it('never puts the token, or any part of it, in a refusal message or a log line', async () => {
    const lines: string[] = [];
    const auth = authenticator({}, lines);
    for (const [what, token] of refusals) {
      const before = lines.length;
      const result = await auth.authenticate(token);
      assert.equal(lines.length, before + 1, `${what}: one log line per refusal`);
      const said = `${!result.ok ? result.message : ''}\n${lines.slice(before).join('\n')}`;
      for (const piece of token.split('.').filter((piece) => piece.length >= 8)) assert.ok(!said.includes(piece), `${what}: no part of the token is repeated`);
      assert.ok(!said.includes('u-4711') && !said.includes('Consultant'), `${what}: no claim value is repeated`);
    }
    assert.match(lines.join('\n'), /identity: refused a portal token: wrong-audience/);
  });
});

describe('configuration mistakes are thrown at once, saying what to change', () => {
  const cases: [string, AuthenticatorConfig, RegExp][] = [
    ['nothing to accept', {}, /configure `portal`.*`devTokens`/],
    ['both jwksUrl and secret', { portal: { ...portal, jwksUrl: 'https://portal.example/jwks.json' } }, /exactly one/],
    ['neither jwksUrl nor secret', { portal: { ...portal, secret: undefined } }, /exactly one/],
    ['a short shared secret', { portal: { ...portal, secret: 'short' } }, /at least 32 bytes/],
    ['a short dev secret', { devTokens: { secret: Buffer.alloc(8) } }, /at least 32 random bytes/],
    ['no audience decision', { portal: { ...portal, audience: undefined as unknown as null } }, /set `portal.audience`/],
    ['an empty issuer', { portal: { ...portal, issuer: '' } }, /`portal.issuer` must be/],
    ['a JWKS over plain http', { portal: { ...portal, secret: undefined, jwksUrl: 'http://portal.example/jwks.json' } }, /must use https/],
    ['a role that is not ours', { portal: { ...portal, roleMap: { Surgeon: 'surgeon' as never } } }, /roleMap\["Surgeon"\]/],
    ['an empty claim name', { portal: { ...portal, claims: { roles: '' } } }, /`claims.roles` must be a claim name/],
    ['a fixed tenant that is not an id', { portal: { ...portal, fixedTenant: 'St Mary\'s' } }, /`fixedTenant` must be a tenant id/],
  ];
  for (const [what, config, message] of cases) {
    it(what, () => assert.throws(() => createAuthenticator(config), (error: unknown) => error instanceof TypeError && message.test(error.message)));
  }
});

async function reasonOf(auth: ReturnType<typeof createAuthenticator>, token: string): Promise<string | undefined> {
  const result = await auth.authenticate(token);
  return result.ok ? undefined : result.reason;
}
