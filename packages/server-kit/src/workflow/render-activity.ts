/**
 * The Render step: start the frame-accurate render of the returned Edit, then follow the job until
 * it ends and complete the step's task token with its outcome. Here the follower is a poll in
 * process; on AWS the job's state change event sends the callback (below).
 *
 * A render attempt is one job, `<execution>-r<occurrence>`: a retry (Render.Transient) is the next
 * occurrence and gets a new job. After a restart the same occurrence finds its job and follows it
 * again; a job its renderer no longer knows (an embedded renderer that died with the process) is
 * started again.
 *
 * Where the process ends with the invocation (the review Lambda), the context asks for
 * `renderCompletion: 'job-events'`: the job is started with ids in its UserMetadata
 * (`renderJobMetadata`: tenant, execution, render job; never the token) and the step returns at
 * once; the job's state change event ends the wait (aws/mediaconvert-events-lambda.ts) with the
 * same outcome (`renderOutcome`) the follower here sends. A job found already over is ended here.
 */
import type { Edit, RenderJob } from '@surgery-video/client';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import type { EventBus } from '../events/event-bus.js';
import { jobChanged } from '../events/event-visibility.js';
import type { JsonObject } from './execution-store.js';
import type { JobStore, StoredJob } from './job-store.js';
import type { RenderService, RenderStatus } from './render-service.js';
import type { ActivityContext, WorkflowActivity } from './task-handler.js';
import type { ReviewWorkflowInput } from './review-workflow.js';

export interface RenderActivityDeps {
  catalogue: MediaCatalogue;
  jobs: JobStore;
  render: RenderService;
  bus?: EventBus | undefined;
  /** How often a running job is asked for its status (default 500 ms). */
  pollMs?: number;
  now: () => number;
  loadEdit(input: ReviewWorkflowInput): Promise<Edit>;
  log: (line: string) => void;
}

/** The ActivityContext of a host whose process does not outlive the step (a Lambda). */
export interface RenderActivityContext extends ActivityContext {
  /** `follow` (default): poll the job in process. `job-events`: start it and return; its state change event ends the step. */
  renderCompletion?: 'follow' | 'job-events';
}

/** The UserMetadata entries that tie a render job to the step waiting on it: ids only. */
export interface RenderJobMetadata {
  tenant: string;
  /** The review execution's name (`$$.Execution.Name`). */
  execution: string;
  /** Our render job's id, `<execution>-r<occurrence>`. */
  renderJob: string;
}

export function renderJobMetadata(tenant: string, execution: string, renderJob: string): RenderJobMetadata & Record<string, string> {
  return { tenant, execution, renderJob };
}

export type RenderOutcome = { ok: true; output: JsonObject } | { ok: false; error: 'Render.Transient' | 'Render.Failed'; cause: string };

/** How a render that is over ends its step, the same whoever saw it end; undefined while it runs. */
export function renderOutcome(job: Pick<RenderJob, 'id' | 'editVersion'>, status: RenderStatus): RenderOutcome | undefined {
  if (status.status === 'succeeded') return { ok: true, output: { jobId: job.id, version: job.editVersion, outputs: { ...(status.outputs ?? {}) } } };
  if (status.status === 'failed') {
    return { ok: false, error: status.error?.transient ? 'Render.Transient' : 'Render.Failed', cause: status.error?.message ?? `Render job ${job.id} failed.` };
  }
  return undefined;
}

/** The stored job with the renderer's status in it (what `GET /jobs/:id` shows). */
export function renderJobWithStatus(stored: StoredJob, status: RenderStatus, now: number): StoredJob {
  const job: RenderJob = {
    ...stored.job,
    status: status.status,
    progress: status.status === 'succeeded' ? 1 : Math.round(Math.min(1, Math.max(0, status.progress)) * 1000) / 1000,
    ...(status.outputs ? { outputs: status.outputs } : {}),
    ...(status.error ? { error: { code: status.error.code, message: status.error.message } } : {}),
    updatedAt: new Date(now).toISOString(),
  };
  return { ...stored, job };
}

