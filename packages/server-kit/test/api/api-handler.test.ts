import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiError, createClient, requestDevToken, type Asset, type LiveChannel } from '@surgery-video/client';
import { createApiHandler } from '../../src/api/api-handler.js';
import { createInMemoryCatalogue, type CatalogueEntry } from '../../src/catalogue/media-catalogue.js';
import { withCors } from '../../src/http/cors.js';
import { toNodeListener } from '../../src/http/node-adapter.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { createCloudFrontVerifier } from '../../src/signing/cloudfront-verifier.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY_PAIR_ID = 'KTESTKEYPAIR01';

function asset(id: string, tenant: string): CatalogueEntry<Asset> {
  return {
    item: { id, tenant, title: `Case ${id}`, kind: 'recorded', durationSeconds: 60, frameRate: 30, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
    pathPrefix: `/media/vod/${id}/`,
    files: { hls: 'master.m3u8', dash: 'manifest.mpd', thumbnails: 'thumbnails.vtt' },
  };
}
const channel: CatalogueEntry<LiveChannel> = {
  item: { id: 'or-1', tenant: 'demo', title: 'OR 1', status: 'running', dvrWindowSeconds: 660, frameRate: 30 },
  pathPrefix: '/media/live/or-1/',
  files: { hls: 'master.m3u8', lowLatencyDash: 'll/manifest.mpd' },
};

let server: Server;
let baseUrl: string;

before(async () => {
  const handler = createApiHandler({
    catalogue: createInMemoryCatalogue({ assets: () => [asset('case-001', 'demo'), asset('case-x', 'other')], channels: () => [channel] }),
    signer: createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey }),
    sessionSecret: Buffer.alloc(32, 7),
    devTokens: true,
  });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', toNodeListener(withCors(handler, ['http://portal.example']), () => baseUrl));
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const clientFor = async (user: string) => createClient({ baseUrl, token: await requestDevToken(baseUrl, user) });

describe('HTTP API (assets, live, grants, dev tokens)', () => {
  it('lists only the assets of the signed-in user\'s tenant', async () => {
    const demo = await clientFor('clinician-1');
    assert.deepEqual((await demo.assets.list()).map((a) => a.id), ['case-001']);
    const other = await clientFor('trainee-9');
    assert.deepEqual((await other.assets.list()).map((a) => a.id), ['case-x']);
    await assert.rejects(other.assets.get('case-001'), (error: unknown) => error instanceof ApiError && error.status === 404);
  });

  it('client.me() answers who the token belongs to: id, roles, specialty and tenant', async () => {
    const me = await (await clientFor('specialist-2')).me();
    assert.equal(me.id, 'specialist-2');
    assert.deepEqual(me.roles, ['specialist']);
    assert.equal(me.specialty, 'orthopaedics');
    assert.equal(me.tenant, 'demo');
    await assert.rejects(createClient({ baseUrl }).me(), (error: unknown) => error instanceof ApiError && error.status === 401 && error.code === 'unauthenticated');
  });

  it('refuses calls without a token with 401 and a JSON error', async () => {
    const response = await fetch(`${baseUrl}/api/v1/assets`);
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'unauthenticated');
    assert.match(body.error.message, /Authorization: Bearer/);
  });

  it('refuses a tampered token', async () => {
    const token = await requestDevToken(baseUrl, 'admin-1');
    const tampered = createClient({ baseUrl, token: token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA') });
    await assert.rejects(tampered.assets.list(), (error: unknown) => error instanceof ApiError && error.status === 401);
  });

  it('names the field when a dev token request is bad', async () => {
    await assert.rejects(requestDevToken(baseUrl, 'nobody'), (error: unknown) => error instanceof ApiError && error.status === 400 && error.field === 'user');
    const response = await fetch(`${baseUrl}/api/v1/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":' });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid-json');
  });

  it('issues a grant whose cookies and query verify for every file under the asset, and nothing else', async () => {
    const demo = await clientFor('clinician-1');
    const grant = await demo.assets.grant('case-001');
    assert.equal(grant.sources.hls, `${baseUrl}/media/vod/case-001/master.m3u8`);
    assert.equal(grant.sources.dash, `${baseUrl}/media/vod/case-001/manifest.mpd`);
    assert.equal(grant.resource, `${baseUrl}/media/vod/case-001/*`);
    assert.ok(Date.parse(grant.expiresAt) > Date.now());
    const verifier = createCloudFrontVerifier({ publicKeys: { [KEY_PAIR_ID]: publicKey } });
    const segment = `${baseUrl}/media/vod/case-001/seg-0-00001.m4s`;
    assert.equal(verifier.verify({ url: `${segment}?${grant.query}` }).ok, true);
    assert.equal(verifier.verify({ url: segment, cookies: grant.cookies }).ok, true);
    const otherCase = verifier.verify({ url: `${baseUrl}/media/vod/case-002/master.m3u8?${grant.query}` });
    assert.equal(otherCase.ok, false);
  });

  it('sets the grant cookies on the asset folder only, HttpOnly', async () => {
    const token = await requestDevToken(baseUrl, 'clinician-1');
    const response = await fetch(`${baseUrl}/api/v1/live/or-1/grant`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 201);
    const cookies = response.headers.getSetCookie();
    assert.deepEqual(cookies.map((c) => c.split('=')[0]).sort(), ['CloudFront-Key-Pair-Id', 'CloudFront-Policy', 'CloudFront-Signature']);
    for (const cookie of cookies) {
      assert.match(cookie, /; Path=\/media\/live\/or-1\/;/);
      assert.match(cookie, /; HttpOnly/);
    }
  });

  it('answers CORS preflights and responses for allowed origins only, with credentials', async () => {
    const preflight = await fetch(`${baseUrl}/api/v1/assets`, {
      method: 'OPTIONS',
      headers: { origin: 'http://portal.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://portal.example');
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    const token = await requestDevToken(baseUrl, 'clinician-1');
    const grant = await fetch(`${baseUrl}/api/v1/assets/case-001/grant`, { method: 'POST', headers: { origin: 'http://portal.example', authorization: `Bearer ${token}` } });
    assert.equal(grant.headers.get('access-control-allow-origin'), 'http://portal.example');
    assert.equal(grant.headers.getSetCookie().length, 3, 'cookies survive the CORS wrapper');
    const stranger = await fetch(`${baseUrl}/api/v1/health`, { headers: { origin: 'http://evil.example' } });
    assert.equal(stranger.headers.get('access-control-allow-origin'), null);
  });

  it('says which method to use on a wrong one, and 404s unknown routes', async () => {
    const token = await requestDevToken(baseUrl, 'clinician-1');
    const wrong = await fetch(`${baseUrl}/api/v1/assets/case-001/grant`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(wrong.status, 405);
    const unknown = await fetch(`${baseUrl}/api/v1/nothing`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(unknown.status, 404);
  });
});

describe('HTTP API: access rules and audit', () => {
  let auditServer: Server;
  let url: string;
  before(async () => {
    const { createDirectoryStore } = await import('../../src/storage/directory-store.js');
    const { createAuditLog } = await import('../../src/audit/audit-log.js');
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const store = createDirectoryStore(await mkdtemp(join(tmpdir(), 'api-audit-')));
    const handler = createApiHandler({
      catalogue: createInMemoryCatalogue({ assets: () => [asset('case-001', 'demo')], channels: () => [channel] }),
      signer: createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey }),
      sessionSecret: Buffer.alloc(32, 9),
      devTokens: true,
      audit: createAuditLog({ store }),
    });
    auditServer = createServer();
    await new Promise<void>((resolve) => auditServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(auditServer.address() as AddressInfo).port}`;
    auditServer.on('request', toNodeListener(handler, () => url));
  });
  after(() => new Promise<void>((resolve) => auditServer.close(() => resolve())));

  it('records each grant with who, what and the correlation id, readable by the tenant\'s admin only', async () => {
    const trainee = await requestDevToken(url, 'trainee-1');
    const granted = await fetch(`${url}/api/v1/assets/case-001/grant`, { method: 'POST', headers: { authorization: `Bearer ${trainee}`, 'x-correlation-id': 'corr-123' } });
    assert.equal(granted.status, 201);
    assert.equal(granted.headers.get('x-correlation-id'), 'corr-123');

    const admin = await requestDevToken(url, 'admin-1');
    const page = (await (await fetch(`${url}/api/v1/audit`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { entries: Array<Record<string, unknown>> };
    const entry = page.entries.at(-1)!;
    assert.equal(entry['actor'], 'trainee-1');
    assert.equal(entry['action'], 'asset.grant');
    assert.deepEqual(entry['target'], { type: 'asset', id: 'case-001' });
    assert.equal(entry['correlationId'], 'corr-123');

    const refused = await fetch(`${url}/api/v1/audit`, { headers: { authorization: `Bearer ${trainee}` } });
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'forbidden');
  });

  it('refuses a bad audit page size, naming the field', async () => {
    const admin = await requestDevToken(url, 'admin-1');
    const response = await fetch(`${url}/api/v1/audit?limit=0`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { field: string } }).error.field, 'limit');
  });
});
