/**
 * The review, end to end through the real client against a real server with the embedded
 * workflow and the ffmpeg transcoder: a trainee's edit is submitted, assigned, reviewed,
 * rendered and published, and the tenant can watch it. Also: who may take which action when,
 * a rejection, an escalation when nobody assigns in time, and a render that fails.
 */
import assert from 'node:assert/strict';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ApiError, type Client, type Edit, type ServerEvent } from '@surgery-video/client';
import { reviewExecutionName } from '../../src/workflow/review-workflow.js';
import { startReviewTestServer, type ReviewTestServer } from './review-test-server.js';

let dataDir: string;
const servers: ReviewTestServer[] = [];

before(async () => (dataDir = await mkdtemp(join(tmpdir(), 'review-flow-'))));
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await rm(dataDir, { recursive: true, force: true });
});

async function serve(name: string, options: Partial<Parameters<typeof startReviewTestServer>[0]> = {}): Promise<ReviewTestServer> {
  const server = await startReviewTestServer({ dataDir: join(dataDir, name), ...options });
  servers.push(server);
  return server;
}

const refused = (status: number, code: string, pattern?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ApiError, String(error));
  assert.equal(error.status, status, error.message);
  assert.equal(error.code, code, error.message);
  if (pattern) assert.match(error.message, pattern);
  return true;
};

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const statusOf = (client: Client, id: string, status: Edit['status']) => async () => ((await client.edits.get(id)).status === status ? true : undefined);

async function auditOf(server: ReviewTestServer, editId: string): Promise<string[]> {
  const { entries } = await server.audit.read('demo', { limit: 1000 });
  return entries.filter((entry) => entry.target.id === editId).map((entry) => `${entry.actor} ${entry.action}`);
}

function listen(client: Client): Promise<{ events: ServerEvent[]; stop: () => void }> {
  const events: ServerEvent[] = [];
  return new Promise((resolve) => {
    const stop = client.events.subscribe((event) => events.push(event), { onOpen: () => resolve({ events, stop }) });
  });
}

