/**
 * The live operations contract against the AWS adapter: the real MediaPackage v2 and MediaLive SDK
 * clients talk to recording endpoints that answer as the services do (mediapackage-responder.ts).
 */
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { createAwsLiveOperations } from '../../src/aws/mediapackage-live-operations.js';
import { describeLiveOperationsContract } from '../live/live-operations-contract.js';
import { mediaLiveResponder, mediaPackageResponder } from './mediapackage-responder.js';
import { startRecordingEndpoint, TEST_CREDENTIALS } from './recording-endpoint.js';

describeLiveOperationsContract('MediaLive + MediaPackage v2 (wire)', async () => {
  const mediaPackage = mediaPackageResponder({
    channelGroup: 'surgery-live',
    channel: 'or-1-mp',
    originEndpoint: 'cmaf-dvr',
    egressOrigin: 'https://abc123.egress.x7y8z9.mediapackagev2.eu-west-1.amazonaws.com',
    startoverWindowSeconds: 660,
  });
  const mediaPackageEndpoint = await startRecordingEndpoint({ service: 'mediapackagev2' }, mediaPackage.respond);
  const mediaLiveEndpoint = await startRecordingEndpoint({ service: 'medialive' }, mediaLiveResponder({ '4455667': 'RUNNING' }));
  const client = { region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  const live = createAwsLiveOperations({
    mediaPackage: new MediaPackageV2Client({ ...client, endpoint: mediaPackageEndpoint.url }),
    mediaLive: new MediaLiveClient({ ...client, endpoint: mediaLiveEndpoint.url }),
    channels: { 'or-1': { mediaLiveChannelId: '4455667', channelGroup: 'surgery-live', channel: 'or-1-mp', originEndpoint: 'cmaf-dvr' } },
    harvestDestination: { bucket: 'surgery-media', prefix: 'vod/' },
  });
  return {
    live,
    channelId: 'or-1',
    async pastWindow() {
      const now = Math.floor(Date.now() / 1000);
      return { start: now - 120, end: now - 60 };
    },
    harvestCount: async () => mediaPackage.jobs.size,
    async close() {
      await mediaPackageEndpoint.close();
      await mediaLiveEndpoint.close();
    },
  };
});
