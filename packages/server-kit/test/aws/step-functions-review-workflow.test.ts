/**
 * The Step Functions review workflow with the real SFN client, pointed at a loopback endpoint that
 * stands where Step Functions would: what each call puts on the wire (operation, body) and how the
 * answers are read, including a repeated submit and task tokens whose step is over.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Edit } from '@surgery-video/client';
import { createStepFunctionsReviewWorkflow, ReviewTaskTokenError, sendReviewTaskOutcome } from '../../src/aws/step-functions-review-workflow.js';
import { createReviewTaskTokenStore, reviewTaskTokenKey, type ReviewTaskTokenStore } from '../../src/aws/step-functions-task-tokens.js';
import { createDirectoryStore, type DirectoryStore } from '../../src/storage/directory-store.js';
import { reviewExecutionName } from '../../src/workflow/review-workflow.js';
import { stepFunctionsResponder, type StepFunctionsResponder } from './step-functions-responder.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordingEndpoint } from './recording-endpoint.js';

const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:surgery-video-review';

function edit(id: string, version: number): Edit {
  return {
    schema: 'surgery-video/edit@1', id, assetId: 'case-001', title: 'Review', version, status: 'submitted',
    segments: [{ start: 1, end: 2 }], annotations: [], createdBy: 'trainee-1', createdAt: '2026-03-01T09:30:00Z', updatedAt: '2026-03-01T09:30:00Z',
  };
}

describe('Step Functions review workflow at the wire', () => {
  let endpoint: RecordingEndpoint;
  let client: SFNClient;
  let sfn: StepFunctionsResponder;
  const roots: string[] = [];
  let store: DirectoryStore;
  let tokens: ReviewTaskTokenStore;
  let lines: string[];
  const workflow = () => createStepFunctionsReviewWorkflow({ client, stateMachineArn: STATE_MACHINE, tokens, log: (line) => lines.push(line) });
  const calls = () => endpoint.requests.map((request) => [request.target, request.json()]);

  before(async () => {
    endpoint = await startRecordingEndpoint({ service: 'states' });
    client = new SFNClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  beforeEach(async () => {
    endpoint.requests.length = 0;
    sfn = stepFunctionsResponder(STATE_MACHINE);
    endpoint.respond(sfn.respond);
    const root = await mkdtemp(join(tmpdir(), 'sfn-workflow-'));
    roots.push(root);
    store = createDirectoryStore(join(root, 'objects'));
    tokens = createReviewTaskTokenStore(store);
    lines = [];
  });
  after(async () => {
    client.destroy();
    assert.deepEqual(endpoint.signatureErrors, []);
    await endpoint.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('start: StartExecution named edit-<id>-v<version>-<tenant key>, signed for states, with the review input', async () => {
    assert.deepEqual(await workflow().start('demo', edit('edit-7', 3), 'req-1'), { execution: 'edit-edit-7-v3-demo', started: true });
    assert.equal(endpoint.requests[0]!.signature.service, 'states');
    assert.equal(endpoint.requests[0]!.path, '/');
    const [[target, body]] = calls() as [[string, { stateMachineArn: string; name: string; input: string }]];
    assert.equal(target, 'AWSStepFunctions.StartExecution');
    assert.deepEqual({ ...body, input: JSON.parse(body.input) }, {
      stateMachineArn: STATE_MACHINE,
      name: 'edit-edit-7-v3-demo',
      input: { tenant: 'demo', editId: 'edit-7', version: 3, submittedBy: 'trainee-1', correlationId: 'req-1' },
    });
    assert.ok(lines.some((line) => line.includes('edit-edit-7-v3-demo') && line.includes('req-1')));
  });

  it('a repeated submit reaches Step Functions, is answered ExecutionAlreadyExists, and nothing new is started', async () => {
    const review = workflow();
    await review.start('demo', edit('edit-7', 3), 'req-1');
    assert.deepEqual(await review.start('demo', edit('edit-7', 3), 'req-2'), { execution: 'edit-edit-7-v3-demo', started: false });
    assert.equal(endpoint.requests.length, 2);
    assert.deepEqual(endpoint.requests.map((request) => (request.json() as { name: string }).name), ['edit-edit-7-v3-demo', 'edit-edit-7-v3-demo']);
    assert.equal(sfn.executions.size, 1);
    // A new version is a new execution.
    assert.deepEqual(await review.start('demo', edit('edit-7', 4), 'req-3'), { execution: 'edit-edit-7-v4-demo', started: true });
    assert.equal(sfn.executions.size, 2);
  });

  it('an edit id too long for a name gets the hashed execution name, within Step Functions\' 80 characters', async () => {
    const id = 'x'.repeat(70);
    await workflow().start('demo', edit(id, 1), 'req-long');
    const name = (endpoint.requests[0]!.json() as { name: string }).name;
    assert.equal(name, reviewExecutionName('demo', id, 1));
    assert.match(name, /^edit-[0-9a-f]{40}-v1-demo$/);
    assert.ok(name.length <= 80);
  });

  it('wake: SendTaskSuccess with the token the waiting step stored, then the token is gone', async () => {
    const token = sfn.issueToken('edit-edit-7-v3-demo');
    await tokens.put({ tenant: 'demo', editId: 'edit-7', execution: 'edit-edit-7-v3-demo', wait: 'assignment', token });
    await workflow().wake('demo', 'edit-7', 'assignment', { ok: true, output: { assignee: 'specialist-1', version: 4 } });
    assert.deepEqual(calls(), [['AWSStepFunctions.SendTaskSuccess', { taskToken: token, output: '{"assignee":"specialist-1","version":4}' }]]);
    assert.deepEqual(sfn.tokens.get(token), { execution: 'edit-edit-7-v3-demo', state: 'completed', outcome: { output: { assignee: 'specialist-1', version: 4 } } });
    assert.equal(await store.get(reviewTaskTokenKey('demo', 'edit-edit-7-v3-demo', 'assignment')), undefined);
  });

  it('wake with a rejection: SendTaskFailure Review.Rejected with the cause', async () => {
    const token = sfn.issueToken('edit-edit-7-v3-demo');
    await tokens.put({ tenant: 'demo', editId: 'edit-7', execution: 'edit-edit-7-v3-demo', wait: 'assignment', token });
    await workflow().wake('demo', 'edit-7', 'assignment', { ok: false, error: 'Review.Rejected', cause: 'Edit edit-7 was sent back to its author.' });
    assert.deepEqual(calls(), [['AWSStepFunctions.SendTaskFailure', { taskToken: token, error: 'Review.Rejected', cause: 'Edit edit-7 was sent back to its author.' }]]);
  });

  it('wake ends only this edit\'s waits of that kind, and sends nothing when no step waits', async () => {
    const mine = sfn.issueToken('edit-edit-7-v3-demo');
    const other = sfn.issueToken('edit-edit-7-vx-v1-demo');
    const review = sfn.issueToken('edit-edit-7-v3-demo');
    await tokens.put({ tenant: 'demo', editId: 'edit-7', execution: 'edit-edit-7-v3-demo', wait: 'assignment', token: mine });
    await tokens.put({ tenant: 'demo', editId: '7-vx', execution: 'edit-edit-7-vx-v1-demo', wait: 'assignment', token: other });
    await tokens.put({ tenant: 'demo', editId: 'edit-7', execution: 'edit-edit-7-v3-demo', wait: 'review', token: review });
    await tokens.put({ tenant: 'other', editId: 'edit-7', execution: 'edit-edit-7-v3-other', wait: 'assignment', token: sfn.issueToken('edit-edit-7-v3-other') });
    await workflow().wake('demo', 'edit-7', 'assignment', { ok: true, output: null });
    assert.deepEqual(endpoint.requests.map((request) => (request.json() as { taskToken: string }).taskToken), [mine]);
    endpoint.requests.length = 0;
    await workflow().wake('demo', 'edit-9', 'assignment', { ok: true, output: null });
    assert.equal(endpoint.requests.length, 0);
  });

  it('executions started under the legacy name edit-<id>-v<version> are still woken, and a repeat of their version starts nothing', async () => {
    const legacy = sfn.issueToken('edit-edit-7-v2');
    const current = sfn.issueToken('edit-edit-7-v3-demo');
    await tokens.put({ tenant: 'demo', editId: 'edit-7', execution: 'edit-edit-7-v2', wait: 'assignment', token: legacy });
    await tokens.put({ tenant: 'demo', editId: 'edit-7', execution: 'edit-edit-7-v3-demo', wait: 'assignment', token: current });
    assert.deepEqual(await workflow().start('demo', edit('edit-7', 2), 'req-retry'), { execution: 'edit-edit-7-v2', started: false });
    assert.equal(endpoint.requests.length, 0, 'no StartExecution for a version whose legacy execution waits');
    await workflow().wake('demo', 'edit-7', 'assignment', { ok: true, output: null });
    assert.deepEqual(endpoint.requests.map((request) => (request.json() as { taskToken: string }).taskToken).sort(), [current, legacy].sort());
    assert.deepEqual(await tokens.find('demo', 'edit-7', 'assignment'), []);
  });

  it('a token whose step timed out or is over is dropped without failing the wake; the log names the execution, never the token', async () => {
    const timedOut = sfn.issueToken('edit-edit-7-v3-demo');
    sfn.tokens.get(timedOut)!.state = 'timed-out';
    await tokens.put({ tenant: 'demo', editId: 'edit-7', execution: 'edit-edit-7-v3-demo', wait: 'review', token: timedOut });
    await workflow().wake('demo', 'edit-7', 'review', { ok: true, output: null });
    assert.equal(endpoint.requests.length, 1);
    assert.equal(await store.get(reviewTaskTokenKey('demo', 'edit-edit-7-v3-demo', 'review')), undefined);
    assert.ok(lines.some((line) => line.includes('edit-edit-7-v3-demo') && line.includes('task-timed-out')), lines.join('\n'));
    assert.ok(lines.every((line) => !line.includes(timedOut)));
  });

  it('sendReviewTaskOutcome: TaskTimedOut, TaskDoesNotExist and InvalidToken answers are a ReviewTaskTokenError with a code', async () => {
    const token = sfn.issueToken('edit-edit-7-v3-demo');
    await sendReviewTaskOutcome(client, token, { ok: true, output: {} });
    await assert.rejects(sendReviewTaskOutcome(client, token, { ok: true, output: {} }), (error: unknown) => error instanceof ReviewTaskTokenError && error.code === 'task-does-not-exist');
    const late = sfn.issueToken('edit-edit-7-v3-demo');
    sfn.tokens.get(late)!.state = 'timed-out';
    await assert.rejects(sendReviewTaskOutcome(client, late, { ok: false, error: 'Review.Rejected', cause: 'no' }), (error: unknown) => error instanceof ReviewTaskTokenError && error.code === 'task-timed-out' && /timed out/.test(error.message));
    await assert.rejects(sendReviewTaskOutcome(client, 'not-a-token', { ok: true, output: {} }), (error: unknown) => error instanceof ReviewTaskTokenError && error.code === 'invalid-token');
  });

  it('other failures (throttling) fail the wake and keep the token for the next try', async () => {
    const token = sfn.issueToken('edit-edit-7-v3-demo');
    await tokens.put({ tenant: 'demo', editId: 'edit-7', execution: 'edit-edit-7-v3-demo', wait: 'assignment', token });
    endpoint.respond(() => ({ status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } }));
    await assert.rejects(workflow().wake('demo', 'edit-7', 'assignment', { ok: true, output: null }), (error: unknown) => error instanceof Error && error.name === 'ThrottlingException');
    assert.equal((await tokens.find('demo', 'edit-7', 'assignment'))[0]?.token, token);
  });

  it('is refused at once when configured wrong', () => {
    assert.throws(() => createStepFunctionsReviewWorkflow({ client, stateMachineArn: 'surgery-video-review', tokens }), /stateMachineArn/);
    assert.throws(() => createStepFunctionsReviewWorkflow({ client: {} as SFNClient, stateMachineArn: STATE_MACHINE, tokens }), /`client` must be an SFNClient/);
    assert.throws(() => createStepFunctionsReviewWorkflow({ client, stateMachineArn: STATE_MACHINE, tokens: undefined as never }), /`tokens`/);
    assert.throws(() => createStepFunctionsReviewWorkflow({ client, stateMachineArn: STATE_MACHINE, tokens: { find: tokens.find } as never }), /`tokens`/);
  });
});
