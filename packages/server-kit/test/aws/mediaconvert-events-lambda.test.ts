/**
 * The Render step on AWS, end to end at the wire: the review activities Lambda is invoked with the
 * Render payload the shipped ASL produces (run by the ASL interpreter), starts the MediaConvert job
 * through the real SDK client (loopback MediaConvert, mediaconvert-responder.ts) and stores the
 * task token; the job runs; its EventBridge "MediaConvert Job State Change" event, built in AWS's
 * documented shape from the job MediaConvert holds (its UserMetadata as the CreateJob request set
 * it), goes to the MediaConvert events Lambda, whose callback reaches a loopback Step Functions
 * through the real SFN client (step-functions-responder.ts).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Asset, Edit } from '@surgery-video/client';
import { createMediaConvertEventsLambdaHandler, type MediaConvertEventResult } from '../../src/aws/mediaconvert-events-lambda.js';
import { createMediaConvertTranscoder } from '../../src/aws/mediaconvert-transcoder.js';
import { createReviewActivitiesLambdaHandler } from '../../src/aws/review-activities-lambda.js';
import { reviewWorkflowDefinitionFor } from '../../src/aws/step-functions-definition.js';
import { createReviewTaskTokenStore, reviewTaskTokenKey, type ReviewTaskTokenStore } from '../../src/aws/step-functions-task-tokens.js';
import { createInMemoryCatalogue, type CatalogueEntry } from '../../src/catalogue/media-catalogue.js';
import { createEditStore, type EditStore } from '../../src/edits/edit-store.js';
import { createPublicationStore } from '../../src/edits/publication-store.js';
import { renderName, renderRequestToken } from '../../src/render/mediaconvert-job.js';
import { createDirectoryStore, type DirectoryStore } from '../../src/storage/directory-store.js';
import type { TranscoderPort } from '../../src/transcoder/transcoder-port.js';
import { StateMachine } from '../../src/workflow/asl-interpreter.js';
import type { JsonObject, JsonValue } from '../../src/workflow/execution-store.js';
import { createJobStore, type JobStore } from '../../src/workflow/job-store.js';
import { createReviewActivities } from '../../src/workflow/review-activities.js';
import type { ReviewWorkflowInput } from '../../src/workflow/review-workflow.js';
import { createTranscoderRenderService } from '../../src/workflow/transcoder-render-service.js';
import { mediaConvertResponder, type MediaConvertResponder } from './mediaconvert-responder.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordingEndpoint } from './recording-endpoint.js';
import { stepFunctionsResponder, type StepFunctionsResponder } from './step-functions-responder.js';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:surgery-video-review-activities';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:surgery-video-review';
const ROLE = 'arn:aws:iam::123456789012:role/SurgeryVideoMediaConvert';
const EXECUTION = 'edit-edit-7-v1-demo';
const RENDER_JOB = `${EXECUTION}-r1`;
const INPUT: ReviewWorkflowInput = { tenant: 'demo', editId: 'edit-7', version: 1, submittedBy: 'trainee-1', correlationId: 'req-render-1' };
const FRAME_RATE = 30;
const sourceOf = (asset: Pick<Asset, 'id'>) => `s3://surgery-video-media/vod/${asset.id}/master.m3u8`;
const RENDERS = 's3://surgery-video-renders/renders/';

const entry = (id: string): CatalogueEntry<Asset> => ({
  item: { id, tenant: 'demo', title: `Case ${id}`, kind: 'recorded', durationSeconds: 60, frameRate: FRAME_RATE, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
  pathPrefix: `/media/vod/${id}/`,
  files: { hls: 'master.m3u8' },
});

/** The payload the shipped definition sends to the Lambda from its Render state. */
async function aslRenderPayload(): Promise<JsonObject> {
  let sent: JsonObject | undefined;
  const machine = new StateMachine(JSON.parse(reviewWorkflowDefinitionFor(FUNCTION_ARN)), { validationOptions: { checkArn: true, checkPaths: true } });
  const answer = (value: JsonValue) => async () => value;
  const run = machine.run(INPUT, {
    overrides: {
      taskResourceLocalHandlers: {
        InstantPreview: answer({ Payload: { available: false }, StatusCode: 200 }),
        AwaitAssignment: answer({ assignee: 'specialist-1', version: 2 }),
        AwaitReturn: answer({ assignee: 'specialist-1', version: 4 }),
        Render: async (processed: JsonValue) => {
          sent = (processed as { Payload: JsonObject }).Payload;
          return { jobId: RENDER_JOB, version: 4, outputs: {} };
        },
        Publish: answer({ Payload: { version: 4 }, StatusCode: 200 }),
      },
    },
    context: { Execution: { Name: EXECUTION, Input: INPUT }, Task: { Token: 'asl-token' } },
  });
  await run.result;
  assert.ok(sent, 'the definition reached its Render state');
  return sent;
}

