/**
 * Never losing work: loading the Edit named by `edit`, saving (create the first time, then update
 * over the version read), autosaving a loaded Edit a moment after each change, keeping unsaved
 * changes in the browser (and offering them back), and answering a version conflict (409) with a
 * choice, never by overwriting.
 */
import type { ReactiveController } from 'lit';
import { Task } from '@lit/task';
import { ApiError, createClient, type Client, type Edit } from '@surgery-video/client';
import { clearDraft, readDraft, writeDraft } from '../drafts/draft-store.js';
import type { EditSession } from '../editing/edit-session.js';
import { ClipSaveEvent, ClipSubmitEvent, type ClipEditorErrorDetail } from '../events/editor-events.js';
import { createHistory, rebase, record } from '../history/edit-history.js';
import type { EditorPort } from '../internal/editor-port.js';

export const AUTOSAVE_DELAY_MS = 2000;

export class SaveController implements ReactiveController {
  /** The Edit as last saved (or loaded): what "unsaved" is measured against. */
  #saved: Edit | undefined;
  /** The Edit exists on the server (loaded, or created by a save). */
  #remote = false;
  #autosave: ReturnType<typeof setTimeout> | undefined;

  readonly #load: Task<readonly [string | undefined, string | undefined, Client | undefined], Edit | undefined>;

