/**
 * Specialist: the inbox (`edits.list({ assignee: me })`); "Start review" (`reviews.start`) opens
 * the edit in `<clip-editor>` to adjust segments and add annotations (saved with `edits.update`),
 * then "Return with verdict" saves and sends it back (`reviews.returnToAuthor`); the workflow
 * renders and publishes it.
 */
import type { Edit } from '@surgery-video/client';
import type { ClipEditor } from '@surgery-video/editor';
import { createEditor } from './editor.js';
import { editTable, errorText, followEdits, formatWhen, h, mountedView, panel, rowButton, serialRefresh, statusBadge, statusLine, uid, viewContext, type MountedView, type MountOptions } from './view-kit.js';

export function mount(container: HTMLElement, options: MountOptions): MountedView {
  const ctx = viewContext(options);
  const { client, user } = ctx;
  const status = statusLine();
  const inbox = h('div', { dataset: { list: 'inbox' } });
  const workspace = h('div', { className: 'workspace' });
  const root = h(
    'section',
    { className: 'view view-specialist', dataset: { view: 'specialist' } },
    h('h2', {}, `Review inbox${user.specialty ? ` · ${user.specialty}` : ''}`),
    status.el,
    panel('Inbox', inbox),
    workspace,
  );
  container.append(root);

  function openReview(edit: Edit): ClipEditor {
    const editor = createEditor(ctx, status, { assetId: edit.assetId, editId: edit.id });
    editor.addEventListener('save', () => status.show('Review saved.'));

    const verdictId = uid('verdict');
    const verdict = h('textarea', { id: verdictId, name: 'verdict', rows: 3, required: true, maxLength: 2000 });
    const send = h('button', { type: 'submit' }, 'Return with verdict');
    const close = h('button', { type: 'button', className: 'secondary' }, 'Close');
    const form = h(
      'form',
      { className: 'verdict' },
      h('label', { htmlFor: verdictId }, 'Verdict for the author'),
      verdict,
      h('div', { className: 'actions' }, send, close),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = verdict.value.trim();
      if (!text) {
        status.show('Write a verdict before returning the edit.', true);
        verdict.focus();
        return;
      }
      send.disabled = true;
      try {
        if (editor.dirty) {
          const saved = await editor.save();
          if (!saved) return;
        }
        const returned = await client.reviews.returnToAuthor(edit.id, text);
        status.show(`"${returned.title}" returned to its author; it is published once rendered.`);
        workspace.replaceChildren();
      } catch (error) {
        status.show(errorText(error, 'The edit could not be returned'), true);
      } finally {
        send.disabled = false;
        void refresh();
      }
    });
    close.addEventListener('click', () => workspace.replaceChildren());

    const headingId = uid('review-title');
    const region = h(
      'section',
      { className: 'panel editor-region' },
      h('h3', { id: headingId }, `Reviewing "${edit.title}" by ${edit.createdBy}`),
      h('p', { className: 'hint' }, 'Adjust the segments and annotate mistakes, good practice, questions (M adds a note), Save, then return it with your verdict.'),
      editor,
      form,
    );
    region.setAttribute('aria-labelledby', headingId);
    workspace.replaceChildren(region);
    return editor;
  }

  async function startAndOpen(edit: Edit): Promise<void> {
    try {
      const started = edit.status === 'assigned' ? await client.reviews.start(edit.id) : edit;
      status.show(`Reviewing "${started.title}".`);
      openReview(started);
    } catch (error) {
      status.show(errorText(error, 'The review could not be started'), true);
    }
    await refresh();
  }

  async function load(): Promise<void> {
    let edits: Edit[];
    try {
      edits = await client.edits.list({ assignee: user.id });
    } catch (error) {
      status.show(errorText(error, 'The inbox could not be loaded'), true);
      return;
    }
    const order = ['in-review', 'assigned', 'returned', 'published'];
    edits.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || b.updatedAt.localeCompare(a.updatedAt));
    inbox.replaceChildren(
      editTable(
        'Inbox',
        ['Author', 'Case', 'Status', 'Assigned', 'Action'],
        edits,
        (edit) => {
          let action: HTMLElement | string = edit.review?.verdict ? `Verdict: ${edit.review.verdict}` : '';
          if (edit.status === 'assigned' || edit.status === 'in-review') {
            const start = edit.status === 'assigned';
            action = rowButton(start ? 'Start review' : 'Open', `${start ? 'Start review of' : 'Open'} ${edit.title}`, () => void startAndOpen(edit));
          }
          return [edit.createdBy, edit.assetId, statusBadge(edit.status), edit.review ? formatWhen(edit.updatedAt) : '', action];
        },
        'Nothing assigned to you.',
      ),
    );
  }

  const refresh = serialRefresh(load);
  return mountedView(root, refresh, followEdits(client, () => void refresh(), options.live ?? true));
}