function returnedEdit(assetId: string): Edit {
  return {
    schema: 'surgery-video/edit@1', id: 'edit-7', assetId, title: 'Review', version: 4, status: 'returned',
    segments: [{ start: 1, end: 2 }, { start: 10, end: 12.5 }], annotations: [],
    review: { assignee: 'specialist-1', assignedBy: 'admin-1', verdict: 'Good.' },
    createdBy: 'trainee-1', createdAt: '2026-03-01T09:30:00Z', updatedAt: '2026-03-01T10:30:00Z',
  };
}

type WireJob = MediaConvertResponder['jobs'] extends Map<string, infer J> ? J : never;

/** The EventBridge event MediaConvert sends for `job` (docs: "Events with COMPLETE / ERROR / CANCELED status"). */
function stateChange(job: WireJob, status = job.status as string): JsonObject {
  const detail: JsonObject = {
    timestamp: 1_780_000_100_000,
    accountId: '123456789012',
    queue: 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default',
    jobId: job.id,
    status,
    userMetadata: (job['userMetadata'] ?? {}) as JsonObject,
  };
  if (status === 'COMPLETE') {
    detail['outputGroupDetails'] = ((job['outputGroupDetails'] ?? []) as JsonObject[]).map((group) => ({ ...group, type: 'FILE_GROUP' }));
    detail['warnings'] = [];
  }
  if (status === 'ERROR') Object.assign(detail, { errorCode: job['errorCode'] as number, errorMessage: job['errorMessage'] as string });
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: '123456789012',
    time: '2026-06-01T10:00:00Z',
    region: 'eu-west-1',
    resources: [job['arn'] as string],
    detail,
  };
}

