/**
 * Channel status from MediaLive at the wire: the real MediaLive client sends ListChannels (every
 * page) and DescribeChannel to a loopback endpoint, and the answers map to the port's five states.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { mediaLiveChannelStatus, readMediaLiveChannelStatus } from '../../src/aws/medialive-channel-status.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordingEndpoint } from './recording-endpoint.js';

describe('MediaLive channel status', () => {
  let endpoint: RecordingEndpoint;
  let client: MediaLiveClient;
  before(async () => {
    endpoint = await startRecordingEndpoint({ service: 'medialive' });
    client = new MediaLiveClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  after(() => endpoint.close());

  test('ListChannels is read page by page, DescribeChannel per channel of ours, and the answers map to status', async () => {
    endpoint.requests.length = 0;
    endpoint.respond((request) => {
      if (request.path === '/prod/channels' && !request.query.get('nextToken')) {
        return { body: { channels: [{ id: '1111', state: 'RUNNING', channelClass: 'STANDARD' }, { id: '9999', state: 'IDLE' }], nextToken: 'page-2' } };
      }
      if (request.path === '/prod/channels') return { body: { channels: [{ id: '2222', state: 'IDLE', channelClass: 'SINGLE_PIPELINE' }] } };
      if (request.path === '/prod/channels/1111') {
        return {
          body: {
            id: '1111', state: 'RUNNING', channelClass: 'STANDARD', pipelinesRunningCount: 1,
            inputAttachments: [{ inputAttachmentName: 'link-or-1', inputId: '5001' }],
            pipelineDetails: [{ pipelineId: '0', activeInputAttachmentName: 'link-or-1' }, { pipelineId: '1' }],
          },
        };
      }
      if (request.path === '/prod/channels/2222') return { body: { id: '2222', state: 'IDLE', channelClass: 'SINGLE_PIPELINE', pipelinesRunningCount: 0, inputAttachments: [] } };
      return { status: 404, headers: { 'x-amzn-errortype': 'NotFoundException' }, body: { message: 'not found' } };
    });

    const statuses = await readMediaLiveChannelStatus(client, new Map([['or-1', '1111'], ['or-2', '2222'], ['or-3', '3333']]));
    assert.deepEqual(statuses, [
      { channelId: 'or-1', state: 'running', detail: '1 of 2 pipelines running', pipelines: [{ id: '0', activeInput: 'link-or-1' }, { id: '1' }], inputs: ['link-or-1'] },
      { channelId: 'or-2', state: 'idle', detail: 'stopped', pipelines: [{ id: '0' }], inputs: [] },
      { channelId: 'or-3', state: 'error', detail: 'MediaLive channel 3333 does not exist', pipelines: [], inputs: [] },
    ]);
    const calls = endpoint.requests.map((r) => `${r.method} ${r.path}${r.query.size ? `?${r.query}` : ''}`);
    assert.deepEqual(calls.slice(0, 2), ['GET /prod/channels?maxResults=100', 'GET /prod/channels?maxResults=100&nextToken=page-2']);
    assert.deepEqual(calls.slice(2).sort(), ['GET /prod/channels/1111', 'GET /prod/channels/2222']);
    for (const request of endpoint.requests) {
      assert.equal(request.body.length, 0);
      assert.equal(request.signature.service, 'medialive');
    }
  });

  test('a failing MediaLive becomes an upstream error naming the operation', async () => {
    endpoint.respond(() => ({ status: 403, headers: { 'x-amzn-errortype': 'ForbiddenException' }, body: { message: 'not authorized to ListChannels' } }));
    await assert.rejects(readMediaLiveChannelStatus(client, new Map([['or-1', '1111']])), { name: 'LiveOperationsError', code: 'upstream', message: /listing MediaLive channels failed \(ForbiddenException: not authorized to ListChannels\)/ });
  });

  test('every MediaLive state maps to one of idle, starting, running, stopping, error', () => {
    const table = {
      IDLE: 'idle', CREATING: 'idle', UPDATING: 'idle', STARTING: 'starting', RECOVERING: 'starting',
      RUNNING: 'running', STOPPING: 'stopping', CREATE_FAILED: 'error', UPDATE_FAILED: 'error', DELETING: 'error', DELETED: 'error', SOMETHING_NEW: 'error',
    } as const;
    for (const [state, expected] of Object.entries(table)) {
      assert.equal(mediaLiveChannelStatus('or-1', { State: state as 'IDLE', ChannelClass: 'STANDARD', PipelinesRunningCount: state === 'RUNNING' ? 2 : 0 }).state, expected, state);
    }
    const dead = mediaLiveChannelStatus('or-1', { State: 'RUNNING', ChannelClass: 'STANDARD', PipelinesRunningCount: 0 });
    assert.deepEqual([dead.state, dead.detail], ['error', 'no pipeline running']);
  });
});
