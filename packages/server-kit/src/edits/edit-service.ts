/**
 * Creating, reading, saving and listing Edits for a signed-in user. Every input goes through the
 * client's `parseEdit` with the asset's duration and frame rate, and is refused whole, naming the
 * field, before anything is written. Who may read or save is the access table's answer; when an
 * edit's content may change at all is the review workflow's (review-transitions.ts `EDITABLE_BY`).
 */
import { randomUUID } from 'node:crypto';
import { EDIT_SCHEMA_ID, EDIT_STATUSES, parseEdit, safeParseEdit, type Edit, type EditContext, type EditStatus, type User } from '@surgery-video/client';
import { accessResourceOfEdit, canAny } from '../access/access-rules.js';
import { HttpError } from '../api/json-response.js';
import { canonicalJson } from '../audit/audit-entry.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import type { EventBus } from '../events/event-bus.js';
import { EDIT_READ_ACTIONS, editChanged } from '../events/event-visibility.js';
import { invalidEdit, VersionConflictHttpError } from './edit-errors.js';
import { EditExistsError, VersionConflictError, type EditStore } from './edit-store.js';
import { EDITABLE_BY } from './review-transitions.js';

export interface EditServiceOptions {
  edits: EditStore;
  catalogue: MediaCatalogue;
  audit?: AuditLog | undefined;
  bus?: EventBus | undefined;
  now?: () => number;
}

export interface EditListFilter {
  status?: string | null;
  assignee?: string | null;
}

export interface EditService {
  create(user: User, body: Record<string, unknown>, correlationId: string): Promise<Edit>;
  /** The edit, if the user may read it: 404 when there is none in the user's tenant, 403 when they may not. */
  get(user: User, id: string): Promise<Edit>;
  update(user: User, id: string, body: Record<string, unknown>, expectedVersion: number | undefined, correlationId: string): Promise<Edit>;
  list(user: User, filter: EditListFilter): Promise<Edit[]>;
  /** The asset context the Edit rules need (duration, frame rate), or a 400 naming `assetId`. */
  assetContext(tenant: string, assetId: unknown): Promise<EditContext>;
}

/** Fields only the server sets on create; a whole Edit may carry them, with these values. */
const SERVER_SET_ON_UPDATE = ['id', 'assetId', 'createdBy', 'createdAt', 'status', 'review'] as const;

