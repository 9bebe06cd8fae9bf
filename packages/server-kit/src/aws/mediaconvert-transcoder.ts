/**
 * The MediaConvert adapter of the transcoder port: `submit` sends the render job (a CreateJob body
 * already, render/mediaconvert-job.ts) as it is, with the role and queue of this deployment;
 * `get` reads GetJob back as a TranscodeJob. The job is never rewritten: its input clippings,
 * outputs and UserMetadata (the correlation id among them) reach MediaConvert as the embedded
 * transcoder reads them, so both give the same cut.
 *
 * Errors: a job MediaConvert could not carry out is refused before the wire (a TypeError naming
 * the field). What MediaConvert itself answers becomes a MediaConvertError with its code and
 * whether trying again may help (throttling, a 5xx) or not (a bad request, no permission).
 */
import { CreateJobCommand, GetJobCommand, NotFoundException, type MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { RenderJob } from '../render/mediaconvert-job.js';
import type { TranscodeJob, TranscoderPort } from '../transcoder/transcoder-port.js';
import { createJobInput, retryRequestToken, type MediaConvertRequestDefaults } from './mediaconvert-job-request.js';
import { transcodeJobOf } from './mediaconvert-job-state.js';

export interface MediaConvertTranscoderOptions extends MediaConvertRequestDefaults {
  /** One client per region, made once (module scope) by the host. */
  client: MediaConvertClient;
}

/** A MediaConvert answer other than success. `transient`: the same request may succeed later. */
export class MediaConvertError extends Error {
  override readonly name = 'MediaConvertError';

  constructor(
    /** MediaConvert's error name, e.g. `BadRequestException`, `TooManyRequestsException`. */
    readonly code: string,
    readonly transient: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A job answered with the same token that failed is run again under a token derived from it; this many times at most in one submit. */
const MAX_RESUBMITS = 5;
const TRANSIENT = new Set(['TooManyRequestsException', 'InternalServerErrorException', 'ThrottlingException', 'ServiceUnavailableException']);

export function createMediaConvertTranscoder(options: MediaConvertTranscoderOptions): TranscoderPort {
  const { client } = options;
  if (!client || typeof (client as { send?: unknown }).send !== 'function') {
    throw new TypeError('createMediaConvertTranscoder: `client` must be a MediaConvertClient (new MediaConvertClient({ region })).');
  }
  if (typeof options.role !== 'string' || options.role === '') {
    throw new TypeError('createMediaConvertTranscoder: `role` must be the ARN of the IAM role MediaConvert assumes to read sources and write renders.');
  }
  const defaults: MediaConvertRequestDefaults = {
    role: options.role,
    queue: options.queue,
    accelerationSettings: options.accelerationSettings,
    statusUpdateInterval: options.statusUpdateInterval,
  };

  return {
    async submit(job: RenderJob) {
      const request = createJobInput(job, defaults);
      let token = request.ClientRequestToken;
      for (let attempt = 0; attempt <= MAX_RESUBMITS; attempt++) {
        const { Job: created } = await send(() => client.send(new CreateJobCommand({ ...request, ClientRequestToken: token })), 'CreateJob');
        if (!created?.Id) throw new MediaConvertError('InvalidResponse', true, 'MediaConvert answered CreateJob without a job id.');
        // A fresh job is SUBMITTED; a job that comes back ERROR or CANCELED is the one this token already made.
        if (created.Status !== 'ERROR' && created.Status !== 'CANCELED') return created.Id;
        token = retryRequestToken(token, created.Id);
      }
      throw new MediaConvertError('TooManyFailedAttempts', false, `The render with token ${request.ClientRequestToken} failed ${MAX_RESUBMITS + 1} times; it is not submitted again.`);
    },

    async get(jobId: string): Promise<TranscodeJob | undefined> {
      if (typeof jobId !== 'string' || jobId === '') throw new TypeError('get: `jobId` must be the id submit returned.');
      try {
        const { Job: found } = await client.send(new GetJobCommand({ Id: jobId }));
        return found ? transcodeJobOf(found) : undefined;
      } catch (error) {
        if (error instanceof NotFoundException) return undefined;
        throw wrap(error, `GetJob ${jobId}`);
      }
    },
  };
}

async function send<T>(call: () => Promise<T>, operation: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw wrap(error, operation);
  }
}

function wrap(error: unknown, operation: string): Error {
  if (error instanceof TypeError || error instanceof MediaConvertError) return error;
  const code = error instanceof Error ? error.name : 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const transient = TRANSIENT.has(code) || (status !== undefined && status >= 500);
  const message = error instanceof Error ? error.message : String(error);
  return new MediaConvertError(code, transient, `MediaConvert ${operation} failed (${code}${status ? `, HTTP ${status}` : ''}): ${message}`, { cause: error });
}
