/**
 * Never losing work: saving through the API with the version read, a 409 answered by a choice
 * (never by overwriting), unsaved changes kept in the browser and offered back. The API is a
 * stand-in client here (the editor takes one as `client`), so each answer can be chosen.
 */
import { expect } from '@esm-bundle/chai';
import { ApiError, type Client, type Edit } from '@surgery-video/client';
import type { ClipEditorErrorEvent } from '../src/events/editor-events.js';
import { createEditor, removeEditors, waitFor } from './support/editor-stack.js';

const stored: Edit = {
  schema: 'surgery-video/edit@1',
  id: 'edit-saving-1',
  assetId: 'case-001',
  title: 'Saving',
  version: 3,
  status: 'draft',
  segments: [{ start: 1, end: 2 }],
  annotations: [],
  createdBy: 'trainee-1',
  createdAt: '2026-03-01T09:30:00Z',
  updatedAt: '2026-03-01T09:30:00Z',
};

/** A client whose `edits` answer from `server` (a map by id), with `update` scripted per call. */
function fakeClient(server: Map<string, Edit>, update: (edit: Edit, call: number) => Edit | Error): { client: Client; updates: Edit[] } {
  const updates: Edit[] = [];
  const client = {
    edits: {
      get: async (id: string) => {
        const edit = server.get(id);
        if (!edit) throw new ApiError(404, 'not-found', `no edit ${id}`);
        return edit;
      },
      create: async (edit: Edit) => edit,
      update: async (edit: Edit) => {
        updates.push(edit);
        const answer = update(edit, updates.length);
        if (answer instanceof Error) throw answer;
        server.set(answer.id, answer);
        return answer;
      },
    },
    reviews: { submit: async (id: string) => ({ ...server.get(id)!, status: 'submitted' }) },
  } as unknown as Client;
  return { client, updates };
}

function nextError(target: EventTarget): Promise<ClipEditorErrorEvent> {
  return new Promise((resolve) => target.addEventListener('error', (e) => resolve(e as unknown as ClipEditorErrorEvent), { once: true }));
}

describe('<clip-editor> saving', () => {
  afterEach(() => {
    removeEditors();
    localStorage.clear();
  });

  it('loads the Edit named by `edit` and saves it over the version it read', async () => {
    const server = new Map([[stored.id, stored]]);
    const { client, updates } = fakeClient(server, (edit) => ({ ...edit, version: edit.version + 1, updatedAt: '2026-03-01T10:00:00Z' }));
    const editor = await createEditor({ edit: stored.id }, { client });
    await waitFor(() => editor.value.id === stored.id, 'the Edit to load');
    editor.addSegment(5, 6);
    const saved = await editor.save();
    expect(updates[0]!.version).to.equal(3);
    expect(saved!.version).to.equal(4);
    expect(editor.value.version).to.equal(4);
    editor.undo();
    expect(editor.value.version, 'an undo after a save keeps the saved version').to.equal(4);
    expect(editor.dirty).to.equal(true);
  });

  it('never overwrites a newer version: a 409 offers keep mine or take theirs', async () => {
    const theirs: Edit = { ...stored, version: 4, title: 'Changed elsewhere', segments: [{ start: 8, end: 9 }] };
    const server = new Map([[stored.id, stored]]);
    const { client, updates } = fakeClient(server, (edit, call) => {
      if (call === 1) {
        server.set(stored.id, theirs);
        return new ApiError(409, 'version-conflict', 'stale version');
      }
      return { ...edit, version: edit.version + 1 };
    });
    const editor = await createEditor({ edit: stored.id }, { client });
    await waitFor(() => editor.value.id === stored.id, 'the Edit to load');
    editor.addSegment(5, 6);
    const mine = editor.value;
    const error = nextError(editor);
    expect(await editor.save()).to.equal(undefined);
    expect((await error).detail.code).to.equal('version-conflict');
    expect(editor.value, 'mine is kept').to.equal(mine);
    await editor.updateComplete;
    const dialog = editor.shadowRoot!.querySelector('[part="conflict"]')!;
    expect(dialog.textContent).to.contain('Nothing was');
    const buttons = [...dialog.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal(['Keep mine', 'Take theirs']);

    buttons[1]!.click();
    await editor.updateComplete;
    expect(editor.value).to.deep.equal(theirs);
    expect(editor.undo()!.segments, 'taking theirs can be undone').to.deep.equal(mine.segments);
    expect(updates).to.have.length(1);
  });

  it('keep mine saves mine over the newer version, knowingly', async () => {
    const theirs: Edit = { ...stored, version: 4, title: 'Changed elsewhere' };
    const server = new Map([[stored.id, stored]]);
    const { client, updates } = fakeClient(server, (edit, call) => {
      if (call === 1) {
        server.set(stored.id, theirs);
        return new ApiError(409, 'version-conflict', 'stale version');
      }
      return { ...edit, version: edit.version + 1 };
    });
    const editor = await createEditor({ edit: stored.id }, { client });
    await waitFor(() => editor.value.id === stored.id, 'the Edit to load');
    editor.addSegment(5, 6);
    await editor.save();
    await editor.updateComplete;
    const keep = editor.shadowRoot!.querySelector<HTMLButtonElement>('[part="conflict"] button')!;
    keep.click();
    await waitFor(() => updates.length === 2, 'the second save');
    expect(updates[1]!.version).to.equal(4);
    expect(updates[1]!.segments).to.deep.equal([{ start: 1, end: 2 }, { start: 5, end: 6 }]);
    await waitFor(() => editor.value.version === 5, 'the saved version');
    expect(editor.dirty).to.equal(false);
  });

  it('keeps unsaved changes in the browser and offers them back after a reload', async () => {
    const server = new Map([[stored.id, stored]]);
    const offline = () => new ApiError(0, 'network-error', 'offline');
    const first = await createEditor({ edit: stored.id }, { client: fakeClient(server, offline).client });
    await waitFor(() => first.value.id === stored.id, 'the Edit to load');
    first.addSegment(20, 30);
    const unsaved = first.value;
    removeEditors();

    const editor = await createEditor({ edit: stored.id }, { client: fakeClient(server, offline).client });
    await waitFor(() => editor.value.id === stored.id, 'the Edit to load');
    await editor.updateComplete;
    expect(editor.value).to.deep.equal(stored);
    const offer = editor.shadowRoot!.querySelector('[part="draft-offer"]')!;
    expect(offer.textContent).to.contain('Unsaved changes');
    offer.querySelector<HTMLButtonElement>('button')!.click();
    await editor.updateComplete;
    expect(editor.value).to.deep.equal(unsaved);
    expect(editor.shadowRoot!.querySelector('[part="draft-offer"]')).to.equal(null);
  });
});
