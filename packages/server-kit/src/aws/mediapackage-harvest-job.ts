/**
 * A MediaPackage v2 harvest job as data: the CreateHarvestJob input for "turn [start, end) of this
 * channel into recorded asset A", and the mapping of a job's status back to the port's. Pure, so the
 * request is pinned by golden tests.
 *
 * The job is named after the asset (one asset is harvested once: a second, different request for
 * the same asset is a ConflictException) and its ClientToken is a hash of the whole request, so a
 * retried call (a timeout, a redelivered message) returns the job already made instead of a second one.
 */
import { createHash } from 'node:crypto';
import type { CreateHarvestJobRequest, GetHarvestJobResponse } from '@aws-sdk/client-mediapackagev2';
import { harvestId, type HarvestRequest, type HarvestState, type HarvestStatus } from '../live/live-operations.js';

/** Where on MediaPackage a channel's harvestable endpoint is. */
export interface MediaPackageEndpointRef {
  channelGroup: string;
  channel: string;
  originEndpoint: string;
}

export interface HarvestJobInputOptions {
  request: HarvestRequest;
  endpoint: MediaPackageEndpointRef;
  /** Manifests of the endpoint to harvest, by name (from GetOriginEndpoint). */
  hlsManifests: readonly string[];
  dashManifests?: readonly string[];
  /** The S3 bucket recorded assets are written to, and the key prefix of their folders (`''` or ending in `/`). */
  bucket: string;
  prefix: string;
}

/** The S3 folder of a harvested asset: `<prefix><assetId>/`. */
export function harvestDestinationPath(prefix: string, assetId: string): string {
  return `${prefix}${assetId}/`;
}

export function harvestClientToken(request: HarvestRequest): string {
  return createHash('sha256').update(`${request.channelId}\n${request.assetId}\n${request.start}\n${request.end}`).digest('hex').slice(0, 32);
}

export function harvestJobInput(options: HarvestJobInputOptions): CreateHarvestJobRequest {
  const { request, endpoint } = options;
  if (options.prefix !== '' && !options.prefix.endsWith('/')) throw new TypeError(`harvest prefix must be empty or end in "/"; got ${JSON.stringify(options.prefix)}.`);
  return {
    ChannelGroupName: endpoint.channelGroup,
    ChannelName: endpoint.channel,
    OriginEndpointName: endpoint.originEndpoint,
    HarvestJobName: request.assetId,
    Description: `surgery-video asset ${request.assetId} from channel ${request.channelId} (correlation ${request.correlationId})`,
    HarvestedManifests: {
      HlsManifests: options.hlsManifests.map((name) => ({ ManifestName: name })),
      ...(options.dashManifests?.length ? { DashManifests: options.dashManifests.map((name) => ({ ManifestName: name })) } : {}),
    },
    ScheduleConfiguration: { StartTime: new Date(request.start * 1000), EndTime: new Date(request.end * 1000) },
    Destination: { S3Destination: { BucketName: options.bucket, DestinationPath: harvestDestinationPath(options.prefix, request.assetId) } },
    ClientToken: harvestClientToken(request),
    Tags: { 'surgery-video:asset': request.assetId, 'surgery-video:channel': request.channelId, 'surgery-video:correlation-id': request.correlationId },
  };
}

const STATES: Record<string, HarvestState> = {
  QUEUED: 'queued',
  IN_PROGRESS: 'in-progress',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};

/** The port's view of a GetHarvestJob answer. */
export function harvestStatusOf(channelId: string, job: Pick<GetHarvestJobResponse, 'HarvestJobName' | 'Status' | 'ScheduleConfiguration' | 'ErrorMessage'>): HarvestStatus {
  const assetId = job.HarvestJobName ?? '';
  const state = STATES[job.Status ?? ''];
  const start = job.ScheduleConfiguration?.StartTime;
  const end = job.ScheduleConfiguration?.EndTime;
  return {
    id: harvestId(channelId, assetId),
    channelId,
    assetId,
    state: state ?? 'failed',
    ...(state === 'queued' ? { progress: 0 } : state === 'completed' ? { progress: 1 } : {}),
    window: { start: start ? Math.floor(start.getTime() / 1000) : 0, end: end ? Math.floor(end.getTime() / 1000) : 0 },
    ...(job.ErrorMessage ? { message: job.ErrorMessage } : state ? {} : { message: `MediaPackage reported an unknown status ${JSON.stringify(job.Status)}.` }),
  };
}
