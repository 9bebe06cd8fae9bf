/**
 * What MediaConvert answers, for a recording endpoint (recording-endpoint.ts) that stands where it
 * would: CreateJob (`POST /2017-08-29/jobs`) and GetJob (`GET /2017-08-29/jobs/{id}`) in its
 * REST-JSON wire format (lowerCamelCase members, epoch-second timestamps, errors named by
 * `x-amzn-errortype`). It keeps jobs as MediaConvert does: a ClientRequestToken it has seen gets
 * the job it made back, and each GetJob moves a job one step on, SUBMITTED -> PROGRESSING (50 %) ->
 * COMPLETE, or -> ERROR when its input is not among the sources it can read.
 *
 * Only the far end is played here; the adapter under test and the SDK client are the real ones.
 */
import { timecodeToFrames } from '../../src/render/frames-to-timecode.js';
import type { RecordedRequest, Reply, Responder } from './recording-endpoint.js';

type Json = Record<string, unknown>;

interface WireJob extends Json {
  id: string;
  status: 'SUBMITTED' | 'PROGRESSING' | 'COMPLETE' | 'ERROR';
}

export interface MediaConvertResponder {
  respond: Responder;
  /** Jobs by id, in wire form. */
  jobs: Map<string, WireJob>;
}

export interface MediaConvertResponderOptions {
  /** The sources it can read, with their frame rates (to measure what it wrote). */
  sources: Readonly<Record<string, number>>;
  /** Seconds since the epoch of the first job's submission. */
  epoch?: number;
}

const JOBS = '/2017-08-29/jobs';

export function mediaConvertResponder(options: MediaConvertResponderOptions): MediaConvertResponder {
  const jobs = new Map<string, WireJob>();
  const byToken = new Map<string, string>();
  let clock = options.epoch ?? 1_780_000_000;

  const error = (status: number, type: string, message: string): Reply => ({ status, headers: { 'x-amzn-errortype': type }, body: { message } });

  function create(request: RecordedRequest): Reply {
    const body = request.json() as Json;
    if (typeof body['role'] !== 'string') return error(400, 'BadRequestException', '/role: role is required');
    const token = body['clientRequestToken'] as string | undefined;
    const known = token === undefined ? undefined : byToken.get(token);
    if (known) return { status: 201, body: { job: jobs.get(known) } };
    const id = `${(clock * 1000).toFixed(0)}-${(jobs.size + 1).toString(16).padStart(6, '0')}`;
    clock += 1;
    const job: WireJob = {
      arn: `arn:aws:mediaconvert:eu-west-1:123456789012:jobs/${id}`,
      id,
      role: body['role'],
      ...(body['queue'] ? { queue: body['queue'] } : {}),
      settings: body['settings'],
      ...(token ? { clientRequestToken: token } : {}),
      userMetadata: body['userMetadata'] ?? {},
      ...(body['statusUpdateInterval'] ? { statusUpdateInterval: body['statusUpdateInterval'] } : {}),
      status: 'SUBMITTED',
      createdAt: clock,
      timing: { submitTime: clock },
    };
    jobs.set(id, job);
    if (token) byToken.set(token, id);
    return { status: 201, body: { job } };
  }

  function advance(job: WireJob): void {
    const timing = job['timing'] as Json;
    clock += 1;
    if (job.status === 'SUBMITTED') {
      Object.assign(job, { status: 'PROGRESSING', jobPercentComplete: 50, currentPhase: 'TRANSCODING' });
      timing['startTime'] = clock;
      return;
    }
    if (job.status !== 'PROGRESSING') return;
    delete job['jobPercentComplete'];
    delete job['currentPhase'];
    timing['finishTime'] = clock;
    const input = ((job['settings'] as Json)['inputs'] as Json[])[0]!;
    const frameRate = options.sources[input['fileInput'] as string];
    if (frameRate === undefined) {
      Object.assign(job, { status: 'ERROR', errorCode: 1030, errorMessage: `Failed to read data: ${String(input['fileInput'])}` });
      return;
    }
    const clippings = (input['inputClippings'] as { startTimecode: string; endTimecode: string }[] | undefined) ?? [];
    const frames = clippings.reduce((sum, clip) => sum + timecodeToFrames(clip.endTimecode, frameRate) - timecodeToFrames(clip.startTimecode, frameRate) + 1, 0);
    const durationInMs = Math.round((frames / frameRate) * 1000);
    const groups = (job['settings'] as Json)['outputGroups'] as { outputs: { videoDescription?: { width: number; height: number } }[] }[];
    job.status = 'COMPLETE';
    job['outputGroupDetails'] = groups.map((group) => ({
      outputDetails: group.outputs.map((output) => ({
        durationInMs,
        ...(output.videoDescription ? { videoDetails: { widthInPx: output.videoDescription.width, heightInPx: output.videoDescription.height } } : {}),
      })),
    }));
  }

  const respond: Responder = (request) => {
    if (request.method === 'POST' && request.path === JOBS) return create(request);
    if (request.method === 'GET' && request.path.startsWith(`${JOBS}/`)) {
      const job = jobs.get(request.path.slice(JOBS.length + 1));
      if (!job) return error(404, 'NotFoundException', 'The job was not found.');
      const answer = structuredClone(job);
      advance(job);
      return { status: 200, body: { job: answer } };
    }
    return error(400, 'BadRequestException', `Unexpected ${request.method} ${request.path}`);
  };

  return { respond, jobs };
}
