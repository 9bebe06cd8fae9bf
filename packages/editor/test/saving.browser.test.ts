/**
 * Never losing work, against the local stack's real edits API: the first save creates the Edit,
 * later saves go over the version read, a 409 (produced by a second client saving the same Edit
 * first) is answered by a choice and never by overwriting, submitting moves the Edit to review,
 * and unsaved changes kept in the browser are offered back. The server's state is read back with
 * a second client of the same user.
 */
import { expect } from '@esm-bundle/chai';
import { createClient, requestDevToken, type Client, type Edit } from '@surgery-video/client';
import type { ClipEditorErrorEvent } from '../src/events/editor-events.js';
import type { ClipEditor } from '../src/editor.component.js';
import { createEditor, removeEditors, stackUrl, waitFor } from './support/editor-stack.js';

const USER = 'trainee-1';

/** A client of the stack's API signed in as USER: "another tab" of the same user. */
async function otherClient(): Promise<Client> {
  return createClient({ baseUrl: stackUrl, token: await requestDevToken(stackUrl, USER) });
}

/** A draft Edit of case-001 created on the server (a fresh id each time: the stack's data persists). */
function createStored(client: Client): Promise<Edit> {
  return client.edits.create({ assetId: 'case-001', title: 'Saving', segments: [{ start: 1, end: 2 }] });
}

/** An editor showing the stored Edit `id`, loaded through its own `api` + `token`. */
async function editorOf(id: string): Promise<ClipEditor> {
  const editor = await createEditor({ edit: id, author: USER });
  await waitFor(() => editor.value.id === id, 'the Edit to load');
  await editor.updateComplete;
  return editor;
}

function nextError(target: EventTarget): Promise<ClipEditorErrorEvent> {
  return new Promise((resolve) => target.addEventListener('error', (e) => resolve(e as unknown as ClipEditorErrorEvent), { once: true }));
}

/** Saves `stored` from the other client first, so the editor's version is stale; returns theirs. */
function saveElsewhere(client: Client, stored: Edit): Promise<Edit> {
  return client.edits.update({ ...stored, title: 'Changed elsewhere', segments: [{ start: 8, end: 9 }] });
}

