/**
 * The live operations port on AWS: Elemental Link -> MediaLive -> MediaPackage v2 -> CloudFront.
 *
 * - playback: the origin endpoint's manifest URLs (GetOriginEndpoint, read once per channel), as
 *   paths on the CloudFront distribution whose `/out/v1/*` behaviour points at the endpoint's egress
 *   domain, so the grant issuer signs `<distribution>/out/v1/<group>/<channel>/<endpoint>/*`;
 * - clipUrl: the manifest path with MediaPackage's `start`/`end` query (epoch seconds), checked
 *   against the endpoint's startover window (CloudFront's cache policy must forward both);
 * - harvest: CreateHarvestJob into the S3 bucket of recorded assets (mediapackage-harvest-job.ts);
 * - channelStatus: MediaLive (medialive-channel-status.ts).
 *
 * The SDK clients are passed in (one per region, made once by the caller), so tests point the real
 * clients at a loopback endpoint that checks the wire.
 */
import { CreateHarvestJobCommand, GetHarvestJobCommand, GetOriginEndpointCommand, type MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import type { MediaLiveClient } from '@aws-sdk/client-medialive';
import {
  assertHarvestRequest,
  assertLiveId,
  assertManifestFormat,
  assertTimeWindow,
  harvestId,
  LiveOperationsError,
  parseHarvestId,
  withTimeShift,
  type LiveOperations,
  type LivePlayback,
} from '../live/live-operations.js';
import { awsLiveError } from './mediapackage-errors.js';
import { harvestJobInput, harvestStatusOf, type MediaPackageEndpointRef } from './mediapackage-harvest-job.js';
import { readMediaLiveChannelStatus } from './medialive-channel-status.js';

export interface AwsLiveChannel extends MediaPackageEndpointRef {
  /** The MediaLive channel that feeds the MediaPackage channel (its numeric id). */
  mediaLiveChannelId: string;
}

export interface AwsLiveOperationsOptions {
  mediaPackage: MediaPackageV2Client;
  mediaLive: MediaLiveClient;
  /** Our channel ids (as the catalogue lists them) -> where they live on AWS. */
  channels: Readonly<Record<string, AwsLiveChannel>>;
  /** Where harvested assets are written: `s3://<bucket>/<prefix><assetId>/`. */
  harvestDestination: { bucket: string; prefix: string };
  /** Epoch ms; default Date.now. */
  now?: () => number;
}

interface EndpointInfo extends LivePlayback {
  hlsManifests: string[];
  dashManifests: string[];
}

export function createAwsLiveOperations(options: AwsLiveOperationsOptions): LiveOperations {
  const { mediaPackage, mediaLive, harvestDestination } = options;
  const now = options.now ?? Date.now;
  const channels = new Map(Object.entries(options.channels));
  for (const [channelId, channel] of channels) {
    assertLiveId(channelId, 'channels key');
    for (const key of ['mediaLiveChannelId', 'channelGroup', 'channel', 'originEndpoint'] as const) {
      if (typeof channel?.[key] !== 'string' || channel[key] === '') throw new TypeError(`createAwsLiveOperations: channels.${channelId}.${key} is required.`);
    }
  }
  if (!harvestDestination?.bucket) throw new TypeError('createAwsLiveOperations: harvestDestination.bucket is required.');
  const endpoints = new Map<string, Promise<EndpointInfo>>();

  function channelOf(channelId: string): AwsLiveChannel {
    assertLiveId(channelId, 'channelId');
    const channel = channels.get(channelId);
    if (!channel) throw new LiveOperationsError('not-found', `There is no live channel ${channelId}.`, { field: 'channelId' });
    return channel;
  }

  /** The endpoint's manifests, read once: their URLs change only if the endpoint is recreated. */
  function endpointOf(channelId: string): Promise<EndpointInfo> {
    const channel = channelOf(channelId);
    let info = endpoints.get(channelId);
    if (!info) {
      info = readEndpoint(channelId, channel);
      endpoints.set(channelId, info);
      info.catch(() => endpoints.delete(channelId));
    }
    return info;
  }

  async function readEndpoint(channelId: string, channel: AwsLiveChannel): Promise<EndpointInfo> {
    let endpoint;
    try {
      endpoint = await mediaPackage.send(
        new GetOriginEndpointCommand({ ChannelGroupName: channel.channelGroup, ChannelName: channel.channel, OriginEndpointName: channel.originEndpoint }),
      );
    } catch (error) {
      throw awsLiveError(error, `reading MediaPackage origin endpoint ${channel.originEndpoint} of channel ${channelId}`);
    }
    const path = (url: string | undefined) => (url ? new URL(url).pathname : undefined);
    const hls = path(endpoint.HlsManifests?.[0]?.Url);
    const lowLatencyHls = path(endpoint.LowLatencyHlsManifests?.[0]?.Url);
    const dash = path(endpoint.DashManifests?.[0]?.Url);
    const main = hls ?? lowLatencyHls;
    if (!main) throw new LiveOperationsError('unsupported', `MediaPackage origin endpoint ${channel.originEndpoint} of channel ${channelId} has no HLS manifest.`);
    return {
      channelId,
      pathPrefix: main.slice(0, main.lastIndexOf('/') + 1),
      hls: main,
      ...(lowLatencyHls ? { lowLatencyHls } : {}),
      ...(dash ? { dash } : {}),
      timeShiftWindowSeconds: endpoint.StartoverWindowSeconds ?? 0,
      hlsManifests: (endpoint.HlsManifests ?? []).flatMap((manifest) => manifest.ManifestName ?? []),
      dashManifests: (endpoint.DashManifests ?? []).flatMap((manifest) => manifest.ManifestName ?? []),
    };
  }

  return {
    async playback(channelId) {
      const { hlsManifests: _hls, dashManifests: _dash, ...playback } = await endpointOf(channelId);
      return playback;
    },

    async clipUrl(channelId, window, format) {
      assertTimeWindow(window);
      assertManifestFormat(format);
      const endpoint = await endpointOf(channelId);
      const nowSeconds = Math.floor(now() / 1000);
      if (window.start < nowSeconds - endpoint.timeShiftWindowSeconds) {
        throw new LiveOperationsError(
          'outside-window',
          `window.start ${window.start} is before the startover window of channel ${channelId} (${endpoint.timeShiftWindowSeconds} s).`,
          { field: 'window.start' },
        );
      }
      if (window.start >= nowSeconds) throw new LiveOperationsError('outside-window', `window.start ${window.start} is after the live edge.`, { field: 'window.start' });
      const path = format === 'hls' ? endpoint.hls : endpoint.dash;
      if (!path) throw new LiveOperationsError('unsupported', `Channel ${channelId} has no DASH manifest to clip.`, { field: 'format' });
      return withTimeShift(path, window);
    },

    async harvest(request) {
      assertHarvestRequest(request);
      const channel = channelOf(request.channelId);
      const endpoint = await endpointOf(request.channelId);
      const input = harvestJobInput({
        request,
        endpoint: channel,
        hlsManifests: endpoint.hlsManifests,
        dashManifests: endpoint.dashManifests,
        bucket: harvestDestination.bucket,
        prefix: harvestDestination.prefix,
      });
      try {
        await mediaPackage.send(new CreateHarvestJobCommand(input));
      } catch (error) {
        throw awsLiveError(error, `harvesting asset ${request.assetId} from channel ${request.channelId}`);
      }
      return harvestId(request.channelId, request.assetId);
    },

    async harvestStatus(id) {
      const { channelId, assetId } = parseHarvestId(id);
      const channel = channelOf(channelId);
      try {
        const job = await mediaPackage.send(
          new GetHarvestJobCommand({ ChannelGroupName: channel.channelGroup, ChannelName: channel.channel, OriginEndpointName: channel.originEndpoint, HarvestJobName: assetId }),
        );
        return harvestStatusOf(channelId, job);
      } catch (error) {
        throw awsLiveError(error, `reading harvest job ${id}`);
      }
    },

    channelStatus: () => readMediaLiveChannelStatus(mediaLive, new Map([...channels].map(([id, channel]) => [id, channel.mediaLiveChannelId]))),
  };
}