describe('review flow', { timeout: 120_000 }, () => {
  it('trainee creates and submits, admin assigns, specialist reviews and returns, it is rendered and published for the tenant', async () => {
    const server = await serve('flow');
    const [trainee, admin, specialist, classmate, stranger] = await Promise.all(['trainee-1', 'admin-1', 'specialist-1', 'trainee-2', 'trainee-9'].map((user) => server.clientFor(user)));
    const adminFeed = await listen(admin!);
    const classmateFeed = await listen(classmate!);

    const draft = await trainee!.edits.create({ assetId: 'case-001', title: 'Calot triangle', segments: [{ start: 10, end: 12 }, { start: 20, end: 21.5 }] });
    const submitted = await trainee!.reviews.submit(draft.id);
    assert.equal(submitted.status, 'submitted');
    assert.deepEqual((await trainee!.reviews.submit(draft.id)).version, submitted.version, 'a repeated submit changes nothing');
    assert.deepEqual((await admin!.edits.list({ status: 'submitted' })).map((edit) => edit.id), [draft.id], 'it is in the admin\'s queue');

    const assigned = await admin!.reviews.assign(draft.id, 'specialist-1');
    assert.deepEqual([assigned.status, assigned.review], ['assigned', { assignee: 'specialist-1', assignedBy: 'admin-1' }]);
    assert.deepEqual((await specialist!.edits.list({ assignee: 'specialist-1' })).map((edit) => edit.id), [draft.id], 'it is in the specialist\'s inbox');
    const inReview = await specialist!.reviews.start(draft.id);
    const annotated = await specialist!.edits.update({
      ...inReview,
      annotations: [{ id: 'sp-1', time: 11, kind: 'good-practice', text: 'Critical view of safety shown.', author: 'specialist-1', createdAt: new Date().toISOString() }],
    });
    const returned = await specialist!.reviews.returnToAuthor(draft.id, 'Well done; keep the camera steadier.');
    assert.equal(returned.status, 'returned');
    assert.equal(returned.review?.verdict, 'Well done; keep the camera steadier.');
    assert.equal(returned.annotations.length, 1);
    assert.equal(returned.version, annotated.version + 1);

    await until(statusOf(trainee!, draft.id, 'published'), 'the edit to be published');
    const published = await classmate!.edits.get(draft.id);
    assert.equal(published.annotations[0]?.text, 'Critical view of safety shown.');
    const publication = await classmate!.edits.publication(draft.id);
    assert.equal(publication.version, published.version);
    assert.ok(publication.jobId && publication.outputs?.hls && publication.outputs.mp4);
    await access(fileURLToPath(publication.outputs.mp4!));
    const job = await trainee!.jobs.get(publication.jobId!);
    assert.deepEqual([job.status, job.progress, job.editId, job.editVersion], ['succeeded', 1, draft.id, returned.version]);
    await assert.rejects(classmate!.jobs.get(job.id), refused(403, 'forbidden'), 'the job is its author\'s (and admins\')');
    await assert.rejects(stranger!.edits.get(draft.id), refused(404, 'not-found'));
    await assert.rejects(stranger!.edits.publication(draft.id), refused(404, 'not-found'));
    assert.ok((await classmate!.edits.list({ status: 'published' })).some((edit) => edit.id === draft.id));

    assert.deepEqual(await auditOf(server, draft.id), [
      'trainee-1 edit.create',
      'trainee-1 review.submit',
      'admin-1 review.assign',
      'specialist-1 review.start',
      'specialist-1 edit.update',
      'specialist-1 review.return',
      'system review.publish',
    ]);
    const execution = await server.review.runner.settled('demo', reviewExecutionName('demo', draft.id, submitted.version));
    assert.equal(execution?.status, 'succeeded');
    assert.deepEqual(execution?.steps.map((step) => step.state), ['InstantPreview', 'AwaitAssignment', 'AwaitReturn', 'Render', 'Publish']);

    const statuses = (events: ServerEvent[]) => events.flatMap((event) => (event.type === 'edit.changed' && event.editId === draft.id ? [event.status] : []));
    await until(async () => (statuses(classmateFeed.events).includes('published') ? true : undefined), 'the classmate to hear of the publication', 5000);
    assert.deepEqual(statuses(adminFeed.events), ['draft', 'submitted', 'assigned', 'in-review', 'in-review', 'returned', 'published']);
    assert.deepEqual(statuses(classmateFeed.events), ['published'], 'a classmate hears of it only once it is published');
    assert.ok(adminFeed.events.some((event) => event.type === 'job.changed' && event.status === 'running' && event.progress > 0 && event.progress < 1), 'job progress is streamed');
    assert.ok(!classmateFeed.events.some((event) => event.type === 'job.changed'));
    adminFeed.stop();
    classmateFeed.stop();
  });

  it('refuses actions out of order (409 naming the status) and actions by the wrong people (403, 400)', async () => {
    const server = await serve('rules');
    const [trainee, admin, specialist, otherSpecialist] = await Promise.all(['trainee-1', 'admin-1', 'specialist-1', 'specialist-2'].map((user) => server.clientFor(user)));
    const empty = await trainee!.edits.create({ assetId: 'case-001', title: 'Nothing cut yet' });
    await assert.rejects(trainee!.reviews.submit(empty.id), (error: unknown) => error instanceof ApiError && error.status === 400 && error.field === 'segments');
    const edit = await trainee!.edits.create({ assetId: 'case-001', title: 'Out of order', segments: [{ start: 1, end: 2 }] });
    await assert.rejects(admin!.reviews.assign(edit.id, 'specialist-1'), refused(409, 'invalid-transition', /is draft/));
    await trainee!.reviews.submit(edit.id);
    await assert.rejects(specialist!.reviews.start(edit.id), refused(403, 'forbidden'), 'not assigned to them yet');
    await assert.rejects(trainee!.reviews.assign(edit.id, 'specialist-1'), refused(403, 'forbidden'));
    await assert.rejects(admin!.reviews.returnToAuthor(edit.id, 'no'), refused(403, 'forbidden'));
    await assert.rejects(admin!.reviews.publish(edit.id), refused(409, 'invalid-transition', /is submitted/));
    // Once the workflow waits for the assignment, nothing else writes until someone acts.
    await until(async () => ((await server.review.runner.find('demo', `edit-${edit.id}-v`))[0]?.steps.some((step) => step.state === 'AwaitAssignment') ? true : undefined), 'the assignment wait');
    const before = (await server.store.list('')).items.map((item) => `${item.key} ${item.etag}`);
    await assert.rejects(admin!.reviews.assign(edit.id, 'specialist-2'), (error: unknown) => error instanceof ApiError && error.code === 'wrong-specialty' && error.field === 'specialistId');
    await assert.rejects(admin!.reviews.assign(edit.id, 'trainee-2'), (error: unknown) => error instanceof ApiError && error.code === 'unknown-specialist' && error.field === 'specialistId');
    await assert.rejects(admin!.reviews.assign(edit.id, 'trainee-9'), (error: unknown) => error instanceof ApiError && error.code === 'unknown-specialist');
    const afterRefusals = (await server.store.list('')).items.map((item) => `${item.key} ${item.etag}`);
    assert.deepEqual(afterRefusals, before, 'refused actions write nothing (edit, audit, workflow)');
    await admin!.reviews.assign(edit.id, 'specialist-1');
    await assert.rejects(otherSpecialist!.reviews.start(edit.id), refused(403, 'forbidden'));
    await assert.rejects(specialist!.reviews.returnToAuthor(edit.id, 'too early'), refused(409, 'invalid-transition', /is assigned/));
    await assert.rejects(trainee!.edits.update({ ...(await trainee!.edits.get(edit.id)), title: 'Sneaky' }), refused(409, 'not-editable', /is assigned/));
    await specialist!.reviews.start(edit.id);
    await assert.rejects(specialist!.reviews.start(edit.id), refused(409, 'invalid-transition', /is in-review/));
    await assert.rejects(specialist!.reviews.returnToAuthor(edit.id, ''), (error: unknown) => error instanceof ApiError && error.status === 400 && error.field === 'verdict');
    assert.deepEqual(await auditOf(server, edit.id), ['trainee-1 edit.create', 'trainee-1 review.submit', 'admin-1 review.assign', 'specialist-1 review.start']);
  });

  it('an admin can send a submission back: the execution ends as Review.Rejected and a new submission starts another', async () => {
    const server = await serve('reject');
    const [trainee, admin] = await Promise.all(['trainee-1', 'admin-1'].map((user) => server.clientFor(user)));
    const edit = await trainee!.edits.create({ assetId: 'case-002', title: 'Wrong case', segments: [{ start: 1, end: 2 }] });
    const first = await trainee!.reviews.submit(edit.id);
    const rejected = await admin!.reviews.reject(edit.id);
    assert.equal(rejected.status, 'draft');
    const ended = await server.review.runner.settled('demo', reviewExecutionName('demo', edit.id, first.version));
    assert.deepEqual([ended.status, ended.error?.error], ['failed', 'Review.Rejected']);
    const again = await trainee!.reviews.submit((await trainee!.edits.update({ ...rejected, title: 'Right case' })).id);
    assert.equal((await server.review.runner.describe('demo', reviewExecutionName('demo', edit.id, again.version)))?.status, 'running');
  });

  it('escalates to the admins when nobody assigns in time, and goes on once someone does', async () => {
    const server = await serve('escalate', { stateTimeouts: { AwaitAssignment: 1 } });
    const [trainee, admin, specialist] = await Promise.all(['trainee-1', 'admin-1', 'specialist-1'].map((user) => server.clientFor(user)));
    const adminFeed = await listen(admin!);
    const traineeFeed = await listen(trainee!);
    const edit = await trainee!.edits.create({ assetId: 'case-001', title: 'Waiting', segments: [{ start: 1, end: 2 }] });
    await trainee!.reviews.submit(edit.id);
    const escalations = () => adminFeed.events.filter((event) => event.type === 'review.escalated' && event.editId === edit.id);
    await until(async () => (escalations().length >= 2 ? true : undefined), 'two escalations', 10_000);
    assert.deepEqual(escalations().slice(0, 2).map((event) => event.type === 'review.escalated' && [event.step, event.count]), [['assignment', 1], ['assignment', 2]]);
    assert.ok(!traineeFeed.events.some((event) => event.type === 'review.escalated'), 'escalations go to admins');
    await admin!.reviews.assign(edit.id, 'specialist-1');
    await specialist!.reviews.start(edit.id);
    await until(async () => {
      const record = await server.review.runner.find('demo', `edit-${edit.id}-v`);
      return record[0]?.state === 'AwaitReturn' ? true : undefined;
    }, 'the review wait');
    assert.ok((await auditOf(server, edit.id)).filter((line) => line === 'system review.escalate-assignment').length >= 2);
    adminFeed.stop();
    traineeFeed.stop();
  });

  it('a render that fails leaves the edit returned, records the failure, and an admin may still publish it', async () => {
    const server = await serve('render-fails', { sourceUri: () => pathToFileURL(join(dataDir, 'no-such-case', '/')).href });
    const [trainee, admin, specialist] = await Promise.all(['trainee-1', 'admin-1', 'specialist-1'].map((user) => server.clientFor(user)));
    const edit = await trainee!.edits.create({ assetId: 'case-001', title: 'Lost source', segments: [{ start: 1, end: 2 }] });
    const submitted = await trainee!.reviews.submit(edit.id);
    await admin!.reviews.assign(edit.id, 'specialist-1');
    await specialist!.reviews.start(edit.id);
    await specialist!.reviews.returnToAuthor(edit.id, 'Fine');
    const ended = await server.review.runner.settled('demo', reviewExecutionName('demo', edit.id, submitted.version));
    assert.deepEqual([ended.status, ended.error?.error], ['failed', 'Render.Failed']);
    const render = ended.steps.find((step) => step.state === 'Render');
    const job = await admin!.jobs.get(`${ended.name}-r1`);
    assert.equal(job.status, 'failed');
    assert.ok(job.error?.message);
    assert.equal(render?.outcome?.ok, false);
    assert.equal((await trainee!.edits.get(edit.id)).status, 'returned');
    assert.ok((await auditOf(server, edit.id)).includes('system render.fail'));
    const published = await admin!.reviews.publish(edit.id);
    assert.equal(published.status, 'published');
    const publication = await (await server.clientFor('clinician-1')).edits.publication(edit.id);
    assert.deepEqual([publication.version, publication.jobId], [published.version, undefined]);
  });
});
