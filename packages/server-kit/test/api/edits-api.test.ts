/**
 * The edits resource through the real client against a real server: create, read with an ETag,
 * save over a version (409 when stale, even for two saves at once), list what each user may see,
 * and bad bodies refused whole, naming the field, with nothing written.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiError, createEdit, requestDevToken, type Client, type Edit } from '@surgery-video/client';
import { startReviewTestServer, type ReviewTestServer } from './review-test-server.js';

let dataDir: string;
let server: ReviewTestServer;
let trainee: Client;
let admin: Client;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'edits-api-'));
  server = await startReviewTestServer({ dataDir });
  trainee = await server.clientFor('trainee-1');
  admin = await server.clientFor('admin-1');
});
after(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const apiError = (status: number, code: string, field?: string) => (error: unknown) => {
  assert.ok(error instanceof ApiError, `an ApiError, got ${String(error)}`);
  assert.equal(error.status, status, error.message);
  assert.equal(error.code, code, error.message);
  if (field !== undefined) assert.equal(error.field, field, error.message);
  return true;
};

/** Every object the store holds, with its etag: equal snapshots mean nothing was written. */
async function snapshot(): Promise<string[]> {
  return (await server.store.list('tenants/')).items.map((item) => `${item.key} ${item.etag}`);
}

async function raw(method: string, path: string, user: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
  const token = await requestDevToken(server.url, user);
  return fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body }) });
}

