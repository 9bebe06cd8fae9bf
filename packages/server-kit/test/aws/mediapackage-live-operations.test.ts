/**
 * The AWS live operations adapter at the wire: the real MediaPackage v2 and MediaLive SDK clients
 * are pointed at a loopback endpoint that checks each signed request (operation, path, body) and
 * answers as the service does. Nothing of ours is replaced.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { createAwsLiveOperations } from '../../src/aws/mediapackage-live-operations.js';
import { harvestClientToken } from '../../src/aws/mediapackage-harvest-job.js';
import { LiveOperationsError, type LiveOperations } from '../../src/live/live-operations.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordingEndpoint, type Reply } from './recording-endpoint.js';

const ENDPOINT_PATH = '/channelGroup/surgery-live/channel/or-1-mp/originEndpoint/cmaf-dvr';
const EGRESS = 'https://abc123.egress.x7y8z9.mediapackagev2.eu-west-1.amazonaws.com/out/v1/surgery-live/or-1-mp/cmaf-dvr';
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const NOW_S = NOW / 1000;

const originEndpoint = {
  Arn: 'arn:aws:mediapackagev2:eu-west-1:111122223333:channelGroup/surgery-live/channel/or-1-mp/originEndpoint/cmaf-dvr',
  ChannelGroupName: 'surgery-live',
  ChannelName: 'or-1-mp',
  OriginEndpointName: 'cmaf-dvr',
  ContainerType: 'CMAF',
  StartoverWindowSeconds: 660,
  HlsManifests: [{ ManifestName: 'index', Url: `${EGRESS}/index.m3u8`, ChildManifestName: 'index' }],
  LowLatencyHlsManifests: [{ ManifestName: 'll', Url: `${EGRESS}/ll.m3u8` }],
  DashManifests: [{ ManifestName: 'dash', Url: `${EGRESS}/dash.mpd` }],
};

function awsError(status: number, type: string, message: string): Reply {
  return { status, headers: { 'x-amzn-errortype': type, 'x-amzn-requestid': 'req-1234' }, body: { Message: message } };
}

describe('AWS live operations (MediaPackage v2) at the wire', () => {
  let mediaPackageEndpoint: RecordingEndpoint;
  let mediaLiveEndpoint: RecordingEndpoint;
  let live: LiveOperations;

  before(async () => {
    mediaPackageEndpoint = await startRecordingEndpoint({ service: 'mediapackagev2' });
    mediaLiveEndpoint = await startRecordingEndpoint({ service: 'medialive' });
  });
  after(async () => {
    await mediaPackageEndpoint.close();
    await mediaLiveEndpoint.close();
  });
  beforeEach(() => {
    mediaPackageEndpoint.requests.length = 0;
    mediaPackageEndpoint.respond(() => ({ body: originEndpoint }));
    // A fresh adapter per test: it caches the endpoint's manifests.
    live = createAwsLiveOperations({
      mediaPackage: new MediaPackageV2Client({ endpoint: mediaPackageEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
      mediaLive: new MediaLiveClient({ endpoint: mediaLiveEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
      channels: { 'or-1': { mediaLiveChannelId: '1234567', channelGroup: 'surgery-live', channel: 'or-1-mp', originEndpoint: 'cmaf-dvr' } },
      harvestDestination: { bucket: 'surgery-media', prefix: 'vod/' },
      now: () => NOW,
    });
  });

  test('playback reads GetOriginEndpoint once and gives CloudFront paths of the LL-HLS, HLS and DASH manifests', async () => {
    const playback = await live.playback('or-1');
    assert.deepEqual(playback, {
      channelId: 'or-1',
      pathPrefix: '/out/v1/surgery-live/or-1-mp/cmaf-dvr/',
      hls: '/out/v1/surgery-live/or-1-mp/cmaf-dvr/index.m3u8',
      lowLatencyHls: '/out/v1/surgery-live/or-1-mp/cmaf-dvr/ll.m3u8',
      dash: '/out/v1/surgery-live/or-1-mp/cmaf-dvr/dash.mpd',
      timeShiftWindowSeconds: 660,
    });
    await live.playback('or-1');
    assert.equal(mediaPackageEndpoint.requests.length, 1, 'the endpoint is read once');
    const [request] = mediaPackageEndpoint.requests;
    assert.equal(request!.method, 'GET');
    assert.equal(request!.path, ENDPOINT_PATH);
    assert.equal(request!.body.length, 0);
    assert.equal(request!.signature.service, 'mediapackagev2');
  });

  test('clipUrl puts MediaPackage start/end (epoch seconds) on the manifest path, inside the startover window only', async () => {
    const window = { start: NOW_S - 120, end: NOW_S - 60 };
    assert.equal(await live.clipUrl('or-1', window, 'hls'), `/out/v1/surgery-live/or-1-mp/cmaf-dvr/index.m3u8?start=${window.start}&end=${window.end}`);
    assert.equal(await live.clipUrl('or-1', window, 'dash'), `/out/v1/surgery-live/or-1-mp/cmaf-dvr/dash.mpd?start=${window.start}&end=${window.end}`);
    await assert.rejects(live.clipUrl('or-1', { start: NOW_S - 700, end: NOW_S - 600 }, 'hls'), { name: 'LiveOperationsError', code: 'outside-window', field: 'window.start' });
    await assert.rejects(live.clipUrl('or-1', { start: NOW_S + 10, end: NOW_S + 60 }, 'hls'), { code: 'outside-window' });
    await assert.rejects(live.clipUrl('or-1', { start: NOW_S - 60, end: NOW_S - 120 }, 'hls'), { code: 'bad-input', field: 'window.end' });
    await assert.rejects(live.clipUrl('or-1', window, 'mp4' as 'hls'), { code: 'bad-input', field: 'format' });
    await assert.rejects(live.clipUrl('or-9', window, 'hls'), { code: 'not-found', field: 'channelId' });
  });

  test('harvest sends CreateHarvestJob with the exact path, body and client token, and returns the job id', async () => {
    const request = { channelId: 'or-1', start: NOW_S - 300, end: NOW_S - 60, assetId: 'live-mark-0001', correlationId: 'corr-42' };
    mediaPackageEndpoint.respond((r) =>
      r.method === 'GET' ? { body: originEndpoint } : { body: { ...r.json() as object, ChannelGroupName: 'surgery-live', ChannelName: 'or-1-mp', OriginEndpointName: 'cmaf-dvr', Status: 'QUEUED', Arn: 'arn:x', CreatedAt: NOW_S, ModifiedAt: NOW_S } },
    );
    assert.equal(await live.harvest(request), 'or-1:live-mark-0001');
    const create = mediaPackageEndpoint.requests.find((r) => r.method === 'POST');
    assert.ok(create, 'a POST was sent');
    assert.equal(create.path, `${ENDPOINT_PATH}/harvestJob`);
    assert.equal(create.headers['x-amzn-client-token'], harvestClientToken(request));
    assert.match(create.headers['x-amzn-client-token']!, /^[0-9a-f]{32}$/);
    assert.deepEqual(create.json(), {
      HarvestJobName: 'live-mark-0001',
      Description: 'surgery-video asset live-mark-0001 from channel or-1 (correlation corr-42)',
      HarvestedManifests: { HlsManifests: [{ ManifestName: 'index' }], DashManifests: [{ ManifestName: 'dash' }] },
      ScheduleConfiguration: { StartTime: request.start, EndTime: request.end },
      Destination: { S3Destination: { BucketName: 'surgery-media', DestinationPath: 'vod/live-mark-0001/' } },
      Tags: { 'surgery-video:asset': 'live-mark-0001', 'surgery-video:channel': 'or-1', 'surgery-video:correlation-id': 'corr-42' },
    });

    // The same request again carries the same token (MediaPackage answers with the job it made).
    await live.harvest(request);
    const creates = mediaPackageEndpoint.requests.filter((r) => r.method === 'POST');
    assert.equal(creates[1]!.headers['x-amzn-client-token'], creates[0]!.headers['x-amzn-client-token']);
  });

  test('a harvest refused by MediaPackage becomes a conflict or not-found error naming the asset and the AWS request', async () => {
    const request = { channelId: 'or-1', start: NOW_S - 300, end: NOW_S - 60, assetId: 'live-mark-0002', correlationId: 'corr-43' };
    mediaPackageEndpoint.respond((r) => (r.method === 'GET' ? { body: originEndpoint } : awsError(409, 'ConflictException', 'A harvest job with this name already exists.')));
    const conflict = await live.harvest(request).then(
      () => assert.fail('a conflict must reject'),
      (error: unknown) => error,
    );
    assert.ok(conflict instanceof LiveOperationsError);
    assert.equal(conflict.code, 'conflict');
    assert.match(conflict.message, /harvesting asset live-mark-0002 from channel or-1 failed \(ConflictException: A harvest job with this name already exists\.\) \[AWS request req-1234\]/);
    assert.equal((conflict.cause as Error).name, 'ConflictException');

    mediaPackageEndpoint.respond(() => awsError(404, 'ResourceNotFoundException', 'Origin endpoint not found.'));
    const fresh = createAwsLiveOperations({
      mediaPackage: new MediaPackageV2Client({ endpoint: mediaPackageEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
      mediaLive: new MediaLiveClient({ endpoint: mediaLiveEndpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
      channels: { 'or-1': { mediaLiveChannelId: '1', channelGroup: 'surgery-live', channel: 'or-1-mp', originEndpoint: 'cmaf-dvr' } },
      harvestDestination: { bucket: 'surgery-media', prefix: 'vod/' },
    });
    await assert.rejects(fresh.harvest(request), { code: 'not-found', message: /origin endpoint cmaf-dvr of channel or-1 failed \(ResourceNotFoundException/ });
  });

  test('bad harvest input is refused before any request, naming the field', async () => {
    await assert.rejects(live.harvest({ channelId: 'or-1', start: NOW_S - 10, end: NOW_S - 20, assetId: 'a1', correlationId: 'c1' }), { code: 'bad-input', field: 'harvest.end' });
    await assert.rejects(live.harvest({ channelId: 'or-1', start: NOW_S - 20, end: NOW_S - 10, assetId: 'patient smith', correlationId: 'c1' }), { code: 'bad-input', field: 'assetId' });
    assert.equal(mediaPackageEndpoint.requests.length, 0);
  });

  test('harvestStatus sends GetHarvestJob and maps each MediaPackage status', async () => {
    let status = 'IN_PROGRESS';
    mediaPackageEndpoint.respond(() => ({
      body: {
        ChannelGroupName: 'surgery-live', ChannelName: 'or-1-mp', OriginEndpointName: 'cmaf-dvr', HarvestJobName: 'live-mark-0001',
        Status: status, ScheduleConfiguration: { StartTime: NOW_S - 300, EndTime: NOW_S - 60 },
        ...(status === 'FAILED' ? { ErrorMessage: 'No content in the requested window.' } : {}),
        Destination: { S3Destination: { BucketName: 'surgery-media', DestinationPath: 'vod/live-mark-0001/' } },
        HarvestedManifests: { HlsManifests: [{ ManifestName: 'index' }] }, Arn: 'arn:x', CreatedAt: NOW_S, ModifiedAt: NOW_S,
      },
    }));
    const window = { start: NOW_S - 300, end: NOW_S - 60 };
    assert.deepEqual(await live.harvestStatus('or-1:live-mark-0001'), { id: 'or-1:live-mark-0001', channelId: 'or-1', assetId: 'live-mark-0001', state: 'in-progress', window });
    const [get] = mediaPackageEndpoint.requests;
    assert.equal(get!.method, 'GET');
    assert.equal(get!.path, `${ENDPOINT_PATH}/harvestJob/live-mark-0001`);
    const expected = { QUEUED: ['queued', 0], COMPLETED: ['completed', 1], CANCELLED: ['cancelled', undefined], FAILED: ['failed', undefined] } as const;
    for (const [aws, [state, progress]] of Object.entries(expected)) {
      status = aws;
      const result = await live.harvestStatus('or-1:live-mark-0001');
      assert.equal(result.state, state, aws);
      assert.equal(result.progress, progress, aws);
    }
    assert.equal((await live.harvestStatus('or-1:live-mark-0001')).message, 'No content in the requested window.');

    mediaPackageEndpoint.respond(() => awsError(404, 'ResourceNotFoundException', 'Harvest job not found.'));
    await assert.rejects(live.harvestStatus('or-1:nope'), { code: 'not-found', message: /reading harvest job or-1:nope failed/ });
    await assert.rejects(live.harvestStatus('or-1'), { code: 'bad-input', field: 'id' });
  });
});
