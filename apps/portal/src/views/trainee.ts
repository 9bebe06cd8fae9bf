/**
 * Trainee: pick a case and cut it in `<clip-editor>` (its first save creates the Edit with
 * `edits.create`, later saves `edits.update`), then Submit for review; "My edits" follows each
 * edit's status and verdict; "Published reviews" plays a published edit in `<surgery-player>`
 * with `edit` set, so only its segments play, with its annotations.
 */
import { createEdit, type Asset, type Edit } from '@surgery-video/client';
import type { ClipEditor } from '@surgery-video/editor';
import { createEditor } from './editor.js';
import { createStage } from './stage.js';
import { editTable, errorText, followEdits, formatWhen, h, mountedView, newEditId, panel, rowButton, serialRefresh, statusBadge, statusLine, uid, viewContext, type MountedView, type MountOptions } from './view-kit.js';

export function mount(container: HTMLElement, options: MountOptions): MountedView {
  const ctx = viewContext(options);
  const { client, user } = ctx;
  const status = statusLine();
  let assets: Asset[] = [];

  // --- New edit --------------------------------------------------------------------------------
  const caseId = uid('case');
  const titleId = uid('title');
  const caseSelect = h('select', { id: caseId, name: 'case', required: true });
  const titleInput = h('input', { id: titleId, name: 'title', type: 'text', required: true, maxLength: 200, value: '' });
  titleInput.placeholder = 'e.g. Port placement';
  const openButton = h('button', { type: 'submit' }, 'Open editor');
  const form = h(
    'form',
    { className: 'new-edit' },
    h('div', { className: 'field' }, h('label', { htmlFor: caseId }, 'Case'), caseSelect),
    h('div', { className: 'field grow' }, h('label', { htmlFor: titleId }, 'Title'), titleInput),
    openButton,
  );
  const workspace = h('div', { className: 'workspace' });
  const editorHeadingId = uid('editor-title');
  const newSection = panel('New edit', form, workspace);

  // --- Lists -----------------------------------------------------------------------------------
  const mine = h('div', { dataset: { list: 'my-edits' } });
  const published = h('div', { dataset: { list: 'published' } });
  const stage = createStage(ctx, 'Pick a published review to watch');
  const root = h(
    'section',
    { className: 'view view-trainee', dataset: { view: 'trainee' } },
    h('h2', {}, 'Learn from reviews'),
    status.el,
    newSection,
    panel('My edits', mine),
    panel('Published reviews', published, stage.el),
  );
  container.append(root);

  function openEditor(target: { assetId: string; title?: string; editId?: string }): ClipEditor {
    const editor = createEditor(ctx, status, target);
    editor.addEventListener('save', () => {
      status.show('Saved.');
      void refresh();
    });
    editor.addEventListener('submit', () => {
      status.show('Sent for review. An admin will assign a specialist.');
      workspace.replaceChildren();
      void refresh();
    });
    const close = h('button', { type: 'button', className: 'secondary' }, 'Close editor');
    close.addEventListener('click', () => {
      workspace.replaceChildren();
      void refresh();
    });
    const heading = h('h4', { id: editorHeadingId }, target.editId ? 'Editing your draft' : `New edit of ${assets.find((a) => a.id === target.assetId)?.title ?? target.assetId}`);
    const help = h('p', { className: 'hint' }, 'Mark in (I) and out (O) points, add notes (M), Save, then Submit for review.');
    const region = h('div', { className: 'editor-region' }, heading, help, editor, h('div', { className: 'actions' }, close));
    region.setAttribute('role', 'region');
    region.setAttribute('aria-labelledby', editorHeadingId);
    workspace.replaceChildren(region);
    // A new Edit carries the title typed above; its first save creates it (`edits.create`).
    if (!target.editId) editor.value = createEdit({ id: newEditId(), assetId: target.assetId, title: target.title || 'Untitled edit', createdBy: user.id, now: new Date() });
    return editor;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!caseSelect.value) return;
    openEditor({ assetId: caseSelect.value, title: titleInput.value.trim() });
    status.show('Editor open. Saving creates the edit.');
  });

  function caseTitle(edit: Edit): string {
    return assets.find((a) => a.id === edit.assetId)?.title ?? edit.assetId;
  }

  async function watch(edit: Edit): Promise<void> {
    try {
      const full = await client.edits.get(edit.id);
      stage.play({ kind: 'asset', id: full.assetId, title: full.title, edit: full });
    } catch (error) {
      status.show(errorText(error, 'The review could not be opened'), true);
    }
  }

  async function load(): Promise<void> {
    let edits: Edit[];
    try {
      if (assets.length === 0) {
        assets = await client.assets.list();
        caseSelect.replaceChildren(...assets.map((a) => h('option', { value: a.id }, a.title)));
        openButton.disabled = assets.length === 0;
      }
      edits = await client.edits.list();
    } catch (error) {
      status.show(errorText(error, 'Your edits could not be loaded'), true);
      return;
    }
    const own = edits.filter((e) => e.createdBy === user.id).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    const pub = edits.filter((e) => e.status === 'published').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    mine.replaceChildren(
      editTable(
        'My edits',
        ['Case', 'Status', 'Updated', 'Verdict / action'],
        own,
        (edit) => {
          let action: HTMLElement | string = edit.review?.verdict ?? '';
          if (edit.status === 'draft') action = rowButton('Open', `Open ${edit.title}`, () => openEditor({ assetId: edit.assetId, editId: edit.id }), 'secondary');
          return [caseTitle(edit), statusBadge(edit.status), formatWhen(edit.updatedAt), action];
        },
        'No edits yet: open a case above.',
      ),
    );
    published.replaceChildren(
      editTable(
        'Published reviews',
        ['Case', 'Author', 'Verdict', 'Watch'],
        pub,
        (edit) => [caseTitle(edit), edit.createdBy, edit.review?.verdict ?? '', rowButton('Watch', `Watch ${edit.title}`, () => void watch(edit))],
        'No published reviews yet.',
      ),
    );
  }

  const refresh = serialRefresh(load);
  return mountedView(root, refresh, followEdits(client, () => void refresh(), options.live ?? true));
}
