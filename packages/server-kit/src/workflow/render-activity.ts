/**
 * The Render step: start the frame-accurate render of the returned Edit, then follow the job until
 * it ends and complete the step's task token with its outcome. In AWS the Lambda starts the
 * MediaConvert job with the token in its UserMetadata and an EventBridge rule on the job's state
 * change sends the callback; here the follower is a poll in process.
 *
 * A render attempt is one job, `<execution>-r<occurrence>`: a retry (Render.Transient) is the next
 * occurrence and gets a new job. After a restart the same occurrence finds its job and follows it
 * again; a job its renderer no longer knows (an embedded renderer that died with the process) is
 * started again.
 */
import type { Edit, RenderJob } from '@surgery-video/client';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import type { EventBus } from '../events/event-bus.js';
import { jobChanged } from '../events/event-visibility.js';
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

export function createRenderActivity(deps: RenderActivityDeps): WorkflowActivity {
  const pollMs = deps.pollMs ?? 500;

  async function save(tenant: string, stored: StoredJob, status: RenderStatus): Promise<StoredJob> {
    const job: RenderJob = {
      ...stored.job,
      status: status.status,
      progress: status.status === 'succeeded' ? 1 : Math.round(Math.min(1, Math.max(0, status.progress)) * 1000) / 1000,
      ...(status.outputs ? { outputs: status.outputs } : {}),
      ...(status.error ? { error: { code: status.error.code, message: status.error.message } } : {}),
      updatedAt: new Date(deps.now()).toISOString(),
    };
    const next = { ...stored, job };
    await deps.jobs.put(tenant, next);
    deps.bus?.publish(jobChanged(tenant, job, stored.owner, deps.now()));
    return next;
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
      if (status.status === 'succeeded') {
        await context.sendTaskSuccess(token, { jobId: stored.job.id, version: stored.job.editVersion, outputs: { ...(status.outputs ?? {}) } });
        return;
      }
      if (status.status === 'failed') {
        const message = status.error?.message ?? `Render job ${stored.job.id} failed.`;
        await context.sendTaskFailure(token, status.error?.transient ? 'Render.Transient' : 'Render.Failed', message);
        return;
      }
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
    let stored = await deps.jobs.get(input.tenant, jobId);
    if (!stored || (await deps.render.status(stored.externalId)) === undefined) {
      const { jobId: externalId } = await deps.render.start(edit, asset.item, input.correlationId);
      const at = new Date(deps.now()).toISOString();
      const job: RenderJob = { id: jobId, editId: edit.id, editVersion: edit.version, status: 'queued', progress: 0, createdAt: stored?.job.createdAt ?? at, updatedAt: at };
      stored = { job, owner: edit.createdBy, externalId };
      await deps.jobs.put(input.tenant, stored);
      deps.bus?.publish(jobChanged(input.tenant, job, edit.createdBy, deps.now()));
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
