/**
 * The MediaConvert transcoder with the real SDK client, pointed at a loopback endpoint that stands
 * where MediaConvert would (recording-endpoint.ts + mediaconvert-responder.ts): the transcoder
 * contract, then what reaches the wire for each call and how each answer is read.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { Edit } from '@surgery-video/client';
import { createMediaConvertTranscoder, MediaConvertError } from '../../src/aws/mediaconvert-transcoder.js';
import { derivedRequestToken, retryRequestToken } from '../../src/aws/mediaconvert-job-request.js';
import { buildRenderJob, renderName, type RenderJob } from '../../src/render/mediaconvert-job.js';
import { CONTRACT_FRAME_RATE, contractEdit, describeTranscoderContract } from '../transcoder/transcoder-contract.js';
import { mediaConvertResponder } from './mediaconvert-responder.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordingEndpoint } from './recording-endpoint.js';

const ROLE = 'arn:aws:iam::123456789012:role/SurgeryVideoMediaConvert';
const QUEUE = 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Renders';
const SOURCE = 's3://surgery-video-media/vod/case-contract/master.m3u8';
const RENDERS = 's3://surgery-video-renders/renders/';

const clientFor = (endpoint: RecordingEndpoint, maxAttempts = 3) =>
  new MediaConvertClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts });

const jobOf = (sourceUri: string) => (edit: Edit, correlationId: string): RenderJob =>
  buildRenderJob({
    edit,
    asset: { id: 'case-contract', frameRate: CONTRACT_FRAME_RATE, durationSeconds: 4, sourceUri },
    output: { destination: RENDERS, name: renderName(edit) },
    correlationId,
  });
const job = jobOf(SOURCE);

describeTranscoderContract('MediaConvert (SDK client -> loopback MediaConvert)', async () => {
  const responder = mediaConvertResponder({ sources: { [SOURCE]: CONTRACT_FRAME_RATE } });
  const endpoint = await startRecordingEndpoint({ service: 'mediaconvert' }, responder.respond);
  const client = clientFor(endpoint);
  return {
    transcoder: createMediaConvertTranscoder({ client, role: ROLE }),
    job,
    unreadableJob: jobOf('s3://surgery-video-media/vod/no-such-case/source.mp4'),
    renderFolder: (name) => `${RENDERS}${name}/`,
    jobCount: async () => responder.jobs.size,
    unknownJobId: '1780000000000-ffffff',
    close: async () => {
      client.destroy();
      assert.deepEqual(endpoint.signatureErrors, []);
      await endpoint.close();
    },
  };
});

describe('MediaConvert transcoder at the wire', () => {
  let endpoint: RecordingEndpoint;
  let client: MediaConvertClient;
  let responder: ReturnType<typeof mediaConvertResponder>;

  before(async () => {
    endpoint = await startRecordingEndpoint({ service: 'mediaconvert' });
    client = clientFor(endpoint, 1);
  });
  beforeEach(() => {
    endpoint.requests.length = 0;
    responder = mediaConvertResponder({ sources: { [SOURCE]: CONTRACT_FRAME_RATE } });
    endpoint.respond(responder.respond);
  });
  after(async () => {
    client.destroy();
    await endpoint.close();
  });

  it('CreateJob: POST /2017-08-29/jobs, signed for mediaconvert, with the role, queue, token and correlation id', async () => {
    const transcoder = createMediaConvertTranscoder({ client, role: ROLE, queue: QUEUE });
    const request = job(contractEdit('edit-wire'), 'req-wire-1');
    const id = await transcoder.submit(request);
    assert.equal(endpoint.requests.length, 1);
    const [sent] = endpoint.requests;
    assert.equal(sent!.method, 'POST');
    assert.equal(sent!.path, '/2017-08-29/jobs');
    assert.equal(sent!.signature.service, 'mediaconvert');
    const body = sent!.json() as Record<string, unknown>;
    assert.equal(body['role'], ROLE);
    assert.equal(body['queue'], QUEUE);
    assert.equal(body['clientRequestToken'], request.ClientRequestToken);
    assert.deepEqual(body['userMetadata'], { correlationId: 'req-wire-1', editId: 'edit-wire', editVersion: '1', assetId: 'case-contract' });
    assert.equal(body['statusUpdateInterval'], 'SECONDS_10');
    assert.equal(id, [...responder.jobs.keys()][0]);
  });

  it('the job\'s own Role and Queue win over the transcoder\'s; acceleration and the status interval are the transcoder\'s', async () => {
    const transcoder = createMediaConvertTranscoder({ client, role: ROLE, queue: QUEUE, accelerationSettings: { Mode: 'PREFERRED' }, statusUpdateInterval: 'SECONDS_60' });
    const own = 'arn:aws:iam::123456789012:role/TenantRenders';
    await transcoder.submit({ ...job(contractEdit('edit-own'), 'req-wire-2'), Role: own, Queue: 'Priority' });
    const body = endpoint.requests[0]!.json() as Record<string, unknown>;
    assert.deepEqual([body['role'], body['queue'], body['accelerationSettings'], body['statusUpdateInterval']], [own, 'Priority', { mode: 'PREFERRED' }, 'SECONDS_60']);
  });

  it('a job without a ClientRequestToken gets one derived from what it asks for: the same on every repeat, whatever the correlation id', async () => {
    const transcoder = createMediaConvertTranscoder({ client, role: ROLE });
    const strip = (request: RenderJob) => {
      const { ClientRequestToken: _token, ...rest } = request;
      return rest as RenderJob;
    };
    const first = await transcoder.submit(strip(job(contractEdit('edit-derived'), 'req-a')));
    const again = await transcoder.submit(strip(job(contractEdit('edit-derived'), 'req-b')));
    await transcoder.submit(strip(job(contractEdit('edit-derived', 2), 'req-c')));
    const tokens = endpoint.requests.map((request) => (request.json() as { clientRequestToken: string }).clientRequestToken);
    assert.match(tokens[0]!, /^[0-9a-f]{64}$/);
    assert.equal(tokens[1], tokens[0]);
    assert.notEqual(tokens[2], tokens[0]);
    assert.equal(again, first);
    assert.equal(responder.jobs.size, 2);
  });

  it('a failed render submitted again is a new attempt under a token derived from the failed job, itself idempotent', async () => {
    const transcoder = createMediaConvertTranscoder({ client, role: ROLE });
    const request = jobOf('s3://surgery-video-media/vod/gone/source.mp4')(contractEdit('edit-retry'), 'req-retry');
    const failed = await transcoder.submit(request);
    while ((await transcoder.get(failed))!.status !== 'ERROR');
    endpoint.requests.length = 0;
    const retry = await transcoder.submit(request);
    const again = await transcoder.submit(request);
    const tokens = endpoint.requests.filter((r) => r.method === 'POST').map((r) => (r.json() as { clientRequestToken: string }).clientRequestToken);
    const derived = retryRequestToken(request.ClientRequestToken, failed);
    assert.deepEqual(tokens, [request.ClientRequestToken, derived, request.ClientRequestToken, derived]);
    assert.notEqual(retry, failed);
    assert.equal(again, retry);
    assert.equal(responder.jobs.size, 2);
  });

  it('refuses before the wire what MediaConvert cannot do, naming the field', async () => {
    const transcoder = createMediaConvertTranscoder({ client, role: ROLE });
    const base = job(contractEdit('edit-bad'), 'req-bad');
    const cases: [RenderJob, RegExp][] = [
      [jobOf('file:///tmp/case/source.mp4')(contractEdit('edit-bad'), 'req-bad'), /Settings\.Inputs\[0\]\.FileInput: MediaConvert reads s3:\/\/ or https:\/\//],
      [{ ...base, UserMetadata: { editId: 'edit-bad' } }, /UserMetadata\.correlationId/],
      [
        { ...base, Settings: { ...base.Settings, Inputs: [{ ...base.Settings.Inputs[0]!, InputClippings: [{ StartTimecode: '00:00:01.00', EndTimecode: '00:00:02:00' }] }] } },
        /Settings\.Inputs\[0\]\.InputClippings\[0\]\.StartTimecode/,
      ],
      [buildRenderJob({ edit: contractEdit('edit-bad'), asset: { id: 'a', frameRate: 30, durationSeconds: 4, sourceUri: SOURCE }, output: { destination: 'file:///tmp/renders/', name: 'x' }, correlationId: 'c' }), /Settings\.OutputGroups\[0\]\.OutputGroupSettings\.CmafGroupSettings\.Destination/],
      [{ ...base, Role: 'SurgeryVideoMediaConvert' }, /^Role: /],
    ];
    for (const [request, message] of cases) await assert.rejects(transcoder.submit(request), (error: unknown) => error instanceof TypeError && message.test(error.message), String(message));
    assert.equal(endpoint.requests.length, 0);
    assert.throws(() => createMediaConvertTranscoder({ client, role: '' }), /`role` must be the ARN/);
    assert.throws(() => createMediaConvertTranscoder({ client: {} as MediaConvertClient, role: ROLE }), /`client` must be a MediaConvertClient/);
  });

  it('GetJob: GET /2017-08-29/jobs/<id>; state, progress, timing and outputs are read from the answer', async () => {
    const transcoder = createMediaConvertTranscoder({ client, role: ROLE });
    const id = await transcoder.submit(job(contractEdit('edit-get'), 'req-get'));
    const submitted = await transcoder.get(id);
    const running = await transcoder.get(id);
    const done = await transcoder.get(id);
    assert.deepEqual(endpoint.requests.slice(1).map((r) => [r.method, r.path]), Array(3).fill(['GET', `/2017-08-29/jobs/${id}`]));
    assert.deepEqual([submitted!.status, submitted!.progress, submitted!.startedAt], ['SUBMITTED', 0, undefined]);
    assert.deepEqual([running!.status, running!.progress], ['PROGRESSING', 0.5]);
    const wire = responder.jobs.get(id)! as unknown as { timing: { submitTime: number; startTime: number; finishTime: number } };
    assert.equal(done!.status, 'COMPLETE');
    assert.equal(done!.submittedAt, new Date(wire.timing.submitTime * 1000).toISOString());
    assert.equal(done!.startedAt, new Date(wire.timing.startTime * 1000).toISOString());
    assert.equal(done!.finishedAt, new Date(wire.timing.finishTime * 1000).toISOString());
    assert.equal(done!.durationSeconds, 2.333);
    assert.equal(done!.frameCount, undefined, 'MediaConvert reports no frame count');
  });

  it('reads CANCELED as ERROR saying so, and ERROR with MediaConvert\'s message and code', async () => {
    const transcoder = createMediaConvertTranscoder({ client, role: ROLE });
    const answer = (job: Record<string, unknown>) => endpoint.respond(() => ({ status: 200, body: { job: { id: '1780000000000-00000a', role: ROLE, settings: {}, timing: { submitTime: 1_780_000_000 }, ...job } } }));
    answer({ status: 'CANCELED' });
    assert.deepEqual(
      (({ status, errorMessage, outputs }) => ({ status, errorMessage, outputs }))((await transcoder.get('1780000000000-00000a'))!),
      { status: 'ERROR', errorMessage: 'MediaConvert job 1780000000000-00000a was canceled.', outputs: [] },
    );
    answer({ status: 'ERROR', errorCode: 1030, errorMessage: 'Failed to read data', jobPercentComplete: 12 });
    const failed = (await transcoder.get('1780000000000-00000a'))!;
    assert.deepEqual([failed.status, failed.errorMessage, failed.progress], ['ERROR', 'Failed to read data (MediaConvert error 1030)', 0.12]);
  });

  it('answers other than success become a MediaConvertError with the code, transient for throttling, not for a refusal', async () => {
    const transcoder = createMediaConvertTranscoder({ client, role: ROLE });
    endpoint.respond(() => ({ status: 429, headers: { 'x-amzn-errortype': 'TooManyRequestsException' }, body: { message: 'Too many requests' } }));
    await assert.rejects(transcoder.submit(job(contractEdit('edit-throttled'), 'req-t')), (error: unknown) => error instanceof MediaConvertError && error.code === 'TooManyRequestsException' && error.transient);
    endpoint.respond(() => ({ status: 403, headers: { 'x-amzn-errortype': 'ForbiddenException' }, body: { message: 'not authorized to perform iam:PassRole' } }));
    await assert.rejects(transcoder.get('1780000000000-00000b'), (error: unknown) => error instanceof MediaConvertError && error.code === 'ForbiddenException' && !error.transient && /1780000000000-00000b/.test(error.message));
  });

  it('derivedRequestToken ignores key order and the correlation id, and sees every other change', () => {
    const settings = { Inputs: [{ FileInput: SOURCE }], OutputGroups: [] };
    const a = derivedRequestToken({ Role: ROLE, Settings: settings as never, UserMetadata: { correlationId: '1', editId: 'e' } });
    const b = derivedRequestToken({ UserMetadata: { editId: 'e', correlationId: '2' }, Settings: { OutputGroups: [], Inputs: [{ FileInput: SOURCE }] } as never, Role: ROLE });
    const c = derivedRequestToken({ Role: ROLE, Settings: settings as never, UserMetadata: { correlationId: '1', editId: 'f' } });
    assert.equal(a, b);
    assert.notEqual(a, c);
  });
});
