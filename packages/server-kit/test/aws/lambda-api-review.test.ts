/**
 * The review workflow through the API as the deploy/aws stack runs it: the Lambda handler over
 * createApiFromEnvironment, the S3 adapter on the loopback S3 server, the real SFN client pointed
 * at a recording endpoint that answers as Step Functions does, and the portal's JWTs checked
 * against a real JWKS server. The waiting steps' task tokens are stored the way the review
 * function stores them (the task token store, in the same bucket), as Step Functions would have
 * had it do before the person acts.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Edit } from '@surgery-video/client';
import { CATALOGUE_OBJECT, createApiFromEnvironment, SIGNING_KEY_OBJECT } from '../../src/aws/lambda-api-environment.js';
import { createLambdaHandler, type LambdaHttpHandler } from '../../src/aws/lambda-handler.js';
import { createObjectUserDirectory, USERS_OBJECT } from '../../src/aws/object-user-directory.js';
import { createS3ObjectStore } from '../../src/aws/s3-object-store.js';
import { createReviewTaskTokenStore, reviewTaskTokenKey, type ReviewTaskTokenStore } from '../../src/aws/step-functions-task-tokens.js';
import { createJobStore } from '../../src/workflow/job-store.js';
import { reviewExecutionName } from '../../src/workflow/review-workflow.js';
import { publicJwk, signToken, startJwksServer, type JwksServer } from '../identity/test-tokens.js';
import { apiEvent } from './lambda-event-examples.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordingEndpoint } from './recording-endpoint.js';
import { startS3Loopback, type S3Loopback } from './s3-loopback.js';
import { stepFunctionsResponder, type StepFunctionsResponder } from './step-functions-responder.js';

const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const portalKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ISSUER = 'https://portal.example';
const AUDIENCE = 'surgery-video';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:SurgeryVideo-review';

const asset = (id: string, tenant: string, specialty: string) => ({
  item: { id, tenant, title: id, kind: 'recorded', durationSeconds: 60, frameRate: 25, specialty, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
  pathPrefix: `/media/vod/${id}/`,
  files: { hls: 'master.m3u8' },
});
const catalogue = { assets: [asset('case-001', 'st-marys', 'orthopaedics'), asset('case-900', 'elsewhere', 'orthopaedics')], channels: [] };
const users = {
  users: [
    { id: 'dr-ortho-1', tenant: 'st-marys', roles: ['specialist'], specialty: 'orthopaedics' },
    { id: 'dr-gen-1', tenant: 'st-marys', roles: ['specialist'], specialty: 'general-surgery' },
    { id: 'admin-7', tenant: 'st-marys', roles: ['admin'] },
    { id: 'dr-ortho-9', tenant: 'elsewhere', roles: ['specialist'], specialty: 'orthopaedics' },
  ],
};

let s3: S3Loopback;
let jwks: JwksServer;
let states: RecordingEndpoint;
let sfnClient: SFNClient;
let sfn: StepFunctionsResponder;
let tokens: ReviewTaskTokenStore;
let lambda: LambdaHttpHandler;
let env: Record<string, string>;
const lines: string[] = [];

const put = (key: string, body: string) => s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));
const keysUnder = async (prefix: string) => ((await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))).Contents ?? []).map((item) => item.Key!);
const storedEdit = async (tenant: string, id: string): Promise<Edit> =>
  JSON.parse(await (await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `tenants/${tenant}/edits/${id}.json` }))).Body!.transformToString()) as Edit;

const tokenOf = (sub: string, role: string, tenant = 'st-marys') =>
  signToken('RS256', portalKey.privateKey, { iss: ISSUER, aud: AUDIENCE, sub, roles: [role], org: tenant, exp: Math.floor(Date.now() / 1000) + 600 }, { kid: 'portal-1' });
const trainee = tokenOf('trainee-3', 'trainee');
const admin = tokenOf('admin-7', 'admin');
const specialist = tokenOf('dr-ortho-1', 'specialist');
const outsider = tokenOf('trainee-9', 'trainee', 'elsewhere');

async function call(token: string, method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(init.headers ?? {}) };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const result = await lambda(apiEvent(method, path, { headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) }));
  return { status: result.statusCode, etag: result.headers['etag'], body: JSON.parse(result.body) as Record<string, any> };
}
const sfnCalls = (target: string) => states.requests.filter((request) => request.target === `AWSStepFunctions.${target}`).map((request) => request.json() as Record<string, string>);

before(async () => {
  s3 = await startS3Loopback('surgery-video-data');
  jwks = await startJwksServer([publicJwk(portalKey.publicKey, 'portal-1')]);
  sfn = stepFunctionsResponder(STATE_MACHINE);
  states = await startRecordingEndpoint({ service: 'states' }, sfn.respond);
  sfnClient = new SFNClient({ endpoint: states.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  tokens = createReviewTaskTokenStore(createS3ObjectStore({ client: s3.client, bucket: s3.bucket }));
  await put(SIGNING_KEY_OBJECT, signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await put(CATALOGUE_OBJECT, JSON.stringify(catalogue));
  await put(USERS_OBJECT, JSON.stringify(users));
  env = {
    DATA_BUCKET: s3.bucket,
    CLOUDFRONT_KEY_PAIR_ID: 'K2JCJMDEHXQW5F',
    PORTAL_JWKS_URL: jwks.url,
    PORTAL_ISSUER: ISSUER,
    PORTAL_AUDIENCE: AUDIENCE,
    PORTAL_CLAIM_MAPPING: JSON.stringify({ claims: { tenant: 'org' } }),
    STATE_MACHINE_ARN: STATE_MACHINE,
  };
  lambda = createLambdaHandler({ build: () => createApiFromEnvironment(env, { s3: s3.client, sfn: sfnClient, log: (line) => lines.push(line) }) }, { log: () => {} });
});
after(async () => {
  sfnClient.destroy();
  assert.deepEqual(states.signatureErrors, []);
  await states.close();
  await jwks.close();
  await s3.close();
});

describe('the review workflow through the API on Lambda', () => {
  let edit: Edit;

  it('a trainee creates an edit (ETag = version) and saves over it; a stale save is 409 with the current version', async () => {
    const created = await call(trainee, 'POST', '/api/v1/edits', { body: { assetId: 'case-001', title: 'Tibial plateau fixation', segments: [{ start: 2, end: 10 }] } });
    assert.equal(created.status, 201);
    assert.equal(created.etag, '"1"');
    edit = created.body as Edit;
    assert.equal(edit.createdBy, 'trainee-3');
    assert.deepEqual(await keysUnder('tenants/st-marys/edits/'), [`tenants/st-marys/edits/${edit.id}.json`]);

    const saved = await call(trainee, 'PUT', `/api/v1/edits/${edit.id}`, { body: { ...edit, title: 'Tibial plateau: reduction' }, headers: { 'if-match': '"1"' } });
    assert.equal(saved.status, 200);
    assert.equal(saved.etag, '"2"');
    const stale = await call(trainee, 'PUT', `/api/v1/edits/${edit.id}`, { body: { ...edit, title: 'Lost update' }, headers: { 'if-match': '"1"' } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body['error'].code, 'version-conflict');
    assert.equal(stale.body['error'].currentVersion, 2);
    assert.equal(stale.etag, '"2"');
    edit = saved.body as Edit;
    assert.equal((await storedEdit('st-marys', edit.id)).title, 'Tibial plateau: reduction');
  });

  it('refuses a bad body whole, naming the field, and writes nothing', async () => {
    const before = await storedEdit('st-marys', edit.id);
    const badSave = await call(trainee, 'PUT', `/api/v1/edits/${edit.id}`, { body: { ...edit, segments: [{ start: 9, end: 3 }] }, headers: { 'if-match': '"2"' } });
    assert.equal(badSave.status, 400);
    assert.match(badSave.body['error'].field, /^segments\[0\]/);
    assert.deepEqual(await storedEdit('st-marys', edit.id), before, 'the stored edit is untouched');
    const badCreate = await call(trainee, 'POST', '/api/v1/edits', { body: { assetId: 'case-001', title: 'x', segments: [{ start: 1, end: 500 }] } });
    assert.equal(badCreate.status, 400);
    assert.match(badCreate.body['error'].field, /^segments\[0\]/);
    assert.equal((await keysUnder('tenants/st-marys/edits/')).length, 1, 'no edit was created');
  });

  it('submit starts the execution named edit-<id>-v<version>-<tenant key> on the deployed state machine, with ids only', async () => {
    const submitted = await call(trainee, 'POST', `/api/v1/edits/${edit.id}/submit`, { headers: { 'x-correlation-id': 'req-submit-1' } });
    assert.equal(submitted.status, 200);
    assert.equal(submitted.body['status'], 'submitted');
    const starts = sfnCalls('StartExecution');
    assert.equal(starts.length, 1);
    const start = starts[0]!;
    assert.equal(start['stateMachineArn'], STATE_MACHINE);
    assert.equal(start['name'], reviewExecutionName('st-marys', edit.id, submitted.body['version']));
    assert.deepEqual(JSON.parse(start['input']!), { tenant: 'st-marys', editId: edit.id, version: submitted.body['version'], submittedBy: 'trainee-3', correlationId: 'req-submit-1' });
    assert.ok(!start['input']!.includes('Tibial'), 'no title (free text) leaves for Step Functions');
    edit = submitted.body as Edit;

    // A repeated submit (a retry) starts nothing new.
    const again = await call(trainee, 'POST', `/api/v1/edits/${edit.id}/submit`);
    assert.equal(again.status, 200);
    assert.equal(sfn.executions.size, 1);
  });

  it('the admin lists the tenant\'s specialists by specialty; nobody else may', async () => {
    const all = await call(admin, 'GET', '/api/v1/specialists');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body['items'], [
      { id: 'dr-gen-1', tenant: 'st-marys', roles: ['specialist'], specialty: 'general-surgery' },
      { id: 'dr-ortho-1', tenant: 'st-marys', roles: ['specialist'], specialty: 'orthopaedics' },
    ]);
    const ortho = await call(admin, 'GET', '/api/v1/specialists?specialty=orthopaedics');
    assert.deepEqual(ortho.body['items'].map((user: { id: string }) => user.id), ['dr-ortho-1']);
    assert.equal((await call(trainee, 'GET', '/api/v1/specialists')).status, 403);
    assert.equal((await call(admin, 'GET', '/api/v1/specialists?specialty=')).body['error'].field, 'specialty');
  });

  it('assigning a specialist saves the edit and ends the AwaitAssignment wait with SendTaskSuccess', async () => {
    const execution = reviewExecutionName('st-marys', edit.id, edit.version);
    const token = sfn.issueToken(execution);
    await tokens.put({ tenant: 'st-marys', editId: edit.id, execution, wait: 'assignment', token });

    const wrong = await call(admin, 'POST', `/api/v1/edits/${edit.id}/assign`, { body: { specialistId: 'dr-gen-1' } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body['error'].code, 'wrong-specialty');
    assert.equal(wrong.body['error'].field, 'specialistId');
    const foreign = await call(admin, 'POST', `/api/v1/edits/${edit.id}/assign`, { body: { specialistId: 'dr-ortho-9' } });
    assert.equal(foreign.body['error'].code, 'unknown-specialist', 'another tenant\'s specialist is not found');
    assert.equal(sfnCalls('SendTaskSuccess').length, 0, 'refused assignments end no wait');

    const assigned = await call(admin, 'POST', `/api/v1/edits/${edit.id}/assign`, { body: { specialistId: 'dr-ortho-1' } });
    assert.equal(assigned.status, 200);
    assert.equal(assigned.body['status'], 'assigned');
    assert.deepEqual(assigned.body['review'], { assignee: 'dr-ortho-1', assignedBy: 'admin-7' });
    const successes = sfnCalls('SendTaskSuccess');
    assert.equal(successes.length, 1);
    assert.equal(successes[0]!['taskToken'], token);
    assert.deepEqual(JSON.parse(successes[0]!['output']!), { assignee: 'dr-ortho-1', version: assigned.body['version'] });
    assert.equal(sfn.tokens.get(token)!.state, 'completed');
    assert.deepEqual(await keysUnder(reviewTaskTokenKey('st-marys', execution, 'assignment')), [], 'the used token is removed');
    assert.ok(lines.some((line) => line.includes(execution) && line.includes('assignment')), 'logged by execution name');
    assert.ok(!lines.some((line) => line.includes(token)), 'never the token');
    edit = assigned.body as Edit;
  });

  it('the specialist starts and returns it (ending AwaitReturn), the admin publishes, and the client can poll GET /edits', async () => {
    const execution = reviewExecutionName('st-marys', edit.id, 3);
    const token = sfn.issueToken(execution);
    await tokens.put({ tenant: 'st-marys', editId: edit.id, execution, wait: 'review', token });
    const inbox = await call(specialist, 'GET', '/api/v1/edits?assignee=dr-ortho-1');
    assert.deepEqual(inbox.body['items'].map((e: Edit) => e.id), [edit.id]);
    assert.equal((await call(specialist, 'POST', `/api/v1/edits/${edit.id}/start`)).body['status'], 'in-review');
    const returned = await call(specialist, 'POST', `/api/v1/edits/${edit.id}/return`, { body: { verdict: 'Good reduction; check screw length.' } });
    assert.equal(returned.status, 200);
    assert.equal(returned.body['review'].verdict, 'Good reduction; check screw length.');
    const successes = sfnCalls('SendTaskSuccess');
    assert.equal(successes.length, 2);
    assert.equal(successes[1]!['taskToken'], token);

    const polled = await call(trainee, 'GET', '/api/v1/edits?status=returned');
    assert.deepEqual(polled.body['items'].map((e: Edit) => [e.id, e.status]), [[edit.id, 'returned']]);
    const published = await call(admin, 'POST', `/api/v1/edits/${edit.id}/publish`);
    assert.equal(published.body['status'], 'published');
    const publication = await call(trainee, 'GET', `/api/v1/edits/${edit.id}/publication`);
    assert.equal(publication.status, 200);
    assert.equal(publication.body['editId'], edit.id);
    edit = published.body as Edit;
  });

  it('shows a render job\'s status to its owner from the bucket, where the review function writes it', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    const at = '2026-03-01T10:00:00.000Z';
    await createJobStore(store).put('st-marys', { job: { id: 'job-1', editId: edit.id, editVersion: edit.version, status: 'running', progress: 0.4, createdAt: at, updatedAt: at }, owner: 'trainee-3', externalId: '1700000000000-abc123' });
    const job = await call(trainee, 'GET', '/api/v1/jobs/job-1');
    assert.equal(job.status, 200);
    assert.equal(job.body['status'], 'running');
    assert.equal(job.body['progress'], 0.4);
    assert.equal((await call(outsider, 'GET', '/api/v1/jobs/job-1')).status, 404);
  });

  it('keeps tenants apart: another tenant sees no edit, cannot act on it, cannot use this tenant\'s assets', async () => {
    assert.equal((await call(outsider, 'GET', `/api/v1/edits/${edit.id}`)).status, 404);
    assert.deepEqual((await call(outsider, 'GET', '/api/v1/edits')).body['items'], []);
    assert.equal((await call(outsider, 'POST', `/api/v1/edits/${edit.id}/submit`)).status, 404);
    const create = await call(outsider, 'POST', '/api/v1/edits', { body: { assetId: 'case-001', title: 'x', segments: [] } });
    assert.equal(create.status, 400);
    assert.equal(create.body['error'].field, 'assetId');
    assert.deepEqual(await keysUnder('tenants/elsewhere/'), []);
  });

  it('answers /events with 501 streaming-unsupported (a buffered Lambda cannot stream)', async () => {
    const events = await lambda(apiEvent('GET', '/api/v1/events', { headers: { authorization: `Bearer ${trainee}`, accept: 'text/event-stream' } }));
    assert.equal(events.statusCode, 501);
    assert.equal((JSON.parse(events.body) as { error: { code: string } }).error.code, 'streaming-unsupported');
  });
});

describe('config/users.json: the directory of assignable users', () => {
  it('refuses a bad object at cold start, naming the entry and field; names are not kept', async () => {
    const other = await startS3Loopback('surgery-video-users');
    const putOther = (key: string, body: string) => other.client.send(new PutObjectCommand({ Bucket: other.bucket, Key: key, Body: body }));
    try {
      await putOther(SIGNING_KEY_OBJECT, signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      const build = () => createApiFromEnvironment({ ...env, DATA_BUCKET: other.bucket }, { s3: other.client, sfn: sfnClient, log: () => {} });
      await putOther(USERS_OBJECT, JSON.stringify({ users: [users.users[0], { ...users.users[1], name: 'Dr Example' }] }));
      await assert.rejects(build(), /config\/users\.json: users\[1\]\.name is not allowed: only id, tenant, roles and specialty/);
      await putOther(USERS_OBJECT, JSON.stringify({ users: [{ id: 'dr-1', tenant: 'st-marys', roles: ['surgeon'] }] }));
      await assert.rejects(build(), /config\/users\.json: users\[0\]\.roles must be a non-empty list of admin, specialist, trainee, clinician/);
      await putOther(USERS_OBJECT, JSON.stringify({ users: [users.users[0], users.users[0]] }));
      await assert.rejects(build(), /users\[1\]\.id: dr-ortho-1 of tenant st-marys is listed twice/);
      await putOther(USERS_OBJECT, '{"users": [');
      await assert.rejects(build(), /config\/users\.json: not JSON/);
    } finally {
      await other.close();
    }
  });

  it('is read again after a minute: a specialist added to the object becomes assignable; a broken object keeps the last good list', async () => {
    let clock = 0;
    const logged: string[] = [];
    const directory = await createObjectUserDirectory({ store: createS3ObjectStore({ client: s3.client, bucket: s3.bucket }), now: () => clock, log: (line) => logged.push(line) });
    const added = { id: 'dr-ortho-2', tenant: 'st-marys', roles: ['specialist'], specialty: 'orthopaedics' };
    await put(USERS_OBJECT, JSON.stringify({ users: [...users.users, added] }));
    assert.equal(await directory.get('st-marys', 'dr-ortho-2'), undefined, 'within the minute, the list read at start');
    clock = 60_000;
    assert.deepEqual((await directory.list('st-marys', { role: 'specialist', specialty: 'orthopaedics' })).map((u) => u.id), ['dr-ortho-1', 'dr-ortho-2']);
    await put(USERS_OBJECT, '{"users": 7}');
    clock = 120_000;
    assert.equal((await directory.get('st-marys', 'dr-ortho-2'))?.specialty, 'orthopaedics');
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /config\/users\.json: kept the last good list: config\/users\.json: must be \{"users"/);
    await put(USERS_OBJECT, JSON.stringify(users));
  });
});