describe('the Render step on AWS: job started by the review Lambda, ended by its MediaConvert event', () => {
  let payload: JsonObject;
  let sfnEndpoint: RecordingEndpoint;
  let mcEndpoint: RecordingEndpoint;
  let sfnClient: SFNClient;
  let mcClient: MediaConvertClient;
  let sfn: StepFunctionsResponder;
  let mediaConvert: MediaConvertResponder;
  let transcoder: TranscoderPort;
  const roots: string[] = [];
  let store: DirectoryStore;
  let edits: EditStore;
  let tokens: ReviewTaskTokenStore;
  let jobs: JobStore;
  let lines: string[];
  let renderStep: (event: unknown) => Promise<JsonValue>;
  let onJobEvent: (event: unknown) => Promise<MediaConvertEventResult>;
  const sfnCalls = () => sfnEndpoint.requests.map((request) => [request.target, request.json()]);

  /** Invokes the Render step with a fresh token, as Step Functions does; returns the token and the job MediaConvert made. */
  async function startRender(assetId: string): Promise<{ token: string; job: WireJob }> {
    await edits.create('demo', returnedEdit(assetId));
    const token = sfn.issueToken(EXECUTION);
    assert.equal(await renderStep({ ...payload, taskToken: token }), null);
    const job = [...mediaConvert.jobs.values()].at(-1);
    assert.ok(job, 'the Render step created a MediaConvert job');
    return { token, job };
  }

  /** MediaConvert runs the job to its end (each GetJob moves it one step on). */
  async function runToEnd(job: WireJob): Promise<void> {
    while (job.status === 'SUBMITTED' || job.status === 'PROGRESSING') await transcoder.get(job.id);
    mcEndpoint.requests.length = 0;
  }

  before(async () => {
    payload = await aslRenderPayload();
    sfnEndpoint = await startRecordingEndpoint({ service: 'states' });
    mcEndpoint = await startRecordingEndpoint({ service: 'mediaconvert' });
    sfnClient = new SFNClient({ endpoint: sfnEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    mcClient = new MediaConvertClient({ endpoint: mcEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  beforeEach(async () => {
    sfnEndpoint.requests.length = 0;
    mcEndpoint.requests.length = 0;
    sfn = stepFunctionsResponder(STATE_MACHINE);
    sfnEndpoint.respond(sfn.respond);
    mediaConvert = mediaConvertResponder({ sources: { [sourceOf({ id: 'case-001' })]: FRAME_RATE } });
    mcEndpoint.respond(mediaConvert.respond);
    const root = await mkdtemp(join(tmpdir(), 'mediaconvert-events-'));
    roots.push(root);
    store = createDirectoryStore(join(root, 'objects'));
    edits = createEditStore(store);
    tokens = createReviewTaskTokenStore(store);
    jobs = createJobStore(store);
    lines = [];
    transcoder = createMediaConvertTranscoder({ client: mcClient, role: ROLE });
    // One render service, as a deployment builds it once and hands it to both Lambdas.
    const render = createTranscoderRenderService({ transcoder, sourceUri: sourceOf, destination: () => RENDERS });
    const activities = createReviewActivities({
      edits,
      catalogue: createInMemoryCatalogue({ assets: () => [entry('case-001'), entry('case-gone')], channels: () => [] }),
      jobs,
      publications: createPublicationStore(store),
      render,
    });
    renderStep = createReviewActivitiesLambdaHandler({ activities, tokens, client: sfnClient });
    onJobEvent = createMediaConvertEventsLambdaHandler({ render, tokens, jobs, client: sfnClient, log: (line) => lines.push(line) });
  });
  after(async () => {
    sfnClient.destroy();
    mcClient.destroy();
    assert.deepEqual(sfnEndpoint.signatureErrors, []);
    assert.deepEqual(mcEndpoint.signatureErrors, []);
    await sfnEndpoint.close();
    await mcEndpoint.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('the Render step submits the job with ids in its UserMetadata (never the token), stores the token, and returns without a callback', async () => {
    const { token } = await startRender('case-001');
    assert.deepEqual(mcEndpoint.requests.map((request) => [request.method, request.path]), [['POST', '/2017-08-29/jobs']]);
    const body = mcEndpoint.requests[0]!.json() as Record<string, unknown>;
    assert.deepEqual(body['userMetadata'], {
      tenant: 'demo', execution: EXECUTION, renderJob: RENDER_JOB,
      correlationId: 'req-render-1', editId: 'edit-7', editVersion: '4', assetId: 'case-001',
    });
    assert.equal(body['clientRequestToken'], renderRequestToken('edit-7', 4));
    assert.ok(!mcEndpoint.requests[0]!.body.toString('utf8').includes(token), 'the task token is not sent to MediaConvert');
    assert.equal(sfnEndpoint.requests.length, 0);
    assert.equal((await tokens.get('demo', EXECUTION, 'render'))?.token, token);
    assert.ok(await store.get(reviewTaskTokenKey('demo', EXECUTION, 'render')));
    assert.equal((await jobs.get('demo', RENDER_JOB))?.job.status, 'queued');
  });

  it('COMPLETE: SendTaskSuccess to the stored token with { jobId, version, outputs } read by GetJob; the job shows succeeded; the token is gone', async () => {
    const { token, job } = await startRender('case-001');
    await runToEnd(job);
    assert.deepEqual(await onJobEvent(stateChange(job)), { jobId: job.id, result: 'completed', execution: EXECUTION });

    assert.deepEqual(mcEndpoint.requests.map((request) => [request.method, request.path]), [['GET', `/2017-08-29/jobs/${job.id}`]]);
    const calls = sfnCalls();
    assert.equal(calls.length, 1);
    const [target, sent] = calls[0] as [string, { taskToken: string; output: string }];
    assert.equal(target, 'AWSStepFunctions.SendTaskSuccess');
    assert.equal(sent.taskToken, token);
    const output = JSON.parse(sent.output) as { jobId: string; version: number; outputs: Record<string, string> };
    const folder = `${RENDERS}${renderName({ id: 'edit-7', version: 4 })}/`;
    assert.equal(output.jobId, RENDER_JOB);
    assert.equal(output.version, 4);
    assert.ok(output.outputs['hls']?.startsWith(folder) && output.outputs['hls'].endsWith('.m3u8'), `hls in ${folder}: ${output.outputs['hls']}`);
    assert.ok(output.outputs['mp4']?.startsWith(folder) && output.outputs['mp4'].endsWith('.mp4'), `mp4 in ${folder}: ${output.outputs['mp4']}`);
    assert.deepEqual(sfn.tokens.get(token), { execution: EXECUTION, state: 'completed', outcome: { output } });

    const shown = (await jobs.get('demo', RENDER_JOB))!.job;
    assert.deepEqual([shown.status, shown.progress, shown.outputs], ['succeeded', 1, output.outputs]);
    assert.equal(await tokens.get('demo', EXECUTION, 'render'), undefined);
  });

  it('the same COMPLETE event again (EventBridge delivers at least once): nothing is sent', async () => {
    const { job } = await startRender('case-001');
    await runToEnd(job);
    const event = stateChange(job);
    await onJobEvent(event);
    sfnEndpoint.requests.length = 0;
    mcEndpoint.requests.length = 0;
    assert.deepEqual(await onJobEvent(event), { jobId: job.id, result: 'ignored', execution: EXECUTION });
    assert.deepEqual([sfnEndpoint.requests.length, mcEndpoint.requests.length], [0, 0]);
  });

  it('a repeat that still found the token (the first stopped before removing it): TaskDoesNotExist is taken as already ended', async () => {
    const { token, job } = await startRender('case-001');
    await runToEnd(job);
    const event = stateChange(job);
    const record = (await tokens.get('demo', EXECUTION, 'render'))!;
    await onJobEvent(event);
    await tokens.put(record); // as if the first delivery had died between the callback and the removal
    sfnEndpoint.requests.length = 0;
    assert.deepEqual(await onJobEvent(event), { jobId: job.id, result: 'already-ended', execution: EXECUTION });
    assert.deepEqual(sfnCalls().map(([target]) => target), ['AWSStepFunctions.SendTaskSuccess']);
    assert.equal(sfn.tokens.get(token)!.state, 'completed');
    assert.equal(await tokens.get('demo', EXECUTION, 'render'), undefined);
    assert.ok(lines.some((line) => line.includes('task-does-not-exist')), lines.join('\n'));
  });

  it('ERROR: SendTaskFailure Render.Failed (the definition catches it into RecordRenderFailure) with MediaConvert\'s reason; the job shows failed', async () => {
    const { token, job } = await startRender('case-gone');
    await runToEnd(job);
    assert.equal(job.status, 'ERROR');
    assert.deepEqual(await onJobEvent(stateChange(job)), { jobId: job.id, result: 'failed', execution: EXECUTION });
    const cause = `Failed to read data: ${sourceOf({ id: 'case-gone' })} (MediaConvert error 1030)`;
    assert.deepEqual(sfnCalls(), [['AWSStepFunctions.SendTaskFailure', { taskToken: token, error: 'Render.Failed', cause }]]);
    const shown = (await jobs.get('demo', RENDER_JOB))!.job;
    assert.deepEqual([shown.status, shown.error?.message], ['failed', cause]);
    assert.equal(await tokens.get('demo', EXECUTION, 'render'), undefined);
  });

  it('CANCELED (an operator stopped the job): SendTaskFailure Render.Failed, not retried', async () => {
    const { token, job } = await startRender('case-001');
    (job as { status: string }).status = 'CANCELED';
    assert.deepEqual(await onJobEvent(stateChange(job)), { jobId: job.id, result: 'failed', execution: EXECUTION });
    assert.deepEqual(sfnCalls(), [['AWSStepFunctions.SendTaskFailure', { taskToken: token, error: 'Render.Failed', cause: `MediaConvert job ${job.id} was canceled.` }]]);
  });

  it('events of jobs the review did not start, and statuses that end nothing, are ignored with ids-only log lines and no call', async () => {
    const { token, job } = await startRender('case-001');
    const foreign = (userMetadata: JsonObject) => ({ ...stateChange(job, 'COMPLETE'), detail: { ...(stateChange(job, 'COMPLETE')['detail'] as JsonObject), jobId: '1780000000000-abcdef', userMetadata } });
    const cases = [
      foreign({}),
      foreign({ correlationId: 'someone-else' }),
      foreign({ tenant: '../other', execution: EXECUTION, renderJob: RENDER_JOB, editVersion: '4' }),
      foreign({ tenant: 'demo', execution: EXECUTION, renderJob: 'edit-9-v1-r1', editVersion: '4' }),
      stateChange(job, 'PROGRESSING'),
    ];
    for (const event of cases) assert.equal((await onJobEvent(event)).result, 'ignored');
    assert.deepEqual([sfnEndpoint.requests.length, mcEndpoint.requests.length - 1], [0, 0]); // only the CreateJob
    assert.equal(lines.length, cases.length);
    for (const line of lines) {
      assert.match(line, /^mediaconvert job \d+-[0-9a-f]+: /);
      assert.ok(!line.includes(token) && !line.includes('Review'), line);
    }
    assert.equal((await tokens.get('demo', EXECUTION, 'render'))?.token, token, 'the wait still holds its token');
  });

  it('an event from an earlier job of the same step (the step now waits on another job) is ignored', async () => {
    const { job } = await startRender('case-001');
    const earlier = { ...stateChange(job, 'ERROR'), detail: { ...(stateChange(job, 'ERROR')['detail'] as JsonObject), jobId: '1779999999000-000001' } };
    assert.deepEqual(await onJobEvent(earlier), { jobId: '1779999999000-000001', result: 'ignored', execution: EXECUTION });
    assert.equal(sfnEndpoint.requests.length, 0);
  });

  it('the Render step invoked again once its job is over ends the step itself (no event will come again)', async () => {
    const first = await startRender('case-001');
    await runToEnd(first.job);
    const token = sfn.issueToken(EXECUTION);
    assert.equal(await renderStep({ ...payload, taskToken: token }), null);
    assert.equal(mediaConvert.jobs.size, 1, 'no second job');
    const [[target, sent]] = sfnCalls() as [[string, { taskToken: string; output: string }]];
    assert.deepEqual([target, sent.taskToken, (JSON.parse(sent.output) as { jobId: string }).jobId], ['AWSStepFunctions.SendTaskSuccess', token, RENDER_JOB]);
    assert.equal(await tokens.get('demo', EXECUTION, 'render'), undefined);
  });

  it('a failed CreateJob fails the invocation and leaves no render token behind', async () => {
    mcEndpoint.respond(() => ({ status: 403, headers: { 'x-amzn-errortype': 'ForbiddenException' }, body: { message: 'not allowed' } }));
    await edits.create('demo', returnedEdit('case-001'));
    await assert.rejects(renderStep({ ...payload, taskToken: sfn.issueToken(EXECUTION) }), (error: unknown) => error instanceof Error && error.name === 'MediaConvertError');
    assert.equal(await tokens.get('demo', EXECUTION, 'render'), undefined);
  });

  it('refuses an event that is not a MediaConvert job state change, naming the field', async () => {
    const { job } = await startRender('case-001');
    const event = stateChange(job, 'COMPLETE');
    const cases: [unknown, RegExp][] = [
      [{ ...event, source: 'aws.s3' }, /event\.source: must be "aws\.mediaconvert"/],
      [{ ...event, 'detail-type': 'Job Engine Version Added' }, /event\.detail-type/],
      [{ ...event, detail: { ...(event['detail'] as JsonObject), jobId: '' } }, /event\.detail\.jobId/],
      [{ ...event, detail: null }, /event\.detail: must be an object/],
      ['COMPLETE', /event: must be an object/],
    ];
    for (const [bad, message] of cases) await assert.rejects(onJobEvent(bad), (error: unknown) => error instanceof TypeError && message.test(error.message), String(message));
    assert.throws(() => createMediaConvertEventsLambdaHandler({ render: undefined as never, tokens, jobs, client: sfnClient }), /`render` is missing/);
  });
});
