/**
 * The review actions on an Edit: submit, assign, start, return, publish, reject. Each one is
 * checked with the access table (`can`) and then with the workflow order (review-transitions.ts),
 * saved as the Edit's next version, audited (action, edit id, correlation id), announced on the
 * event bus, and handed to the workflow: submit starts it, assign / reject / return end the wait
 * the workflow is in. The Edit is saved before the workflow is told, so a workflow step that looks
 * at the Edit always sees the action (see workflow/review-activities.ts).
 */
import { EDIT_LIMITS, type Edit, type User } from '@surgery-video/client';
import { accessResourceOfEdit, can } from '../access/access-rules.js';
import { HttpError } from '../api/json-response.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import type { EventBus } from '../events/event-bus.js';
import { editChanged } from '../events/event-visibility.js';
import type { ReviewWorkflow } from '../workflow/review-workflow.js';
import { invalidTransition } from './edit-errors.js';
import type { EditStore } from './edit-store.js';
import type { PublicationStore } from './publication-store.js';
import { TRANSITIONS, transitionRefusal, type ReviewAction } from './review-transitions.js';
import type { UserDirectory } from './user-directory.js';

export interface ReviewServiceOptions {
  edits: EditStore;
  catalogue: MediaCatalogue;
  users: UserDirectory;
  workflow: ReviewWorkflow;
  publications: PublicationStore;
  audit?: AuditLog | undefined;
  bus?: EventBus | undefined;
  now?: () => number;
}

export interface ReviewService {
  act(user: User, action: ReviewAction, editId: string, body: Record<string, unknown>, correlationId: string): Promise<Edit>;
}

class AlreadySubmitted extends Error {
  constructor(readonly edit: Edit) {
    super('already submitted');
  }
}

export function createReviewService(options: ReviewServiceOptions): ReviewService {
  const { edits, workflow, audit, bus } = options;
  const now = options.now ?? Date.now;

  /** What the action needs from the body and the directory, checked before anything is saved. */
  async function prepare(user: User, action: ReviewAction, edit: Edit, body: Record<string, unknown>): Promise<(edit: Edit) => Edit> {
    const at = new Date(now()).toISOString();
    switch (action) {
      case 'submit':
        return (latest) => {
          if (latest.segments.length === 0) throw new HttpError(400, 'invalid-edit', 'segments: an edit needs at least one segment to be submitted.', 'segments');
          return { ...latest, status: 'submitted' };
        };
      case 'assign': {
        const specialist = await assignee(user, edit, body['specialistId']);
        return (latest) => ({ ...latest, status: 'assigned', review: { assignee: specialist.id, assignedBy: user.id } });
      }
      case 'start':
        return (latest) => ({ ...latest, status: 'in-review' });
      case 'return': {
        const verdict = body['verdict'];
        if (typeof verdict !== 'string' || verdict.trim() === '') throw new HttpError(400, 'invalid-body', 'verdict: give the specialist\'s verdict as text.', 'verdict');
        if (verdict.length > EDIT_LIMITS.textLength) throw new HttpError(400, 'invalid-body', `verdict: must be at most ${EDIT_LIMITS.textLength} characters.`, 'verdict');
        return (latest) => ({ ...latest, status: 'returned', review: { ...(latest.review as NonNullable<Edit['review']>), verdict, returnedAt: at } });
      }
      case 'publish':
        return (latest) => ({ ...latest, status: 'published' });
      case 'reject':
        // Back to its author as a draft, without the review it never had.
        return ({ review: _review, ...kept }) => ({ ...kept, status: 'draft' });
    }
  }

  async function assignee(user: User, edit: Edit, specialistId: unknown): Promise<User> {
    if (typeof specialistId !== 'string' || specialistId === '') throw new HttpError(400, 'invalid-body', 'specialistId: give the id of the specialist to assign.', 'specialistId');
    const specialist = await options.users.get(user.tenant, specialistId);
    if (!specialist || !specialist.roles.includes('specialist')) {
      throw new HttpError(400, 'unknown-specialist', `specialistId: no specialist ${JSON.stringify(specialistId)} in your tenant.`, 'specialistId');
    }
    const specialty = (await options.catalogue.getAsset(user.tenant, edit.assetId))?.item.specialty;
    if (specialty !== undefined && specialist.specialty !== specialty) {
      throw new HttpError(400, 'wrong-specialty', `specialistId: ${specialist.id} reviews ${specialist.specialty ?? 'no specialty'}; this case needs ${specialty}.`, 'specialistId');
    }
    return specialist;
  }

  return {
    async act(user, action, editId, body, correlationId) {
      const transition = TRANSITIONS[action];
      const found = await edits.get(user.tenant, editId);
      if (!found) throw new HttpError(404, 'not-found', `No edit ${JSON.stringify(editId)} in your tenant.`);
      const decision = can(user, transition.access, accessResourceOfEdit(user.tenant, found.edit));
      if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.message);
      // A repeated submit (a retry after a lost answer) starts nothing new: the same version names the same execution.
      if (action === 'submit' && found.edit.status === 'submitted') {
        await workflow.start(user.tenant, found.edit, correlationId);
        return found.edit;
      }
      const refusal = transitionRefusal(action, found.edit.status);
      if (refusal) throw invalidTransition(refusal);
      const change = await prepare(user, action, found.edit, body);
      let saved;
      try {
        saved = await edits.update(user.tenant, editId, (latest) => {
          if (action === 'submit' && latest.status === 'submitted') throw new AlreadySubmitted(latest);
          const refused = transitionRefusal(action, latest.status);
          if (refused) throw invalidTransition(refused);
          return change(latest);
        });
      } catch (error) {
        if (!(error instanceof AlreadySubmitted)) throw error;
        // Two submits raced and the other one saved first: this one is its repeat.
        await workflow.start(user.tenant, error.edit, correlationId);
        return error.edit;
      }
      if (!saved) throw new HttpError(404, 'not-found', `No edit ${JSON.stringify(editId)} in your tenant.`);
      const edit = saved.edit;
      await audit?.append({ tenant: user.tenant, actor: user.id, action: transition.audit, target: { type: 'edit', id: edit.id }, correlationId });
      bus?.publish(editChanged(user.tenant, edit, user.id, now()));
      await afterwards(user, action, edit, correlationId);
      return edit;
    },
  };

  async function afterwards(user: User, action: ReviewAction, edit: Edit, correlationId: string): Promise<void> {
    switch (action) {
      case 'submit':
        await workflow.start(user.tenant, edit, correlationId);
        return;
      case 'assign':
        await workflow.wake(user.tenant, edit.id, 'assignment', { ok: true, output: { assignee: edit.review?.assignee ?? null, version: edit.version } });
        return;
      case 'reject':
        await workflow.wake(user.tenant, edit.id, 'assignment', { ok: false, error: 'Review.Rejected', cause: `Edit ${edit.id} was sent back to its author.` });
        return;
      case 'return':
        await workflow.wake(user.tenant, edit.id, 'review', { ok: true, output: { assignee: edit.review?.assignee ?? null, version: edit.version } });
        return;
      case 'publish':
        await options.publications.save(user.tenant, edit.id, (current) => current ?? { editId: edit.id, version: edit.version, publishedAt: edit.updatedAt });
        return;
      case 'start':
        return;
    }
  }
}
