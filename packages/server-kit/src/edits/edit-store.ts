/**
 * Edits as objects, `tenants/<tenant>/edits/<id>.json` (ids only in keys), with optimistic
 * concurrency on the store's own conditional writes.
 *
 * Every write makes a new version (`version + 1`). A writer says which version it read; the write
 * is a `put` with `ifMatch` on the etag of that read, so of two saves over the same version exactly
 * one lands and the other gets a VersionConflictError carrying the version that won. Creation is
 * `ifNoneMatch: '*'`: an id is never taken twice.
 */
import { parseEdit, type Edit } from '@surgery-video/client';
import { getJson, PreconditionFailedError, putJson, type ObjectStore } from '../storage/object-store.js';

export interface StoredEdit {
  edit: Edit;
  etag: string;
}

/** The edit changed since the caller read it. Recoverable: read it again, redo the change. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  readonly code = 'version-conflict';

  constructor(
    readonly editId: string,
    readonly currentVersion: number,
    readonly sentVersion: number | undefined,
  ) {
    super(
      sentVersion === undefined
        ? `Edit ${editId} changed while it was being saved; it is now at version ${currentVersion}.`
        : `Edit ${editId} is at version ${currentVersion}; this save was based on version ${sentVersion}. Load version ${currentVersion}, apply the change again and save.`,
    );
  }
}

export class EditExistsError extends Error {
  override readonly name = 'EditExistsError';
  readonly code = 'edit-exists';

  constructor(readonly editId: string) {
    super(`An edit with id ${editId} already exists.`);
  }
}

/** A change to an edit: returns the next edit (its version and updatedAt are set by the store). */
export type EditChange = (current: Edit) => Edit | Promise<Edit>;

export interface EditStore {
  get(tenant: string, id: string): Promise<StoredEdit | undefined>;
  create(tenant: string, edit: Edit): Promise<StoredEdit>;
  /**
   * Applies `change` to the current edit and saves it as the next version. With `expectedVersion`,
   * a current version other than it, or a concurrent save, is a VersionConflictError. Without it
   * (workflow steps, whose change re-checks the status), a concurrent save makes it read and retry.
   * Returns `undefined` when there is no such edit.
   */
  update(tenant: string, id: string, change: EditChange, expectedVersion?: number): Promise<StoredEdit | undefined>;
  list(tenant: string): Promise<Edit[]>;
}

const MAX_RETRIES = 16;

export function editKey(tenant: string, id: string): string {
  return `${editPrefix(tenant)}${id}.json`;
}

export function editPrefix(tenant: string): string {
  return `tenants/${tenant}/edits/`;
}

export function createEditStore(store: ObjectStore, now: () => number = Date.now): EditStore {
  const read = (tenant: string, id: string) => getJson(store, editKey(tenant, id), (value) => parseEdit(value));

  async function get(tenant: string, id: string): Promise<StoredEdit | undefined> {
    const found = await read(tenant, id);
    return found && { edit: found.value, etag: found.etag };
  }

  async function create(tenant: string, edit: Edit): Promise<StoredEdit> {
    try {
      const { etag } = await putJson(store, editKey(tenant, edit.id), edit, { ifNoneMatch: '*' });
      return { edit, etag };
    } catch (error) {
      if (error instanceof PreconditionFailedError) throw new EditExistsError(edit.id);
      throw error;
    }
  }

  async function update(tenant: string, id: string, change: EditChange, expectedVersion?: number): Promise<StoredEdit | undefined> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await get(tenant, id);
      if (!current) return undefined;
      if (expectedVersion !== undefined && current.edit.version !== expectedVersion) {
        throw new VersionConflictError(id, current.edit.version, expectedVersion);
      }
      const changed = await change(current.edit);
      const next: Edit = { ...changed, version: current.edit.version + 1, updatedAt: new Date(now()).toISOString() };
      try {
        const { etag } = await putJson(store, editKey(tenant, id), next, { ifMatch: current.etag });
        return { edit: next, etag };
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
        if (expectedVersion !== undefined) {
          const winner = await get(tenant, id);
          throw new VersionConflictError(id, winner?.edit.version ?? current.edit.version + 1, expectedVersion);
        }
      }
    }
    throw new Error(`edits: could not save edit ${id} after ${MAX_RETRIES} attempts; other writers kept winning.`);
  }

  async function list(tenant: string): Promise<Edit[]> {
    const prefix = editPrefix(tenant);
    const edits: Edit[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(prefix, cursor ? { cursor } : {});
      cursor = page.cursor;
      const keys = page.items.map((item) => item.key).filter((key) => key.endsWith('.json') && !key.slice(prefix.length).includes('/'));
      const loaded = await Promise.all(keys.map((key) => getJson(store, key, (value) => parseEdit(value))));
      for (const found of loaded) if (found) edits.push(found.value);
    } while (cursor);
    return edits;
  }

  return { get, create, update, list };
}
