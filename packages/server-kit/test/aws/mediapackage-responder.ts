/**
 * What MediaPackage v2 and MediaLive answer, for recording endpoints (recording-endpoint.ts) that
 * stand where they would, in their REST-JSON wire formats (MediaPackage: PascalCase members;
 * MediaLive: lowerCamelCase; epoch-second timestamps; errors named by `x-amzn-errortype`).
 *
 * MediaPackage keeps harvest jobs as the service does: a job name is taken once, the same
 * `x-amzn-client-token` gets the job it made back, another token for a taken name is a
 * ConflictException, and each GetHarvestJob moves a job one step on, QUEUED -> IN_PROGRESS ->
 * COMPLETED. Only the far end is played here; the adapter and the SDK clients are the real ones.
 */
import type { RecordedRequest, Reply, Responder } from './recording-endpoint.js';

type Json = Record<string, unknown>;

export interface MediaPackageEndpointFixture {
  channelGroup: string;
  channel: string;
  originEndpoint: string;
  /** e.g. `https://abc.egress.x.mediapackagev2.eu-west-1.amazonaws.com`. */
  egressOrigin: string;
  startoverWindowSeconds: number;
}

export interface MediaPackageResponder {
  respond: Responder;
  /** Harvest jobs by name, in wire form. */
  jobs: Map<string, Json & { token: string }>;
}

function error(status: number, type: string, message: string, extra: Json = {}): Reply {
  return { status, headers: { 'x-amzn-errortype': type, 'x-amzn-requestid': `req-${type}` }, body: { Message: message, ...extra } };
}

export function mediaPackageResponder(fixture: MediaPackageEndpointFixture): MediaPackageResponder {
  const jobs = new Map<string, Json & { token: string }>();
  const endpointPath = `/channelGroup/${fixture.channelGroup}/channel/${fixture.channel}/originEndpoint/${fixture.originEndpoint}`;
  const base = `${fixture.egressOrigin}/out/v1/${fixture.channelGroup}/${fixture.channel}/${fixture.originEndpoint}`;
  const ids = { ChannelGroupName: fixture.channelGroup, ChannelName: fixture.channel, OriginEndpointName: fixture.originEndpoint };
  const wire = ({ token: _token, ...job }: Json & { token: string }) => job;

  const respond = (request: RecordedRequest): Reply => {
    if (request.method === 'GET' && request.path === endpointPath) {
      return {
        body: {
          ...ids,
          Arn: `arn:aws:mediapackagev2:eu-west-1:111122223333:channelGroup/${fixture.channelGroup}/channel/${fixture.channel}/originEndpoint/${fixture.originEndpoint}`,
          ContainerType: 'CMAF',
          StartoverWindowSeconds: fixture.startoverWindowSeconds,
          HlsManifests: [{ ManifestName: 'index', Url: `${base}/index.m3u8` }],
          LowLatencyHlsManifests: [{ ManifestName: 'll', Url: `${base}/ll.m3u8` }],
          DashManifests: [{ ManifestName: 'dash', Url: `${base}/dash.mpd` }],
          CreatedAt: 1_700_000_000,
          ModifiedAt: 1_700_000_000,
        },
      };
    }
    if (!request.path.startsWith(endpointPath)) return error(404, 'ResourceNotFoundException', 'Origin endpoint not found.');
    if (request.method === 'POST' && request.path === `${endpointPath}/harvestJob`) {
      const body = request.json() as Json;
      const name = String(body['HarvestJobName']);
      const token = request.headers['x-amzn-client-token'] ?? '';
      const existing = jobs.get(name);
      if (existing) {
        if (existing.token === token) return { body: wire(existing) };
        return error(409, 'ConflictException', `A harvest job named ${name} already exists.`, { ConflictExceptionType: 'RESOURCE_IN_USE' });
      }
      const job = { ...body, ...ids, token, Status: 'QUEUED', Arn: `arn:aws:mediapackagev2:eu-west-1:111122223333:harvestJob/${name}`, CreatedAt: 1_700_000_000, ModifiedAt: 1_700_000_000 };
      jobs.set(name, job);
      return { body: wire(job) };
    }
    const match = /\/harvestJob\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && match) {
      const job = jobs.get(match[1]!);
      if (!job) return error(404, 'ResourceNotFoundException', `Harvest job ${match[1]} not found.`);
      const reply = { body: wire(job) };
      job.Status = job.Status === 'QUEUED' ? 'IN_PROGRESS' : 'COMPLETED';
      return reply;
    }
    return error(400, 'ValidationException', `Unexpected ${request.method} ${request.path}.`);
  };
  return { respond, jobs };
}

/** MediaLive with the given channels (id -> state), each a STANDARD channel with one Link input. */
export function mediaLiveResponder(channels: Readonly<Record<string, string>>): Responder {
  const describe = (id: string, state: string) => ({
    id,
    arn: `arn:aws:medialive:eu-west-1:111122223333:channel:${id}`,
    name: `surgery-${id}`,
    channelClass: 'STANDARD',
    state,
    pipelinesRunningCount: state === 'RUNNING' ? 2 : 0,
    inputAttachments: [{ inputAttachmentName: `link-${id}`, inputId: `input-${id}` }],
    pipelineDetails: state === 'RUNNING' ? [0, 1].map((pipeline) => ({ pipelineId: String(pipeline), activeInputAttachmentName: `link-${id}` })) : [],
  });
  return (request) => {
    if (request.method === 'GET' && request.path === '/prod/channels') {
      return { body: { channels: Object.entries(channels).map(([id, state]) => describe(id, state)) } };
    }
    const match = /^\/prod\/channels\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && match && channels[match[1]!]) return { body: describe(match[1]!, channels[match[1]!]!) };
    return { status: 404, headers: { 'x-amzn-errortype': 'NotFoundException' }, body: { message: 'Channel not found.' } };
  };
}
