/**
 * `GET /api/v1/specialists` on the review API as the dev stack wires it (the embedded review over
 * the dev users): the admin's choice for `reviews.assign`, by specialty, ids/roles/specialty only,
 * never another tenant's; refused to every other role; and a listed specialist is one the review
 * service accepts. A host directory that can only look users up answers 501, not an empty list.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiError, createClient, requestDevToken } from '@surgery-video/client';
import { createApiHandler } from '../../src/api/api-handler.js';
import { createInMemoryCatalogue } from '../../src/catalogue/media-catalogue.js';
import { createStaticUserDirectory } from '../../src/edits/user-directory.js';
import { DEV_USERS } from '../../src/identity/dev-users.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { loadOrCreateKeyPair } from '../../src/signing/key-pair.js';
import { CACHE_DIR, startReviewTestServer, type ReviewTestServer } from './review-test-server.js';

describe('GET /api/v1/specialists (the review API\'s user directory)', () => {
  let dir: string;
  let server: ReviewTestServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'directory-routes-'));
    server = await startReviewTestServer({ dataDir: dir });
  });
  after(async () => {
    await server?.close();
    // The stopped workflow may still be settling its last write: retry the removal.
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it('lists the admin\'s tenant\'s specialists, sorted by id, with ids, roles and specialty only', async () => {
    const admin = await server.clientFor('admin-1');
    const expected = DEV_USERS.filter((user) => user.tenant === 'demo' && user.roles.includes('specialist'))
      .map(({ id, tenant, roles, specialty }) => ({ id, tenant, roles, specialty }))
      .sort((a, b) => a.id.localeCompare(b.id));
    assert.ok(expected.length >= 2, 'the dev users hold specialists of two specialties');
    assert.deepEqual(await admin.specialists.list(), expected);
    const response = await fetch(`${server.url}/api/v1/specialists`, { headers: { authorization: `Bearer ${await requestDevToken(server.url, 'admin-1')}` } });
    const raw = (await response.json()) as { items: Record<string, unknown>[] };
    for (const item of raw.items) assert.deepEqual(Object.keys(item).sort(), ['id', 'roles', 'specialty', 'tenant'], 'no name leaves the API');
  });

  it('filters by specialty; an empty specialty is refused naming the field', async () => {
    const admin = await server.clientFor('admin-1');
    assert.deepEqual((await admin.specialists.list({ specialty: 'orthopaedics' })).map((s) => s.id), ['specialist-2']);
    assert.deepEqual(await admin.specialists.list({ specialty: 'cardiology' }), []);
    await assert.rejects(admin.specialists.list({ specialty: ' ' }), (error: unknown) => error instanceof ApiError && error.status === 400 && error.field === 'specialty');
  });

  it('is refused to every role but admin, and needs a token', async () => {
    for (const user of ['specialist-1', 'trainee-1', 'clinician-1', 'trainee-9']) {
      await assert.rejects((await server.clientFor(user)).specialists.list(), (error: unknown) => error instanceof ApiError && error.status === 403 && /specialist\.list/.test(error.message), user);
    }
    assert.equal((await fetch(`${server.url}/api/v1/specialists`)).status, 401);
  });

  it('a specialist listed for the case\'s specialty is one the admin can assign', async () => {
    const trainee = await server.clientFor('trainee-1');
    const admin = await server.clientFor('admin-1');
    const edit = await trainee.edits.create({ assetId: 'case-001', title: 'Directory check', segments: [{ start: 1, end: 3 }], annotations: [] });
    await trainee.reviews.submit(edit.id);
    // The case names the specialty that reviews it; the admin lists exactly those specialists.
    const specialty = (await admin.assets.get(edit.assetId)).specialty;
    assert.ok(specialty, 'case-001 names its specialty');
    const [chosen, ...others] = await admin.specialists.list({ specialty });
    assert.equal(others.length, 0);
    const assigned = await admin.reviews.assign(edit.id, chosen!.id);
    assert.equal(assigned.status, 'assigned');
    assert.equal(assigned.review?.assignee, chosen!.id);
  });

  it('keeps tenants apart even when a host directory does not, and answers 501 for a directory that cannot list', async () => {
    const keyPair = await loadOrCreateKeyPair(join(CACHE_DIR, 'keys'));
    const base = { catalogue: createInMemoryCatalogue({ assets: () => [], channels: () => [] }), signer: createCloudFrontSigner({ keyPairId: keyPair.keyPairId, privateKey: keyPair.privateKey }), sessionSecret: Buffer.alloc(32, 3), devTokens: true };
    const review = server.review.api;
    // A host directory whose list forgets the tenant: the route still answers the admin's tenant only.
    const careless = createStaticUserDirectory(DEV_USERS.map((user) => (user.id === 'trainee-9' ? { ...user, roles: ['specialist' as const] } : user)));
    const leaky = { get: careless.get, list: async () => (await Promise.all(['demo', 'other'].map((tenant) => careless.list!(tenant, { role: 'specialist' })))).flat() };
    const handlerA = createApiHandler({ ...base, review: { ...review, users: leaky } });
    const tokenA = await (await handlerA(new Request('http://api.test/api/v1/dev/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"admin-1"}' }))).json();
    const listA = await createClient({ baseUrl: 'http://api.test', token: (tokenA as { token: string }).token, fetch: (input, init) => handlerA(new Request(input, init)) }).specialists.list();
    assert.deepEqual(listA.map((s) => s.id), ['specialist-1', 'specialist-2']);

    const handlerB = createApiHandler({ ...base, review: { ...review, users: { get: careless.get } } });
    const clientB = createClient({ baseUrl: 'http://api.test', token: (tokenA as { token: string }).token, fetch: (input, init) => handlerB(new Request(input, init)) });
    await assert.rejects(clientB.specialists.list(), (error: unknown) => error instanceof ApiError && error.status === 501 && error.code === 'not-configured');
  });
});
