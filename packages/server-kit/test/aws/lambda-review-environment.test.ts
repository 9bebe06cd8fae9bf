/**
 * The review function as the stack deploys it, built from its environment over real stores: the
 * data bucket is an S3-protocol server on loopback, Step Functions and MediaConvert are loopback
 * endpoints that check the real SDK clients' signed requests. One function answers both the Task
 * states of the shipped ASL and MediaConvert's job events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Edit } from '@surgery-video/client';
import { CATALOGUE_OBJECT } from '../../src/aws/lambda-api-environment.js';
import { createReviewFunctionFromEnvironment, type ReviewFunctionHandler } from '../../src/aws/lambda-review-environment.js';
import { createS3ObjectStore } from '../../src/aws/s3-object-store.js';
import { createReviewTaskTokenStore } from '../../src/aws/step-functions-task-tokens.js';
import { createEditStore } from '../../src/edits/edit-store.js';
import { mediaConvertResponder } from './mediaconvert-responder.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordingEndpoint } from './recording-endpoint.js';
import { startS3Loopback, type S3Loopback } from './s3-loopback.js';
import { stepFunctionsResponder, type StepFunctionsResponder } from './step-functions-responder.js';

const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:SurgeryVideo-review';
const ROLE = 'arn:aws:iam::123456789012:role/SurgeryVideo-RenderRole';
const QUEUE = 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/SurgeryVideo-renders';
const MEDIA = 'surgery-video-media';
const SOURCE = `s3://${MEDIA}/media/vod/case-001/master.m3u8`;

const input = (editId: string) => ({ tenant: 'demo', editId, version: 1, submittedBy: 'trainee-1', correlationId: `req-${editId}` });
const edit = (id: string, status: Edit['status']): Edit => ({
  schema: 'surgery-video/edit@1', id, assetId: 'case-001', title: 'Review', version: 1, status,
  segments: [{ start: 1, end: 2 }], annotations: [], createdBy: 'trainee-1', createdAt: '2026-03-01T09:30:00Z', updatedAt: '2026-03-01T09:30:00Z',
  ...(status === 'assigned' || status === 'returned' ? { review: { assignee: 'specialist-1', assignedBy: 'admin-1', ...(status === 'returned' ? { verdict: 'ok', returnedAt: '2026-03-02T09:30:00Z' } : {}) } } : {}),
});

let s3: S3Loopback;
let sfnEndpoint: RecordingEndpoint;
let mcEndpoint: RecordingEndpoint;
let sfn: StepFunctionsResponder;
let sfnClient: SFNClient;
let mcClient: MediaConvertClient;
let handler: ReviewFunctionHandler;
let env: Record<string, string>;

before(async () => {
  s3 = await startS3Loopback('surgery-video-data');
  sfnEndpoint = await startRecordingEndpoint({ service: 'states' });
  mcEndpoint = await startRecordingEndpoint({ service: 'mediaconvert' });
  sfn = stepFunctionsResponder(STATE_MACHINE);
  sfnEndpoint.respond(sfn.respond);
  mcEndpoint.respond(mediaConvertResponder({ sources: { [SOURCE]: 30 } }).respond);
  sfnClient = new SFNClient({ endpoint: sfnEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  mcClient = new MediaConvertClient({ endpoint: mcEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const catalogue = {
    assets: [
      {
        item: { id: 'case-001', tenant: 'demo', title: 'Case 1', kind: 'recorded', durationSeconds: 60, frameRate: 30, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
        pathPrefix: '/media/vod/case-001/',
        files: { hls: 'master.m3u8' },
      },
    ],
    channels: [],
  };
  await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: CATALOGUE_OBJECT, Body: JSON.stringify(catalogue) }));
  env = { DATA_BUCKET: s3.bucket, MEDIA_BUCKET: MEDIA, MEDIACONVERT_ROLE_ARN: ROLE, MEDIACONVERT_QUEUE_ARN: QUEUE };
  handler = createReviewFunctionFromEnvironment(env, { s3: s3.client, sfn: sfnClient, mediaconvert: mcClient, log: () => {} });
});
after(async () => {
  sfnClient.destroy();
  mcClient.destroy();
  assert.deepEqual([...sfnEndpoint.signatureErrors, ...mcEndpoint.signatureErrors], []);
  await sfnEndpoint.close();
  await mcEndpoint.close();
  await s3.close();
});

describe('createReviewFunctionFromEnvironment', () => {
  it('AwaitAssignment reads the Edit from the data bucket and, as it is already assigned, ends the wait on Step Functions', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    await createEditStore(store).create('demo', edit('edit-1', 'assigned'));
    const token = sfn.issueToken('edit-edit-1-v1-demo');
    await handler({ step: 'await-assignment', execution: 'edit-edit-1-v1-demo', input: input('edit-1'), taskToken: token });
    assert.deepEqual(sfn.tokens.get(token)?.outcome, { output: { assignee: 'specialist-1', version: 1 } });
    assert.deepEqual(await createReviewTaskTokenStore(store).find('demo', 'edit-1', 'assignment'), [], 'the used token is not kept');
  });

  it('Render starts a MediaConvert job on the stack\'s role and queue, from the catalogue\'s source, into media/renders/', async () => {
    const store = createS3ObjectStore({ client: s3.client, bucket: s3.bucket });
    await createEditStore(store).create('demo', edit('edit-2', 'returned'));
    const token = sfn.issueToken('edit-edit-2-v1-demo');
    await handler({ step: 'render', execution: 'edit-edit-2-v1-demo', input: input('edit-2'), taskToken: token });
    const create = mcEndpoint.requests.find((request) => request.method === 'POST' && request.path.endsWith('/jobs'));
    assert.ok(create, 'CreateJob was sent');
    const body = create.json() as { role: string; queue: string; settings: { inputs: { fileInput: string }[] } };
    assert.equal(body.role, ROLE);
    assert.equal(body.queue, QUEUE);
    assert.equal(body.settings.inputs[0]!.fileInput, SOURCE);
    const destinations = [...JSON.stringify(body.settings).matchAll(/"destination":"([^"]+)"/g)].map((match) => match[1]!);
    assert.ok(destinations.length > 0 && destinations.every((d) => d.startsWith(`s3://${MEDIA}/media/renders/`)), destinations.join(' '));
    assert.equal(sfn.tokens.get(token)?.state, 'waiting', 'the job\'s end, not the invocation, ends the Render step');
  });

  it('hands MediaConvert events to the render-events handler: a job the review did not start is ignored', async () => {
    const result = await handler({
      version: '0', id: 'e-1', 'detail-type': 'MediaConvert Job State Change', source: 'aws.mediaconvert', account: '123456789012', time: '2026-03-02T10:00:00Z', region: 'eu-west-1',
      resources: [`arn:aws:mediaconvert:eu-west-1:123456789012:jobs/1780000000000-abc`],
      detail: { timestamp: 1780000000000, accountId: '123456789012', queue: QUEUE, jobId: '1780000000000-abc', status: 'COMPLETE', userMetadata: {} },
    });
    assert.deepEqual(result, { jobId: '1780000000000-abc', result: 'ignored' });
  });

  it('refuses a payload that is not one of the definition\'s, and names missing environment variables', async () => {
    await assert.rejects(handler({ step: 'dance', execution: 'edit-x-v1-demo', input: input('x') }), /event\.step: must be one of/);
    await assert.rejects(createReviewFunctionFromEnvironment({ DATA_BUCKET: s3.bucket })({}), /MEDIA_BUCKET, MEDIACONVERT_ROLE_ARN missing/);
  });
});
