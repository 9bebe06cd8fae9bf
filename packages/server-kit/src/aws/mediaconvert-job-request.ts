/**
 * The CreateJob request the MediaConvert transcoder sends for a render job (render/mediaconvert-job.ts):
 * the job's own body, checked whole before anything goes on the wire, with the adapter's role,
 * queue and acceleration filled in where the job leaves them out.
 *
 * Idempotency: the job's ClientRequestToken (a hash of the edit id and version) is sent as it is;
 * a job without one gets a hash of what it asks for, so a repeat of the same request is the same
 * token. When MediaConvert answers a token with the job it already made and that job failed, the
 * next attempt's token is derived from the failed job's id (`retryRequestToken`): still one job
 * per attempt however often the attempt is repeated, and a failed render can be run again.
 */
import { createHash } from 'node:crypto';
import type { AccelerationSettings, CreateJobCommandInput, StatusUpdateInterval } from '@aws-sdk/client-mediaconvert';
import type { RenderJob } from '../render/mediaconvert-job.js';
import { canonicalJson } from '../audit/audit-entry.js';
import { array, object, string, type Json } from '../render/job-fields.js';

export interface MediaConvertRequestDefaults {
  /** The IAM role MediaConvert assumes to read sources and write outputs; a job's own `Role` wins. */
  role: string;
  /** A queue ARN or name; a job's own `Queue` wins; MediaConvert's default queue without either. */
  queue?: string | undefined;
  accelerationSettings?: AccelerationSettings | undefined;
  /** How often MediaConvert reports progress (CloudWatch Events, JobPercentComplete); default the job's own. */
  statusUpdateInterval?: StatusUpdateInterval | undefined;
}

const TOKEN = /^[\x20-\x7e]{1,64}$/;
const TIMECODE = /^\d{2}:[0-5]\d:[0-5]\d[:;]\d{2}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SOURCE = /^(s3|https?):\/\/[^\s]+$/;
const DESTINATION = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/;
/** MediaConvert keeps at most 10 UserMetadata entries per job. */
const MAX_METADATA = 10;
const ACCELERATION_MODES = new Set(['DISABLED', 'ENABLED', 'PREFERRED']);


/**
 * The CreateJob input for `job`. Throws a TypeError naming the field for a job MediaConvert would
 * refuse or could not read (no input, a source or destination outside S3, a malformed timecode, a
 * token too long, no correlation id) or for a missing role.
 */