  /** Create it first among the element's fields: its load Task is then the first controller, as it always was. */
  constructor(
    private readonly port: EditorPort,
    private readonly session: EditSession,
  ) {
    const host = port.host;
    this.#load = new Task(host, {
      args: () => [host.editId, host.api, host.client] as const,
      task: async ([id]) => {
        const client = this.client();
        if (!id || !client) return undefined;
        try {
          const edit = await client.edits.get(id);
          this.adopt(edit, true);
          return edit;
        } catch (cause) {
          port.report(apiErrorDetail(cause, `The Edit "${id}" could not be loaded`));
          throw cause;
        }
      },
    });
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#autosave);
  }

  /** True when the value has changes that are not saved. */
  get dirty(): boolean {
    const history = this.port.state.history;
    return history !== undefined && history.present !== this.#saved;
  }

  /** The API client: the element's `client`, or one made from `api` and the token. */
  client(): Client | undefined {
    const host = this.port.host;
    if (host.client) return host.client;
    if (!host.api) return undefined;
    return createClient({ baseUrl: new URL(host.api, location.href).href, token: host.token, getToken: host.getToken });
  }

  /** Takes `edit` as the value, with a fresh history (`fromServer`: it is saved as it is). */
  adopt(edit: Edit, fromServer: boolean): void {
    const state = this.port.state;
    state.history = createHistory(edit);
    state.pendingIn = undefined;
    state.conflict = undefined;
    if (fromServer) {
      this.#remote = true;
      this.#saved = edit;
      const draft = readDraft(edit.id);
      state.draftOffer = draft && JSON.stringify(draft.edit) !== JSON.stringify(edit) ? draft : undefined;
    } else {
      this.#saved = undefined;
    }
  }

  /** After a change of the value: keep it in the browser until saved, and autosave a loaded Edit. */
  keep(edit: Edit): void {
    if (this.dirty) writeDraft(edit);
    else clearDraft(edit.id);
    if (this.#remote && this.dirty) {
      clearTimeout(this.#autosave);
      // Not while a conflict waits for the user's choice: that would only ask again.
      this.#autosave = setTimeout(() => void (this.port.state.conflict ? undefined : this.port.host.save()), AUTOSAVE_DELAY_MS);
    }
  }

  async save(): Promise<Edit | undefined> {
    const { host, state } = this.port;
    clearTimeout(this.#autosave);
    const edit = this.session.present();
    const client = this.client();
    if (!client) {
      this.#markSaved(edit, edit);
      host.dispatchEvent(new ClipSaveEvent(edit));
      return edit;
    }
    state.busy = true;
    try {
      const stored = this.#remote ? await client.edits.update(edit) : await client.edits.create(edit);
      this.#remote = true;
      this.#markSaved(edit, stored);
      this.port.announce('Saved');
      host.dispatchEvent(new ClipSaveEvent(stored));
      return stored;
    } catch (cause) {
      if (cause instanceof ApiError && cause.code === 'version-conflict') {
        await this.#offerConflict(client, edit, cause);
      } else {
        this.port.report(apiErrorDetail(cause, 'The Edit could not be saved; your changes are kept in this browser'));
      }
      return undefined;
    } finally {
      state.busy = false;
    }
  }

  async submit(): Promise<Edit | undefined> {
    const host = this.port.host;
    this.session.assertEditable('submit');
    const client = this.client();
    if (!client) {
      const edit = this.session.present();
      host.dispatchEvent(new ClipSubmitEvent(edit));
      return edit;
    }
    const saved = await host.save();
    if (!saved) return undefined;
    try {
      const submitted = await client.reviews.submit(saved.id);
      this.#markSaved(this.session.present(), submitted);
      this.port.announce('Sent for review');
      host.dispatchEvent(new ClipSubmitEvent(submitted));
      return submitted;
    } catch (cause) {
      this.port.report(apiErrorDetail(cause, 'The Edit could not be sent for review'));
      return undefined;
    }
  }

  /** The user's answer to a version conflict. */
  async resolveConflict(choice: 'mine' | 'theirs'): Promise<void> {
    const state = this.port.state;
    const conflict = state.conflict;
    if (!conflict || !state.history) return;
    state.conflict = undefined;
    if (choice === 'theirs') {
      // Undoable: "take theirs" by mistake gives mine back with Ctrl+Z.
      state.history = record(rebase(state.history, (edit) => ({ ...edit, version: conflict.theirs.version })), conflict.theirs, 'Take the version saved elsewhere');
      this.#saved = conflict.theirs;
      this.session.changed('Took the version saved elsewhere');
      return;
    }
    state.history = rebase(state.history, (edit) => ({ ...edit, version: conflict.theirs.version }));
    await this.port.host.save();
  }

  /** The user's answer to the offer of unsaved changes kept in this browser. */
  restoreDraft(restore: boolean): void {
    const state = this.port.state;
    const offer = state.draftOffer;
    state.draftOffer = undefined;
    if (!offer || !state.history) return;
    if (!restore) {
      clearDraft(offer.edit.id);
      return;
    }
    state.history = record(state.history, offer.edit, 'Restore unsaved changes');
    this.session.changed('Restored unsaved changes');
  }

  #markSaved(sent: Edit, stored: Edit): void {
    const state = this.port.state;
    if (!state.history) return;
    // The version and times are the server's facts: every state of the history takes them, so an
    // undo after a save is saved over the right version.
    const facts = { version: stored.version, updatedAt: stored.updatedAt, status: stored.status };
    const unchanged = state.history.present === sent;
    state.history = rebase(state.history, (edit) => (edit === sent && unchanged ? stored : { ...edit, ...facts }));
    if (unchanged) {
      this.#saved = state.history.present;
      clearDraft(stored.id);
    } else {
      writeDraft(state.history.present);
    }
  }

  async #offerConflict(client: Client, mine: Edit, cause: ApiError): Promise<void> {
    try {
      const theirs = await client.edits.get(mine.id);
      this.port.state.conflict = { mine, theirs };
    } catch {
      // Theirs cannot be read: say so; the user's work stays as it is.
    }
    writeDraft(this.session.present());
    this.port.report({
      code: 'version-conflict',
      message: 'This Edit was changed elsewhere since you opened it; nothing was overwritten. Choose to keep your version or take theirs.',
      fatal: false,
      cause,
    });
  }
}

function apiErrorDetail(cause: unknown, what: string): ClipEditorErrorDetail {
  const api = cause instanceof ApiError ? cause : undefined;
  return {
    code: 'api-error',
    message: `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    field: api?.field,
    fatal: false,
    cause,
  };
}
