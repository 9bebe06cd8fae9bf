/**
 * The review activities Lambda, invoked with the very payloads the shipped ASL produces: the
 * definition (Lambda ARN substituted) is run by the ASL interpreter, and what each Task state
 * would send to the Lambda is captured and handed to the handler. The handler runs the shared
 * activities over a real object store; its task callbacks go through the real SFN client to a
 * loopback Step Functions. The token a waiting step stores is the one the API's wake then sends.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Edit } from '@surgery-video/client';
import { createMediaConvertTranscoder } from '../../src/aws/mediaconvert-transcoder.js';
import { createReviewActivitiesLambdaHandler } from '../../src/aws/review-activities-lambda.js';
import { reviewWorkflowDefinitionFor } from '../../src/aws/step-functions-definition.js';
import { createStepFunctionsReviewWorkflow } from '../../src/aws/step-functions-review-workflow.js';
import { createReviewTaskTokenStore, reviewTaskTokenKey, type ReviewTaskTokenStore } from '../../src/aws/step-functions-task-tokens.js';
import { createInMemoryCatalogue } from '../../src/catalogue/media-catalogue.js';
import { createEditStore, type EditStore } from '../../src/edits/edit-store.js';
import { createPublicationStore } from '../../src/edits/publication-store.js';
import { createDirectoryStore, type DirectoryStore } from '../../src/storage/directory-store.js';
import { StateMachine } from '../../src/workflow/asl-interpreter.js';
import type { JsonObject, JsonValue } from '../../src/workflow/execution-store.js';
import { createJobStore } from '../../src/workflow/job-store.js';
import { createReviewActivities } from '../../src/workflow/review-activities.js';
import type { ReviewWorkflowInput } from '../../src/workflow/review-workflow.js';
import { createTranscoderRenderService } from '../../src/workflow/transcoder-render-service.js';
import { stepFunctionsResponder, type StepFunctionsResponder } from './step-functions-responder.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordingEndpoint } from './recording-endpoint.js';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:surgery-video-review-activities';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:surgery-video-review';
const EXECUTION = 'edit-edit-7-v1-demo';
const INPUT: ReviewWorkflowInput = { tenant: 'demo', editId: 'edit-7', version: 1, submittedBy: 'trainee-1', correlationId: 'req-lambda-1' };
const ASL_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAU0dS5A-asl-token';

/** What each Task state sends to the Lambda, by state name, on the happy path of the shipped definition. */
async function aslPayloads(): Promise<Record<string, JsonObject>> {
  const sent: Record<string, JsonObject> = {};
  const capture = (state: string, answer: JsonValue) => async (processed: JsonValue) => {
    const effective = processed as { FunctionName: string; Payload: JsonObject };
    assert.equal(effective.FunctionName, FUNCTION_ARN);
    sent[state] = effective.Payload;
    return answer;
  };
  const machine = new StateMachine(JSON.parse(reviewWorkflowDefinitionFor(FUNCTION_ARN)), { validationOptions: { checkArn: true, checkPaths: true } });
  const run = machine.run(INPUT, {
    overrides: {
      taskResourceLocalHandlers: {
        InstantPreview: capture('InstantPreview', { Payload: { available: false }, StatusCode: 200 }),
        AwaitAssignment: capture('AwaitAssignment', { assignee: 'specialist-1', version: 2 }),
        AwaitReturn: capture('AwaitReturn', { assignee: 'specialist-1', version: 4 }),
        Render: capture('Render', { jobId: 'edit-edit-7-v1-demo-r1', version: 4, outputs: {} }),
        Publish: capture('Publish', { Payload: { version: 4 }, StatusCode: 200 }),
      },
    },
    context: { Execution: { Name: EXECUTION, Input: INPUT }, Task: { Token: ASL_TOKEN } },
  });
  await run.result;
  return sent;
}

function edit(status: Edit['status'], extra: Partial<Edit> = {}): Edit {
  return {
    schema: 'surgery-video/edit@1', id: 'edit-7', assetId: 'case-001', title: 'Review', version: 1, status,
    segments: [{ start: 1, end: 2 }], annotations: [], createdBy: 'trainee-1', createdAt: '2026-03-01T09:30:00Z', updatedAt: '2026-03-01T09:30:00Z', ...extra,
  };
}

