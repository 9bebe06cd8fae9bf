/**
 * The RenderService on a TranscoderPort (transcoder/): the Edit becomes a MediaConvert CreateJob
 * body (render/mediaconvert-job.ts) that MediaConvert or the embedded ffmpeg transcoder runs. Job
 * states are MediaConvert's, read into the render job's: SUBMITTED queued, PROGRESSING running,
 * COMPLETE succeeded, ERROR failed.
 */
import type { Asset, Edit, RenderOutputs } from '@surgery-video/client';
import { buildRenderJob, renderName } from '../render/mediaconvert-job.js';
import type { TranscodeJob, TranscoderPort } from '../transcoder/transcoder-port.js';
import type { RenderService, RenderStatus } from './render-service.js';

export interface TranscoderRenderServiceOptions {
  transcoder: TranscoderPort;
  /** Where the transcoder reads the asset: `s3://…` for MediaConvert, `file://…` (a case folder, a playlist, an MP4) for ffmpeg. */
  sourceUri(asset: Asset): string;
  /** The folder prefix its renders are written under, ending in `/`. */
  destination(asset: Asset): string;
  /** What players use for an output URI (an edge path, a CloudFront URL); default: the URI as written. */
  publicUri?(uri: string): string;
  /** MediaConvert's IAM role and queue (unused by the embedded transcoder). */
  role?: string;
  queue?: string;
}

export function createTranscoderRenderService(options: TranscoderRenderServiceOptions): RenderService {
  const publicUri = options.publicUri ?? ((uri: string) => uri);
  return {
    async start(edit: Edit, asset: Asset, correlationId: string, metadata?: Readonly<Record<string, string>>) {
      const built = buildRenderJob({
        edit,
        asset: { id: asset.id, frameRate: asset.frameRate, durationSeconds: asset.durationSeconds, sourceUri: options.sourceUri(asset) },
        output: { destination: options.destination(asset), name: renderName(edit) },
        correlationId,
        ...(options.role ? { role: options.role } : {}),
        ...(options.queue ? { queue: options.queue } : {}),
      });
      // The job's own entries win: the correlation id and edit ids are what its events are read by.
      const job = metadata ? { ...built, UserMetadata: { ...metadata, ...built.UserMetadata } } : built;
      return { jobId: await options.transcoder.submit(job) };
    },
    async status(jobId) {
      const job = await options.transcoder.get(jobId);
      return job && statusOf(job, publicUri);
    },
  };
}

function statusOf(job: TranscodeJob, publicUri: (uri: string) => string): RenderStatus {
  switch (job.status) {
    case 'SUBMITTED':
      return { status: 'queued', progress: job.progress };
    case 'PROGRESSING':
      return { status: 'running', progress: job.progress };
    case 'COMPLETE':
      return { status: 'succeeded', progress: 1, outputs: outputsOf(job, publicUri) };
    case 'ERROR':
      // A job that ran and failed fails the same way again: not transient. (A job the transcoder lost is.)
      return { status: 'failed', progress: job.progress, error: { code: 'render-error', message: job.errorMessage ?? 'The render failed.', transient: false } };
  }
}

function outputsOf(job: TranscodeJob, publicUri: (uri: string) => string): RenderOutputs {
  const outputs: RenderOutputs = {};
  for (const output of job.outputs) {
    const [first, second] = output.uris;
    if (output.kind === 'cmaf') {
      if (first) outputs.hls = publicUri(first);
      if (second) outputs.dash = publicUri(second);
    } else if (output.kind === 'mp4' && first) {
      outputs.mp4 = publicUri(first);
    } else if (output.kind === 'frame-capture' && first) {
      outputs.thumbnails = publicUri(first);
    }
  }
  return outputs;
}