describe('<clip-editor> saving', () => {
  let server: Client;

  before(async () => {
    server = await otherClient();
  });

  afterEach(() => {
    removeEditors();
    localStorage.clear();
  });

  it('creates the Edit on the first save and saves over the version read afterwards', async () => {
    const editor = await createEditor({ author: USER });
    editor.addSegment(1, 2);
    const created = await editor.save();
    expect(created, 'the first save creates the Edit').to.not.equal(undefined);
    expect(created!.id).to.equal(editor.value.id);
    expect(created!.version).to.equal(1);
    expect(await server.edits.get(created!.id)).to.deep.equal(created);
    expect(editor.value).to.deep.equal(created);
    expect(editor.dirty).to.equal(false);

    editor.addSegment(5, 6);
    const updated = await editor.save();
    expect(updated!.version).to.equal(2);
    expect(await server.edits.get(created!.id)).to.deep.equal(updated);
    expect(updated!.segments).to.deep.equal([{ start: 1, end: 2 }, { start: 5, end: 6 }]);

    editor.undo();
    expect(editor.value.version, 'an undo after a save keeps the saved version').to.equal(2);
    expect(editor.dirty).to.equal(true);
    const undone = await editor.save();
    expect(undone!.version).to.equal(3);
    expect((await server.edits.get(created!.id)).segments).to.deep.equal([{ start: 1, end: 2 }]);
    expect(editor.dirty).to.equal(false);
  });

  it('loads the Edit named by `edit` and saves it over the version it read', async () => {
    const stored = await createStored(server);
    const editor = await editorOf(stored.id);
    expect(editor.value).to.deep.equal(await server.edits.get(stored.id));
    expect(editor.dirty).to.equal(false);

    editor.addSegment(5, 6);
    const saved = await editor.save();
    expect(saved!.version).to.equal(stored.version + 1);
    expect(editor.value.version).to.equal(saved!.version);
    const onServer = await server.edits.get(stored.id);
    expect(onServer).to.deep.equal(saved);
    expect(onServer.segments).to.deep.equal([{ start: 1, end: 2 }, { start: 5, end: 6 }]);
  });

  it('saves a loaded Edit by itself a moment after a change', async () => {
    const stored = await createStored(server);
    const editor = await editorOf(stored.id);
    editor.addSegment(5, 6);
    let onServer = stored;
    const start = performance.now();
    while (onServer.version === stored.version) {
      if (performance.now() - start > 10_000) throw new Error('timed out waiting for the autosave');
      await new Promise((resolve) => setTimeout(resolve, 200));
      onServer = await server.edits.get(stored.id);
    }
    expect(onServer.version).to.equal(stored.version + 1);
    expect(onServer.segments).to.deep.equal([{ start: 1, end: 2 }, { start: 5, end: 6 }]);
    await waitFor(() => !editor.dirty, 'the editor to take the saved version');
    expect(editor.value).to.deep.equal(await server.edits.get(stored.id));
  });

  it('never overwrites a newer version: a 409 offers keep mine or take theirs', async () => {
    const stored = await createStored(server);
    const editor = await editorOf(stored.id);
    const theirs = await saveElsewhere(server, stored);
    expect(theirs.version).to.equal(stored.version + 1);

    editor.addSegment(5, 6);
    const mine = editor.value;
    const error = nextError(editor);
    expect(await editor.save()).to.equal(undefined);
    expect((await error).detail.code).to.equal('version-conflict');
    expect(editor.value, 'mine is kept').to.equal(mine);
    expect(await server.edits.get(stored.id), 'theirs is not overwritten').to.deep.equal(theirs);
    await editor.updateComplete;
    const dialog = editor.shadowRoot!.querySelector('[part="conflict"]')!;
    expect(dialog.textContent).to.contain('Nothing was');
    expect(dialog.textContent).to.contain(`version ${theirs.version}`);
    const buttons = [...dialog.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal(['Keep mine', 'Take theirs']);

    buttons[1]!.click();
    await editor.updateComplete;
    expect(editor.value).to.deep.equal(theirs);
    expect(editor.dirty).to.equal(false);
    expect(editor.shadowRoot!.querySelector('[part="conflict"]')).to.equal(null);
    expect(await server.edits.get(stored.id), 'taking theirs writes nothing').to.deep.equal(theirs);
    expect(editor.undo()!.segments, 'taking theirs can be undone').to.deep.equal(mine.segments);
  });

  it('keep mine saves mine over the newer version, knowingly', async () => {
    const stored = await createStored(server);
    const editor = await editorOf(stored.id);
    const theirs = await saveElsewhere(server, stored);

    editor.addSegment(5, 6);
    expect(await editor.save()).to.equal(undefined);
    await editor.updateComplete;
    expect(await server.edits.get(stored.id)).to.deep.equal(theirs);
    const keep = editor.shadowRoot!.querySelector<HTMLButtonElement>('[part="conflict"] button')!;
    expect(keep.textContent!.trim()).to.equal('Keep mine');
    keep.click();
    await waitFor(() => editor.value.version === theirs.version + 1 && !editor.dirty, 'mine to be saved over theirs');
    const onServer = await server.edits.get(stored.id);
    expect(onServer.version).to.equal(theirs.version + 1);
    expect(onServer.title).to.equal('Saving');
    expect(onServer.segments).to.deep.equal([{ start: 1, end: 2 }, { start: 5, end: 6 }]);
    expect(editor.value).to.deep.equal(onServer);
    expect(editor.shadowRoot!.querySelector('[part="conflict"]')).to.equal(null);
  });

  it('submit saves and sends the Edit for review', async () => {
    // The editor's `client` property, here a real client of the stack.
    const editor = await createEditor({ author: USER }, { client: await otherClient() });
    editor.addSegment(3, 4);
    const submitted = await editor.submit();
    expect(submitted!.status).to.equal('submitted');
    const onServer = await server.edits.get(editor.value.id);
    expect(onServer.status).to.equal('submitted');
    expect(onServer.segments).to.deep.equal([{ start: 3, end: 4 }]);
    expect(editor.value).to.deep.equal(onServer);
    expect(editor.dirty).to.equal(false);
  });

  it('keeps unsaved changes in the browser and offers them back after a reload', async () => {
    const stored = await createStored(server);
    const first = await editorOf(stored.id);
    first.addSegment(20, 30);
    const unsaved = first.value;
    // Gone before the autosave: the change exists only in this browser.
    removeEditors();
    expect(await server.edits.get(stored.id)).to.deep.equal(stored);

    const editor = await editorOf(stored.id);
    expect(editor.value).to.deep.equal(stored);
    const offer = editor.shadowRoot!.querySelector('[part="draft-offer"]')!;
    expect(offer.textContent).to.contain('Unsaved changes');
    offer.querySelector<HTMLButtonElement>('button')!.click();
    await editor.updateComplete;
    expect(editor.value).to.deep.equal(unsaved);
    expect(editor.shadowRoot!.querySelector('[part="draft-offer"]')).to.equal(null);
    const saved = await editor.save();
    expect((await server.edits.get(stored.id)).segments).to.deep.equal(saved!.segments);
    expect(saved!.segments).to.deep.equal([{ start: 1, end: 2 }, { start: 20, end: 30 }]);
  });
});