export function createRenderActivity(deps: RenderActivityDeps): WorkflowActivity {
  const pollMs = deps.pollMs ?? 500;

  async function save(tenant: string, stored: StoredJob, status: RenderStatus): Promise<StoredJob> {
    const next = renderJobWithStatus(stored, status, deps.now());
    await deps.jobs.put(tenant, next);
    deps.bus?.publish(jobChanged(tenant, next.job, stored.owner, deps.now()));
    return next;
  }

  /** Ends the step with a job that is over; false while it runs. */
  async function finish(stored: StoredJob, status: RenderStatus, context: ActivityContext, token: string): Promise<boolean> {
    const outcome = renderOutcome(stored.job, status);
    if (!outcome) return false;
    if (outcome.ok) await context.sendTaskSuccess(token, outcome.output);
    else await context.sendTaskFailure(token, outcome.error, outcome.cause);
    return true;
  }

  async function follow(tenant: string, start: StoredJob, context: ActivityContext, token: string): Promise<void> {
    let stored = start;
    while (!context.signal.aborted) {
      const status = await deps.render.status(stored.externalId);
      if (!status) {
        await context.sendTaskFailure(token, 'Render.Transient', `The renderer no longer knows job ${stored.job.id}.`);
        return;
      }
      if (status.status !== stored.job.status || Math.abs(status.progress - stored.job.progress) >= 0.01) stored = await save(tenant, stored, status);
      if (await finish(stored, status, context, token)) return;
      await sleep(pollMs, context.signal);
    }
  }

  return async (payload, context) => {
    const input = payload['input'] as ReviewWorkflowInput;
    const token = context.taskToken;
    if (!token) throw new TypeError('workflow: the render step must be a .waitForTaskToken state.');
    const edit = await deps.loadEdit(input);
    const asset = await deps.catalogue.getAsset(input.tenant, edit.assetId);
    if (!asset) {
      await context.sendTaskFailure(token, 'Render.Failed', `Asset ${edit.assetId} of edit ${edit.id} is not in the catalogue.`);
      return;
    }
    const jobId = `${context.execution}-r${context.occurrence}`;
    const byEvents = (context as RenderActivityContext).renderCompletion === 'job-events';
    let stored = await deps.jobs.get(input.tenant, jobId);
    let known = stored && (await deps.render.status(stored.externalId));
    if (!stored || known === undefined) {
      known = undefined;
      const metadata = byEvents ? renderJobMetadata(input.tenant, context.execution, jobId) : undefined;
      const { jobId: externalId } = await deps.render.start(edit, asset.item, input.correlationId, metadata);
      const at = new Date(deps.now()).toISOString();
      const job: RenderJob = { id: jobId, editId: edit.id, editVersion: edit.version, status: 'queued', progress: 0, createdAt: stored?.job.createdAt ?? at, updatedAt: at };
      stored = { job, owner: edit.createdBy, externalId };
      await deps.jobs.put(input.tenant, stored);
      deps.bus?.publish(jobChanged(input.tenant, job, edit.createdBy, deps.now()));
    }
    if (byEvents) {
      // The job's state change event ends the step; a job found already over sends none again, so it is ended here.
      if (known && renderOutcome(stored.job, known)) await finish(await save(input.tenant, stored, known), known, context, token);
      return;
    }
    const following = stored;
    // The step waits on the token; following the job goes on in the background until it ends or the step does.
    void follow(input.tenant, following, context, token).catch((error: unknown) => {
      deps.log(`workflow ${context.execution}: following render job ${following.job.id} failed (${error instanceof Error ? error.message : 'unknown error'})`);
      if (!context.signal.aborted) void context.sendTaskFailure(token, 'Render.Transient', 'Following the render job failed.').catch(() => {});
    });
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