describe('review activities Lambda, with the payloads the ASL produces', () => {
  let payloads: Record<string, JsonObject>;
  let sfnEndpoint: RecordingEndpoint;
  let mcEndpoint: RecordingEndpoint;
  let sfnClient: SFNClient;
  let mcClient: MediaConvertClient;
  let sfn: StepFunctionsResponder;
  const roots: string[] = [];
  let store: DirectoryStore;
  let edits: EditStore;
  let tokens: ReviewTaskTokenStore;
  let handler: (event: unknown) => Promise<JsonValue>;
  /** Each invocation gets a fresh token from Step Functions, in the payload's shape. */
  const invoke = (state: string, token?: string) => handler({ ...payloads[state], ...(token ? { taskToken: token } : {}) });
  const sfnCalls = () => sfnEndpoint.requests.map((request) => [request.target, request.json()]);

  before(async () => {
    payloads = await aslPayloads();
    sfnEndpoint = await startRecordingEndpoint({ service: 'states' });
    mcEndpoint = await startRecordingEndpoint({ service: 'mediaconvert' });
    sfnClient = new SFNClient({ endpoint: sfnEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    mcClient = new MediaConvertClient({ endpoint: mcEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS });
  });
  beforeEach(async () => {
    sfnEndpoint.requests.length = 0;
    sfn = stepFunctionsResponder(STATE_MACHINE);
    sfnEndpoint.respond(sfn.respond);
    const root = await mkdtemp(join(tmpdir(), 'review-lambda-'));
    roots.push(root);
    store = createDirectoryStore(join(root, 'objects'));
    edits = createEditStore(store);
    tokens = createReviewTaskTokenStore(store);
    const activities = createReviewActivities({
      edits,
      catalogue: createInMemoryCatalogue({ assets: () => [], channels: () => [] }),
      jobs: createJobStore(store),
      publications: createPublicationStore(store),
      render: createTranscoderRenderService({
        transcoder: createMediaConvertTranscoder({ client: mcClient, role: 'arn:aws:iam::123456789012:role/SurgeryVideoMediaConvert' }),
        sourceUri: (asset) => `s3://surgery-video-media/vod/${asset.id}/master.m3u8`,
        destination: () => 's3://surgery-video-renders/renders/',
      }),
    });
    handler = createReviewActivitiesLambdaHandler({ activities, tokens, client: sfnClient });
  });
  after(async () => {
    sfnClient.destroy();
    mcClient.destroy();
    assert.deepEqual(sfnEndpoint.signatureErrors, []);
    await sfnEndpoint.close();
    await mcEndpoint.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('the ASL sends { step, execution, input } to every Task, and the task token only to the waits', () => {
    assert.deepEqual(payloads['InstantPreview'], { step: 'instant-preview', execution: EXECUTION, input: INPUT });
    assert.deepEqual(payloads['AwaitAssignment'], { step: 'await-assignment', execution: EXECUTION, input: INPUT, taskToken: ASL_TOKEN });
    assert.deepEqual(payloads['AwaitReturn'], { step: 'await-return', execution: EXECUTION, input: INPUT, taskToken: ASL_TOKEN });
    assert.deepEqual(payloads['Render'], { step: 'render', execution: EXECUTION, input: INPUT, taskToken: ASL_TOKEN });
    assert.deepEqual(payloads['Publish']!['render'], { jobId: 'edit-edit-7-v1-demo-r1', version: 4, outputs: {} });
  });

  it('AwaitAssignment while nobody assigned: the token is stored under ids only, nothing is sent; the API\'s wake then sends that token', async () => {
    await edits.create('demo', edit('submitted'));
    const token = sfn.issueToken(EXECUTION);
    assert.equal(await invoke('AwaitAssignment', token), null);
    assert.equal(sfnEndpoint.requests.length, 0);
    const stored = await tokens.find('demo', 'edit-7', 'assignment');
    assert.deepEqual(stored.map(({ execution, wait, token: t }) => [execution, wait, t]), [[EXECUTION, 'assignment', token]]);
    assert.ok(await store.get(reviewTaskTokenKey('demo', EXECUTION, 'assignment')));

    const api = createStepFunctionsReviewWorkflow({ client: sfnClient, stateMachineArn: STATE_MACHINE, tokens });
    await api.wake('demo', 'edit-7', 'assignment', { ok: true, output: { assignee: 'specialist-1', version: 2 } });
    assert.deepEqual(sfnCalls(), [['AWSStepFunctions.SendTaskSuccess', { taskToken: token, output: '{"assignee":"specialist-1","version":2}' }]]);
    assert.equal(sfn.tokens.get(token)!.state, 'completed');
  });

  it('AwaitAssignment after the admin already assigned: the Lambda ends the wait itself and keeps no token', async () => {
    await edits.create('demo', edit('assigned', { version: 2, review: { assignee: 'specialist-1', assignedBy: 'admin-1' } }));
    const token = sfn.issueToken(EXECUTION);
    await invoke('AwaitAssignment', token);
    assert.deepEqual(sfnCalls(), [['AWSStepFunctions.SendTaskSuccess', { taskToken: token, output: '{"assignee":"specialist-1","version":2}' }]]);
    assert.deepEqual(await tokens.find('demo', 'edit-7', 'assignment'), []);
  });

  it('AwaitAssignment after the admin sent the edit back: SendTaskFailure Review.Rejected', async () => {
    await edits.create('demo', edit('draft'));
    const token = sfn.issueToken(EXECUTION);
    await invoke('AwaitAssignment', token);
    assert.deepEqual(sfnCalls(), [['AWSStepFunctions.SendTaskFailure', { taskToken: token, error: 'Review.Rejected', cause: 'Edit edit-7 was sent back to its author.' }]]);
  });

  it('AwaitReturn after the specialist returned it: the wait ends with the verdict\'s version', async () => {
    await edits.create('demo', edit('returned', { version: 4, review: { assignee: 'specialist-1', assignedBy: 'admin-1', verdict: 'Good.' } }));
    const token = sfn.issueToken(EXECUTION);
    await invoke('AwaitReturn', token);
    assert.deepEqual(sfnCalls(), [['AWSStepFunctions.SendTaskSuccess', { taskToken: token, output: '{"assignee":"specialist-1","version":4}' }]]);
  });

  it('InstantPreview without a preview service answers { available: false } (the Lambda\'s Payload), with no callback', async () => {
    await edits.create('demo', edit('submitted'));
    assert.deepEqual(await invoke('InstantPreview'), { available: false });
    assert.equal(sfnEndpoint.requests.length, 0);
  });

  it('Publish publishes the returned edit with the render the ASL passed, and answers the publication', async () => {
    await edits.create('demo', edit('returned', { version: 4, review: { assignee: 'specialist-1', assignedBy: 'admin-1' } }));
    assert.deepEqual(await invoke('Publish'), { version: 5, jobId: 'edit-edit-7-v1-demo-r1', publishedBy: 'system' });
    assert.equal((await edits.get('demo', 'edit-7'))?.edit.status, 'published');
  });

  it('an error an activity raises reaches Step Functions under its name (what Retry and Catch match)', async () => {
    await assert.rejects(invoke('InstantPreview'), (error: unknown) => error instanceof Error && error.name === 'Review.EditMissing');
  });

  it('refuses a payload that is not one of the definition\'s, naming the field, and stores nothing', async () => {
    await edits.create('demo', edit('submitted'));
    const cases: [unknown, RegExp][] = [
      [{ ...payloads['AwaitAssignment'], taskToken: undefined }, /event\.taskToken: step "await-assignment" waits/],
      [{ ...payloads['InstantPreview'], taskToken: 'x' }, /event\.taskToken: step "instant-preview" does not wait/],
      [{ ...payloads['InstantPreview'], step: 'delete-everything' }, /event\.step/],
      [{ ...payloads['InstantPreview'], input: { ...INPUT, tenant: '' } }, /event\.input\.tenant/],
      [{ ...payloads['InstantPreview'], execution: 'a b' }, /event\.execution/],
      ['AwaitAssignment', /event: must be/],
    ];
    for (const [event, message] of cases) await assert.rejects(handler(event), (error: unknown) => error instanceof TypeError && message.test(error.message), String(message));
    assert.deepEqual(await tokens.find('demo', 'edit-7', 'assignment'), []);
    assert.throws(() => createReviewActivitiesLambdaHandler({ activities: {} as never, tokens, client: sfnClient }), /has no "instant-preview" activity/);
  });
});