describe('edits API', () => {
  it('creates a draft with the server fields filled in, and serves it with its version as ETag', async () => {
    const response = await raw('POST', '/edits', 'trainee-1', JSON.stringify({ assetId: 'case-001', title: 'Dissection', segments: [{ start: 1, end: 3.5 }] }));
    assert.equal(response.status, 201);
    const created = (await response.json()) as Edit;
    assert.equal(response.headers.get('etag'), '"1"');
    assert.equal(response.headers.get('location'), `/api/v1/edits/${created.id}`);
    assert.equal(created.schema, 'surgery-video/edit@1');
    assert.equal(created.status, 'draft');
    assert.equal(created.version, 1);
    assert.equal(created.createdBy, 'trainee-1');
    assert.match(created.id, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(await trainee.edits.get(created.id), created);
    assert.equal((await raw('GET', `/edits/${created.id}`, 'trainee-1')).headers.get('etag'), '"1"');
    assert.ok((await snapshot()).some((line) => line.startsWith(`tenants/demo/edits/${created.id}.json `)));
  });

  it('takes a whole Edit made with createEdit, keeps its id, and refuses the id a second time', async () => {
    const edit = createEdit({ id: 'client-made-1', assetId: 'case-002', title: 'Made offline', createdBy: 'trainee-1', now: new Date() });
    const created = await trainee.edits.create(edit);
    assert.equal(created.id, 'client-made-1');
    await assert.rejects(trainee.edits.create(edit), apiError(409, 'edit-exists', 'id'));
  });

  it('refuses bad bodies whole, naming the field, and writes nothing', async () => {
    const cases: [body: unknown, code: string, field: string | undefined][] = [
      [{ assetId: 'case-001', title: 'Too long', segments: [{ start: 50, end: 61 }] }, 'invalid-edit', 'segments[0].end'],
      [{ assetId: 'case-001', title: 'Overlap', segments: [{ start: 1, end: 5 }, { start: 4, end: 6 }] }, 'invalid-edit', 'segments[1].start'],
      [{ assetId: 'case-001', segments: [] }, 'invalid-edit', 'title'],
      [{ assetId: 'case-404', title: 'No such case' }, 'unknown-asset', 'assetId'],
      [{ title: 'No asset' }, 'invalid-edit', 'assetId'],
      [{ assetId: 'case-001', title: 'Bad note', annotations: [{ id: 'a1', time: 2, kind: 'rant', text: 'x', author: 'trainee-1', createdAt: '2026-01-01T00:00:00Z' }] }, 'invalid-edit', 'annotations[0].kind'],
      [{ assetId: 'case-001', title: 'Jumping ahead', status: 'published' }, 'invalid-edit', 'status'],
      [{ assetId: 'case-001', title: 'Someone else', createdBy: 'trainee-2' }, 'invalid-edit', 'createdBy'],
      [{ assetId: 'case-001', title: 'Extra', colour: 'red' }, 'invalid-edit', 'colour'],
    ];
    const before = await snapshot();
    for (const [body, code, field] of cases) {
      await assert.rejects(trainee.edits.create(body as Edit), apiError(400, code, field), JSON.stringify(body));
    }
    const notJson = await raw('POST', '/edits', 'trainee-1', '{"assetId": "case-001",');
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as { error: { code: string } }).error.code, 'invalid-json');
    assert.deepEqual(await snapshot(), before);
  });

  it('saves over the version it was read at, and refuses a stale one with 409 and the current version', async () => {
    const edit = await trainee.edits.create({ assetId: 'case-001', title: 'Draft', segments: [{ start: 1, end: 2 }] });
    const saved = await trainee.edits.update({ ...edit, title: 'Draft, renamed' });
    assert.equal(saved.version, 2);
    assert.equal((await trainee.edits.get(edit.id)).title, 'Draft, renamed');
    const before = await snapshot();
    await assert.rejects(trainee.edits.update({ ...edit, title: 'From the old version' }), apiError(409, 'version-conflict', 'version'));
    const stale = await raw('PUT', `/edits/${edit.id}`, 'trainee-1', JSON.stringify({ ...edit, title: 'Stale' }));
    assert.equal(stale.status, 409);
    assert.equal(stale.headers.get('etag'), '"2"');
    assert.equal(((await stale.json()) as { error: { currentVersion: number } }).error.currentVersion, 2);
    assert.deepEqual(await snapshot(), before);
    const viaIfMatch = await raw('PUT', `/edits/${edit.id}`, 'trainee-1', JSON.stringify({ ...saved, version: 999, title: 'If-Match wins' }), { 'if-match': '"2"' });
    assert.equal(viaIfMatch.status, 200);
    assert.equal(viaIfMatch.headers.get('etag'), '"3"');
  });

  it('of two concurrent saves of the same version, exactly one succeeds', async () => {
    const edit = await trainee.edits.create({ assetId: 'case-001', title: 'Race', segments: [{ start: 1, end: 2 }] });
    const results = await Promise.allSettled([
      trainee.edits.update({ ...edit, title: 'Tab A' }),
      trainee.edits.update({ ...edit, title: 'Tab B' }),
      trainee.edits.update({ ...edit, title: 'Tab C' }),
    ]);
    const won = results.filter((result): result is PromiseFulfilledResult<Edit> => result.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const result of results) if (result.status === 'rejected') apiError(409, 'version-conflict')(result.reason);
    const stored = await trainee.edits.get(edit.id);
    assert.equal(stored.version, 2);
    assert.equal(stored.title, won[0]!.value.title);
  });

  it('refuses bad saves whole: changed server fields, rule breaks, other users, edits out of reach', async () => {
    const edit = await trainee.edits.create({ assetId: 'case-001', title: 'Mine', segments: [{ start: 1, end: 2 }] });
    const before = await snapshot();
    await assert.rejects(trainee.edits.update({ ...edit, status: 'published' }), apiError(400, 'invalid-edit', 'status'));
    await assert.rejects(trainee.edits.update({ ...edit, createdBy: 'trainee-2' }), apiError(400, 'invalid-edit', 'createdBy'));
    await assert.rejects(trainee.edits.update({ ...edit, segments: [{ start: 3, end: 2 }] }), apiError(400, 'invalid-edit', 'segments[0].end'));
    const foreignNote = { id: 'n1', time: 1, kind: 'note' as const, text: 'x', author: 'admin-1', createdAt: '2026-01-01T00:00:00Z' };
    await assert.rejects(trainee.edits.update({ ...edit, annotations: [foreignNote] }), apiError(400, 'invalid-edit', 'annotations[0].author'));
    await assert.rejects((await server.clientFor('trainee-2')).edits.update({ ...edit, title: 'Not mine' }), apiError(403, 'forbidden'));
    await assert.rejects((await server.clientFor('trainee-9')).edits.get(edit.id), apiError(404, 'not-found'));
    assert.deepEqual(await snapshot(), before);
  });

  it('lists what each user may see, filtered by status and assignee', async () => {
    const mine = await trainee.edits.create({ assetId: 'case-001', title: 'Listed', segments: [{ start: 1, end: 2 }] });
    const theirs = await (await server.clientFor('trainee-2')).edits.create({ assetId: 'case-001', title: 'Theirs', segments: [{ start: 1, end: 2 }] });
    const ownList = (await trainee.edits.list()).map((edit) => edit.id);
    assert.ok(ownList.includes(mine.id));
    assert.ok(!ownList.includes(theirs.id), 'a trainee does not see another trainee\'s draft');
    const adminList = (await admin.edits.list({ status: 'draft' })).map((edit) => edit.id);
    assert.ok(adminList.includes(mine.id) && adminList.includes(theirs.id));
    assert.deepEqual(await admin.edits.list({ status: 'draft', assignee: 'specialist-1' }), []);
    assert.deepEqual(await (await server.clientFor('trainee-9')).edits.list(), []);
    await assert.rejects(admin.edits.list({ status: 'lost' as never }), apiError(400, 'invalid-query', 'status'));
  });
});