export function createEditService(options: EditServiceOptions): EditService {
  const { edits, catalogue, audit, bus } = options;
  const now = options.now ?? Date.now;

  async function assetContext(tenant: string, assetId: unknown): Promise<EditContext> {
    const asset = typeof assetId === 'string' ? await catalogue.getAsset(tenant, assetId) : undefined;
    if (!asset) throw new HttpError(400, 'unknown-asset', `assetId: no asset ${JSON.stringify(assetId ?? null)} in your tenant.`, 'assetId');
    return { assetDuration: asset.item.durationSeconds, frameRate: asset.item.frameRate };
  }

  async function recorded(user: User, action: string, edit: Edit, correlationId: string): Promise<void> {
    await audit?.append({ tenant: user.tenant, actor: user.id, action, target: { type: 'edit', id: edit.id }, correlationId });
    bus?.publish(editChanged(user.tenant, edit, user.id, now()));
  }

  async function readable(user: User, id: string): Promise<Edit> {
    const found = await edits.get(user.tenant, id);
    if (!found) throw new HttpError(404, 'not-found', `No edit ${JSON.stringify(id)} in your tenant.`);
    const decision = canAny(user, EDIT_READ_ACTIONS, accessResourceOfEdit(user.tenant, found.edit));
    if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.message);
    return found.edit;
  }

  return {
    assetContext,

    async create(user, body, correlationId) {
      const decision = canAny(user, ['edit.create'], { tenant: user.tenant });
      if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.message);
      const at = new Date(now()).toISOString();
      const candidate = { schema: EDIT_SCHEMA_ID, id: randomUUID(), version: 1, status: 'draft', segments: [], annotations: [], createdBy: user.id, ...body, createdAt: at, updatedAt: at };
      // The shape first (it names a missing or mistyped assetId), then the rules against the asset.
      const shape = safeParseEdit(candidate);
      if (!shape.ok) throw invalidEdit(shape.issues);
      const result = safeParseEdit(candidate, await assetContext(user.tenant, shape.edit.assetId));
      if (!result.ok) throw invalidEdit(result.issues);
      const edit = result.edit;
      if (edit.status !== 'draft') throw new HttpError(400, 'invalid-edit', 'status: a new edit is a draft; it moves on through review actions.', 'status');
      if (edit.version !== 1) throw new HttpError(400, 'invalid-edit', 'version: a new edit is version 1.', 'version');
      if (edit.review) throw new HttpError(400, 'invalid-edit', 'review: is set by review actions, not on create.', 'review');
      if (edit.createdBy !== user.id) throw new HttpError(400, 'invalid-edit', `createdBy: must be you (${user.id}).`, 'createdBy');
      try {
        await edits.create(user.tenant, edit);
      } catch (error) {
        if (error instanceof EditExistsError) throw new HttpError(409, 'edit-exists', error.message, 'id');
        throw error;
      }
      await recorded(user, 'edit.create', edit, correlationId);
      return edit;
    },

    get: readable,

    async update(user, id, body, expectedVersion, correlationId) {
      const current = await readable(user, id);
      const version = expectedVersion ?? body['version'];
      if (typeof version !== 'number' || !Number.isSafeInteger(version)) {
        throw new HttpError(400, 'invalid-edit', 'version: send the version you edited (the edit\'s `version`, or an If-Match header).', 'version');
      }
      const context = await assetContext(user.tenant, current.assetId);
      const saved = await edits
        .update(
          user.tenant,
          id,
          (latest) => {
            checkEditable(user, latest);
            const next = parseChange(body, latest, context, user);
            return { ...next, version: latest.version };
          },
          version,
        )
        .catch((error: unknown) => {
          if (error instanceof VersionConflictError) throw new VersionConflictHttpError(error.message, error.currentVersion);
          throw error;
        });
      if (!saved) throw new HttpError(404, 'not-found', `No edit ${JSON.stringify(id)} in your tenant.`);
      await recorded(user, 'edit.update', saved.edit, correlationId);
      return saved.edit;
    },

    async list(user, filter) {
      const status = filter.status ?? undefined;
      if (status !== undefined && !(EDIT_STATUSES as readonly string[]).includes(status)) {
        throw new HttpError(400, 'invalid-query', `status: must be one of ${EDIT_STATUSES.join(', ')}.`, 'status');
      }
      const assignee = filter.assignee ?? undefined;
      const all = await edits.list(user.tenant);
      return all
        .filter((edit) => canAny(user, EDIT_READ_ACTIONS, accessResourceOfEdit(user.tenant, edit)).allowed)
        .filter((edit) => (status === undefined || edit.status === (status as EditStatus)) && (assignee === undefined || edit.review?.assignee === assignee))
        .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    },
  };
}

function checkEditable(user: User, edit: Edit): void {
  const decision = canAny(user, ['edit.update.own', 'edit.update.assigned'], accessResourceOfEdit(user.tenant, edit));
  if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.message);
  const editor = EDITABLE_BY[edit.status];
  const mayEdit = editor === 'author' ? edit.createdBy === user.id : editor === 'assignee' ? edit.review?.assignee === user.id : false;
  if (!mayEdit) {
    const who = editor === 'author' ? 'its author' : editor === 'assignee' ? 'the assigned specialist' : 'nobody: it changes through review actions only';
    throw new HttpError(409, 'not-editable', `The edit is ${edit.status}; it can be changed now by ${who}.`, 'status');
  }
}

/** The saved content: the body checked whole, with the fields that only the server or review actions set left as they are. */
function parseChange(body: Record<string, unknown>, current: Edit, context: EditContext, user: User): Edit {
  const candidate = { ...body, version: current.version, updatedAt: body['updatedAt'] ?? current.updatedAt };
  const result = safeParseEdit(candidate, context);
  if (!result.ok) throw invalidEdit(result.issues);
  const next = result.edit;
  for (const field of SERVER_SET_ON_UPDATE) {
    if (canonicalJson(next[field]) !== canonicalJson(current[field])) {
      const how = field === 'status' || field === 'review' ? 'changes through review actions' : 'cannot change';
      throw new HttpError(400, 'invalid-edit', `${field}: ${how}; send it as you read it.`, field);
    }
  }
  const known = new Set(current.annotations.map((annotation) => annotation.id));
  next.annotations.forEach((annotation, i) => {
    if (!known.has(annotation.id) && annotation.author !== user.id) {
      throw new HttpError(400, 'invalid-edit', `annotations[${i}].author: a new annotation's author must be you (${user.id}).`, `annotations[${i}].author`);
    }
  });
  return parseEdit(next, context);
}
