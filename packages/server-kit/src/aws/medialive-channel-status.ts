/**
 * Channel status for admins, read from MediaLive: ListChannels says which of our channels exist and
 * in which state, DescribeChannel adds each pipeline's active input. MediaLive's eleven states are
 * folded into the five an admin acts on (idle, starting, running, stopping, error), with a one-line
 * detail that keeps the distinction (`recovering`, `1 of 2 pipelines running`).
 */
import { DescribeChannelCommand, ListChannelsCommand, type DescribeChannelResponse, type MediaLiveClient } from '@aws-sdk/client-medialive';
import type { ChannelState, ChannelStatus } from '../live/live-operations.js';
import { awsLiveError } from './mediapackage-errors.js';

type MediaLiveChannel = Pick<DescribeChannelResponse, 'State' | 'ChannelClass' | 'PipelinesRunningCount' | 'InputAttachments' | 'PipelineDetails'>;

const STATES: Record<string, [ChannelState, string]> = {
  IDLE: ['idle', 'stopped'],
  CREATING: ['idle', 'being created'],
  UPDATING: ['idle', 'being updated'],
  STARTING: ['starting', 'starting'],
  RECOVERING: ['starting', 'recovering: a pipeline is restarting'],
  RUNNING: ['running', 'running'],
  STOPPING: ['stopping', 'stopping'],
  CREATE_FAILED: ['error', 'creation failed'],
  UPDATE_FAILED: ['error', 'update failed'],
  DELETING: ['error', 'being deleted'],
  DELETED: ['error', 'deleted'],
};

/** The port's status of one MediaLive channel (a ListChannels summary or a DescribeChannel answer). */
export function mediaLiveChannelStatus(channelId: string, channel: MediaLiveChannel): ChannelStatus {
  const known = STATES[channel.State ?? ''];
  let [state, detail] = known ?? (['error', `unknown MediaLive state ${JSON.stringify(channel.State)}`] as [ChannelState, string]);
  const expected = channel.ChannelClass === 'SINGLE_PIPELINE' ? 1 : 2;
  const pipelines = channel.PipelineDetails?.length
    ? channel.PipelineDetails.map((pipeline, index) => ({
        id: pipeline.PipelineId ?? String(index),
        ...(pipeline.ActiveInputAttachmentName ? { activeInput: pipeline.ActiveInputAttachmentName } : {}),
      }))
    : Array.from({ length: expected }, (_, index) => ({ id: String(index) }));
  const running = channel.PipelinesRunningCount;
  if (state === 'running' && running !== undefined && running < expected) {
    detail = running === 0 ? 'no pipeline running' : `${running} of ${expected} pipelines running`;
    if (running === 0) state = 'error';
  }
  return {
    channelId,
    state,
    detail,
    pipelines,
    inputs: (channel.InputAttachments ?? []).map((attachment) => attachment.InputAttachmentName ?? attachment.InputId ?? '').filter((name) => name !== ''),
  };
}

/**
 * Status of each of our channels (`channelId -> MediaLive channel id`), in the order given. A
 * channel MediaLive does not list is reported as `error`, not thrown: one missing channel must not
 * hide the others from the admin.
 */
export async function readMediaLiveChannelStatus(client: MediaLiveClient, channels: ReadonlyMap<string, string>): Promise<ChannelStatus[]> {
  const listed = new Map<string, MediaLiveChannel>();
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(new ListChannelsCommand({ MaxResults: 100, ...(nextToken ? { NextToken: nextToken } : {}) }));
      for (const summary of page.Channels ?? []) if (summary.Id) listed.set(summary.Id, summary);
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    throw awsLiveError(error, 'listing MediaLive channels');
  }
  return Promise.all(
    [...channels].map(async ([channelId, mediaLiveId]) => {
      if (!listed.has(mediaLiveId)) {
        return { channelId, state: 'error' as const, detail: `MediaLive channel ${mediaLiveId} does not exist`, pipelines: [], inputs: [] };
      }
      try {
        return mediaLiveChannelStatus(channelId, await client.send(new DescribeChannelCommand({ ChannelId: mediaLiveId })));
      } catch (error) {
        throw awsLiveError(error, `describing MediaLive channel ${mediaLiveId} (channel ${channelId})`);
      }
    }),
  );
}
