/**
 * What each step of the review workflow does (review-workflow.asl.json names them), written to be
 * run again safely: the runner replays recorded outcomes after a restart, and a step interrupted
 * before its outcome was recorded runs again, so each one checks the Edit's status before acting.
 *
 * The waits do not trust that a wake-up arrives: a waiting step records its token before it looks
 * at the Edit, and an API action saves the Edit before it looks for the token, so whichever comes
 * second sees the other (an assignment made while the preview was still running is not missed).
 *
 * Steps act as `system` in the audit log, with the correlation id of the submission.
 */
import type { Edit } from '@surgery-video/client';
import type { AuditLog } from '../audit/audit-log.js';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import type { EditStore } from '../edits/edit-store.js';
import type { PublicationStore } from '../edits/publication-store.js';
import type { EventBus } from '../events/event-bus.js';
import { editChanged, reviewEscalated } from '../events/event-visibility.js';
import type { JsonObject } from './execution-store.js';
import type { JobStore } from './job-store.js';
import { createRenderActivity } from './render-activity.js';
import type { PreviewService, RenderService } from './render-service.js';
import type { ReviewStep, ReviewWorkflowInput } from './review-workflow.js';
import type { WorkflowActivity } from './task-handler.js';

export interface ReviewActivityDeps {
  edits: EditStore;
  catalogue: MediaCatalogue;
  jobs: JobStore;
  publications: PublicationStore;
  render: RenderService;
  /** Without one, the InstantPreview step reports that no preview was made. */
  preview?: PreviewService | undefined;
  audit?: AuditLog | undefined;
  bus?: EventBus | undefined;
  now?: () => number;
  /** How often a running render is polled (ms). */
  renderPollMs?: number;
  log?: (line: string) => void;
}

export const SYSTEM_ACTOR = 'system';

class NothingToDo extends Error {}

export function createReviewActivities(deps: ReviewActivityDeps): Record<ReviewStep, WorkflowActivity> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  const inputOf = (payload: JsonObject) => payload['input'] as ReviewWorkflowInput;

  async function loadEdit(input: ReviewWorkflowInput): Promise<Edit> {
    const found = await deps.edits.get(input.tenant, input.editId);
    if (!found) throw Object.assign(new Error(`Edit ${input.editId} is gone.`), { name: 'Review.EditMissing' });
    return found.edit;
  }

  async function audited(input: ReviewWorkflowInput, action: string): Promise<void> {
    await deps.audit?.append({ tenant: input.tenant, actor: SYSTEM_ACTOR, action, target: { type: 'edit', id: input.editId }, correlationId: input.correlationId });
  }

  const escalate = (step: 'assignment' | 'review'): WorkflowActivity => async (payload, context) => {
    const input = inputOf(payload);
    await audited(input, `review.escalate-${step}`);
    deps.bus?.publish(reviewEscalated(input.tenant, input.editId, step, context.occurrence, now()));
    return { count: context.occurrence };
  };

  return {
    'instant-preview': async (payload): Promise<JsonObject> => {
      const input = inputOf(payload);
      const edit = await loadEdit(input);
      const asset = await deps.catalogue.getAsset(input.tenant, edit.assetId);
      if (!deps.preview || !asset) return { available: false };
      const { uri } = await deps.preview.create(edit, asset.item);
      return { available: true, uri, version: edit.version };
    },

    'await-assignment': async (payload, context) => {
      const edit = await loadEdit(inputOf(payload));
      const token = context.taskToken as string;
      if (edit.status === 'submitted') return; // the admin's assign (or reject) ends the wait
      if (edit.status === 'draft') await context.sendTaskFailure(token, 'Review.Rejected', `Edit ${edit.id} was sent back to its author.`);
      else await context.sendTaskSuccess(token, { assignee: edit.review?.assignee ?? null, version: edit.version });
    },

    'escalate-assignment': escalate('assignment'),

    'await-return': async (payload, context) => {
      const edit = await loadEdit(inputOf(payload));
      if (edit.status !== 'returned' && edit.status !== 'published') return; // the specialist's return ends the wait
      await context.sendTaskSuccess(context.taskToken as string, { assignee: edit.review?.assignee ?? null, version: edit.version });
    },

    'escalate-review': escalate('review'),

    render: createRenderActivity({ catalogue: deps.catalogue, jobs: deps.jobs, render: deps.render, bus: deps.bus, pollMs: deps.renderPollMs ?? 500, now, loadEdit, log }),

    'render-failed': async (payload) => {
      await audited(inputOf(payload), 'render.fail');
      return {};
    },

    publish: async (payload) => {
      const input = inputOf(payload);
      const render = (payload['render'] ?? {}) as { jobId?: string; outputs?: Record<string, string> };
      let edit = await loadEdit(input);
      let published = false;
      if (edit.status === 'returned') {
        const saved = await deps.edits
          .update(input.tenant, input.editId, (latest) => {
            if (latest.status !== 'returned') throw new NothingToDo();
            return { ...latest, status: 'published' };
          })
          .catch((error: unknown) => {
            if (error instanceof NothingToDo) return undefined;
            throw error;
          });
        if (saved) [edit, published] = [saved.edit, true];
        else edit = await loadEdit(input);
      }
      if (edit.status !== 'published') throw Object.assign(new Error(`Edit ${edit.id} is ${edit.status}; only a returned edit is published.`), { name: 'Publish.InvalidStatus' });
      const at = new Date(now()).toISOString();
      const publication = await deps.publications.save(input.tenant, edit.id, (current) => ({
        editId: edit.id,
        version: current?.version ?? edit.version,
        publishedAt: current?.publishedAt ?? at,
        ...(render.jobId ? { jobId: render.jobId } : {}),
        ...(render.outputs ? { outputs: render.outputs } : {}),
      }));
      if (published) {
        await audited(input, 'review.publish');
        deps.bus?.publish(editChanged(input.tenant, edit, SYSTEM_ACTOR, now()));
      }
      return { version: publication.version, jobId: publication.jobId ?? null, publishedBy: published ? SYSTEM_ACTOR : 'admin' };
    },
  };
}