export function createJobInput(job: RenderJob, defaults: MediaConvertRequestDefaults): CreateJobCommandInput & { ClientRequestToken: string } {
  const root = object(job, 'job');
  const settings = object(root['Settings'], 'Settings');
  const inputs = array(settings['Inputs'], 'Settings.Inputs');
  if (inputs.length === 0) throw new TypeError('Settings.Inputs: must name at least one input.');
  inputs.forEach((entry, i) => {
    const at = `Settings.Inputs[${i}]`;
    const input = object(entry, at);
    const source = string(input['FileInput'], `${at}.FileInput`);
    if (!SOURCE.test(source)) throw new TypeError(`${at}.FileInput: MediaConvert reads s3:// or https:// sources; got ${JSON.stringify(source)}.`);
    const clippings = input['InputClippings'] === undefined ? [] : array(input['InputClippings'], `${at}.InputClippings`);
    clippings.forEach((clip, c) => {
      for (const name of ['StartTimecode', 'EndTimecode']) {
        const value = object(clip, `${at}.InputClippings[${c}]`)[name];
        if (value !== undefined && (typeof value !== 'string' || !TIMECODE.test(value))) {
          throw new TypeError(`${at}.InputClippings[${c}].${name}: must be a timecode HH:MM:SS:FF (HH:MM:SS;FF for drop frame); got ${JSON.stringify(value)}.`);
        }
      }
    });
  });
  const groups = array(settings['OutputGroups'], 'Settings.OutputGroups');
  if (groups.length === 0) throw new TypeError('Settings.OutputGroups: must name at least one output group.');
  groups.forEach((entry, g) => {
    const at = `Settings.OutputGroups[${g}]`;
    const groupSettings = object(object(entry, at)['OutputGroupSettings'], `${at}.OutputGroupSettings`);
    for (const [name, value] of Object.entries(groupSettings)) {
      if (name === 'Type' || value === null || typeof value !== 'object') continue;
      const destination = (value as Json)['Destination'];
      if (destination !== undefined && (typeof destination !== 'string' || !DESTINATION.test(destination))) {
        throw new TypeError(`${at}.OutputGroupSettings.${name}.Destination: MediaConvert writes to s3://bucket/prefix; got ${JSON.stringify(destination)}.`);
      }
    }
    if (array(object(entry, at)['Outputs'], `${at}.Outputs`).length === 0) throw new TypeError(`${at}.Outputs: must not be empty.`);
  });

  const metadata = stringRecord(root['UserMetadata'], 'UserMetadata');
  if (typeof metadata['correlationId'] !== 'string' || metadata['correlationId'] === '') {
    throw new TypeError('UserMetadata.correlationId: a MediaConvert job carries the correlation id of the request that started it.');
  }
  if (Object.keys(metadata).length > MAX_METADATA) throw new TypeError(`UserMetadata: MediaConvert keeps at most ${MAX_METADATA} entries; got ${Object.keys(metadata).length}.`);

  const role = root['Role'] ?? defaults.role;
  if (typeof role !== 'string' || !ROLE_ARN.test(role)) {
    throw new TypeError(`Role: MediaConvert needs the ARN of the IAM role it assumes (arn:aws:iam::<account>:role/<name>), from the job or the transcoder's \`role\`; got ${JSON.stringify(role)}.`);
  }
  const queue = root['Queue'] ?? defaults.queue;
  if (queue !== undefined && (typeof queue !== 'string' || queue.length === 0)) throw new TypeError('Queue: must be a queue ARN or name when given.');

  const given = root['ClientRequestToken'];
  if (given !== undefined && (typeof given !== 'string' || !TOKEN.test(given))) throw new TypeError('ClientRequestToken: must be 1 to 64 printable ASCII characters.');
  const statusUpdateInterval = defaults.statusUpdateInterval ?? (root['StatusUpdateInterval'] as StatusUpdateInterval | undefined);
  const acceleration = defaults.accelerationSettings;
  if (acceleration !== undefined && !ACCELERATION_MODES.has(String(acceleration.Mode))) {
    throw new TypeError(`accelerationSettings.Mode: must be "DISABLED", "ENABLED" or "PREFERRED"; got ${JSON.stringify(acceleration.Mode)}.`);
  }

  const request = {
    Role: role,
    ...(queue === undefined ? {} : { Queue: queue }),
    ...(acceleration === undefined ? {} : { AccelerationSettings: { ...acceleration } }),
    ...(statusUpdateInterval === undefined ? {} : { StatusUpdateInterval: statusUpdateInterval }),
    UserMetadata: metadata,
    Settings: structuredClone(job.Settings) as unknown as CreateJobCommandInput['Settings'],
  };
  return { ...request, ClientRequestToken: given ?? derivedRequestToken(request) };
}

/** A token for a job that brought none: the same for the same role, queue, settings and metadata (the correlation id aside). */
export function derivedRequestToken(request: Pick<CreateJobCommandInput, 'Role' | 'Queue' | 'Settings' | 'UserMetadata'>): string {
  const { correlationId: _ignored, ...metadata } = request.UserMetadata ?? {};
  const canonical = canonicalJson({ Role: request.Role, Queue: request.Queue ?? null, Settings: request.Settings, UserMetadata: metadata });
  return createHash('sha256').update(`surgery-video/mediaconvert\n${canonical}`).digest('hex');
}

/** The token of the attempt after `failedJobId`, which `token` named and which failed. */
export function retryRequestToken(token: string, failedJobId: string): string {
  return createHash('sha256').update(`surgery-video/mediaconvert-retry\n${token}\n${failedJobId}`).digest('hex');
}



function stringRecord(value: unknown, at: string): Record<string, string> {
  if (value === undefined) return {};
  const record = object(value, at);
  for (const [key, entry] of Object.entries(record)) if (typeof entry !== 'string') throw new TypeError(`${at}.${key}: must be a string.`);
  return { ...(record as Record<string, string>) };
}
