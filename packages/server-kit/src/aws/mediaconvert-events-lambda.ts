/**
 * The end of the review's Render step on AWS. A Lambda cannot follow its MediaConvert job (it stops
 * when it returns), so the review activities Lambda starts the job with ids in its UserMetadata and
 * stores the step's task token (review-activities-lambda.ts); this Lambda, the target of an
 * EventBridge rule on "MediaConvert Job State Change" (COMPLETE, ERROR, CANCELED), ends the step:
 *
 * - it reads the job through the render service the activities use (GetJob), so the step's output
 *   is the one the embedded runner's follower sends (`renderOutcome`): SendTaskSuccess
 *   `{ jobId, version, outputs }`, or SendTaskFailure `Render.Failed` (ERROR, CANCELED: caught by
 *   the definition into RecordRenderFailure) or `Render.Transient` (retried by the definition);
 * - it writes the render job's final status where `GET /jobs/:id` reads it.
 *
 * EventBridge delivers at least once: the token is removed once used, so a repeated event finds
 * none and sends nothing; one that races the first gets TaskDoesNotExist from Step Functions, which
 * is taken as "already ended". Jobs the review did not start are ignored. Log lines carry ids only.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { JobStore } from '../workflow/job-store.js';
import { renderJobWithStatus, renderOutcome } from '../workflow/render-activity.js';
import type { RenderService } from '../workflow/render-service.js';
import { readMediaConvertJobEvent } from './mediaconvert-events-job.js';
import { ReviewTaskTokenError, sendReviewTaskOutcome } from './step-functions-review-workflow.js';
import type { ReviewTaskTokenStore } from './step-functions-task-tokens.js';

export interface MediaConvertEventsLambdaDeps {
  /** The render service the review activities start jobs with (createTranscoderRenderService over createMediaConvertTranscoder). */
  render: RenderService;
  /** Where the review activities Lambda stored the Render step's token (createReviewTaskTokenStore, same object store). */
  tokens: ReviewTaskTokenStore;
  /** The render jobs the API shows (createJobStore, same object store). */
  jobs: JobStore;
  client: SFNClient;
  now?: () => number;
  /** Lines with ids only (job ids, execution names), never tokens or patient data. */
  log?: (line: string) => void;
}

/** What the handler did with one event (the Lambda's result; EventBridge discards it, tests and logs read it). */
export interface MediaConvertEventResult {
  jobId: string;
  result: 'completed' | 'failed' | 'already-ended' | 'ignored';
  execution?: string;
}

export function createMediaConvertEventsLambdaHandler(deps: MediaConvertEventsLambdaDeps): (event: unknown) => Promise<MediaConvertEventResult> {
  for (const [name, method] of [['render', 'status'], ['tokens', 'get'], ['jobs', 'get'], ['client', 'send']] as const) {
    const dep = deps?.[name] as unknown as Record<string, unknown> | undefined;
    if (typeof dep?.[method] !== 'function') throw new TypeError(`createMediaConvertEventsLambdaHandler: \`${name}\` is missing or has no ${method}().`);
  }
  const log = deps.log ?? (() => {});
  const now = deps.now ?? Date.now;

  return async (raw) => {
    const event = readMediaConvertJobEvent(raw);
    const { jobId } = event;
    if (event.kind === 'ignored') {
      log(`mediaconvert job ${jobId}: ${event.status} ${event.why === 'foreign' ? 'of a job the review did not start' : 'ends no step'}; ignored`);
      return { jobId, result: 'ignored' };
    }
    const { tenant, execution, renderJob } = event.render;
    const record = await deps.tokens.get(tenant, execution, 'render');
    if (!record) {
      log(`mediaconvert job ${jobId}: no render wait stored for workflow ${execution} (already ended, or not ours); ignored`);
      return { jobId, result: 'ignored', execution };
    }
    const stored = await deps.jobs.get(tenant, renderJob);
    if (stored && stored.externalId !== jobId) {
      // An earlier attempt's job: the step now waits on another one.
      log(`mediaconvert job ${jobId}: workflow ${execution} waits on job ${stored.externalId}; ignored`);
      return { jobId, result: 'ignored', execution };
    }
    const status = await deps.render.status(jobId);
    const outcome = status && renderOutcome({ id: renderJob, editVersion: stored?.job.editVersion ?? event.editVersion }, status);
    // Thrown, the event is delivered again (EventBridge retries a failed asynchronous invocation).
    if (!status || !outcome) throw new Error(`mediaconvert job ${jobId}: GetJob reads ${status ? status.status : 'no job'} after a ${event.status} event; try again.`);

    if (stored) await deps.jobs.put(tenant, renderJobWithStatus(stored, status, now()));
    let result: MediaConvertEventResult['result'] = outcome.ok ? 'completed' : 'failed';
    try {
      await sendReviewTaskOutcome(deps.client, record.token, outcome);
      log(`workflow ${execution}: render ${renderJob} (mediaconvert job ${jobId}) ${outcome.ok ? 'succeeded' : `failed (${outcome.error})`}`);
    } catch (error) {
      // Anything else (throttling, permissions) keeps the token, and the event is delivered again.
      if (!(error instanceof ReviewTaskTokenError)) throw error;
      log(`workflow ${execution}: render token not accepted (${error.code}); mediaconvert job ${jobId} ignored`);
      result = 'already-ended';
    }
    await deps.tokens.remove(record);
    return { jobId, result, execution };
  };
}
