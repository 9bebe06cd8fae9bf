/**
 * Admin: the review queue (`edits.list({ status: 'submitted' })`), each edit with an "Assign to"
 * select of the tenant's specialists (by specialty) → `reviews.assign`, or "Send back" →
 * `reviews.reject`; and every edit of the tenant with its status and assignee.
 */
import type { Edit, User } from '@surgery-video/client';
import { editTable, errorText, followEdits, formatWhen, h, mountedView, panel, rowButton, serialRefresh, statusBadge, statusLine, uid, viewContext, type MountedView, type MountOptions } from './view-kit.js';

/** The specialists an admin can assign. The demo reads the dev users; a real portal has its own directory. */
export async function listSpecialists(baseUrl: string, tenant: string): Promise<User[]> {
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/v1/dev/users`);
  if (!response.ok) throw new Error(`GET /dev/users answered HTTP ${response.status}`);
  const { items } = (await response.json()) as { items: User[] };
  return items.filter((u) => u.tenant === tenant && u.roles.includes('specialist'));
}

export function mount(container: HTMLElement, options: MountOptions): MountedView {
  const ctx = viewContext(options);
  const { client, user } = ctx;
  const status = statusLine();
  const queue = h('div', { dataset: { list: 'queue' } });
  const all = h('div', { dataset: { list: 'all-edits' } });
  let specialists: User[] = [];
  const nameOf = (id: string | undefined) => (id ? (specialists.find((s) => s.id === id)?.name ?? id) : '');

  const root = h(
    'section',
    { className: 'view view-admin', dataset: { view: 'admin' } },
    h('h2', {}, 'Review administration'),
    status.el,
    panel('Review queue', h('p', { className: 'hint' }, 'Submitted edits wait here for a specialist.'), queue),
    panel('All edits', all),
  );
  container.append(root);

  function assignCell(edit: Edit): HTMLElement {
    const selectId = uid('assign');
    const select = h('select', { id: selectId, name: 'specialist' }, ...specialists.map((s) => h('option', { value: s.id }, `${s.name} — ${s.specialty ?? 'no specialty'}`)));
    const assign = h('button', { type: 'button', disabled: specialists.length === 0 }, 'Assign');
    assign.addEventListener('click', async () => {
      assign.disabled = true;
      try {
        const updated = await client.reviews.assign(edit.id, select.value);
        status.show(`"${updated.title}" assigned to ${nameOf(select.value)}.`);
      } catch (error) {
        status.show(errorText(error, 'The edit could not be assigned'), true);
      }
      await refresh();
    });
    const reject = rowButton(
      'Send back',
      `Send ${edit.title} back to its author`,
      async () => {
        try {
          await client.reviews.reject(edit.id);
          status.show(`"${edit.title}" sent back to its author as a draft.`);
        } catch (error) {
          status.show(errorText(error, 'The edit could not be sent back'), true);
        }
        await refresh();
      },
      'secondary',
    );
    return h('div', { className: 'assign' }, h('label', { htmlFor: selectId, className: 'visually-hidden' }, `Assign "${edit.title}" to`), select, assign, reject);
  }

  async function load(): Promise<void> {
    let submitted: Edit[];
    let edits: Edit[];
    try {
      if (specialists.length === 0) {
        specialists = await listSpecialists(ctx.baseUrl, user.tenant).catch(() => []);
        if (specialists.length === 0) status.show('No specialists to assign in this tenant.', true);
      }
      [submitted, edits] = await Promise.all([client.edits.list({ status: 'submitted' }), client.edits.list()]);
    } catch (error) {
      status.show(errorText(error, 'The review queue could not be loaded'), true);
      return;
    }
    const byDate = (a: Edit, b: Edit) => b.updatedAt.localeCompare(a.updatedAt);
    queue.replaceChildren(
      editTable('Review queue', ['Author', 'Case', 'Submitted', 'Assign'], submitted.sort(byDate), (edit) => [edit.createdBy, edit.assetId, formatWhen(edit.updatedAt), assignCell(edit)], 'The queue is empty.'),
    );
    all.replaceChildren(
      editTable('All edits', ['Author', 'Case', 'Status', 'Specialist', 'Updated'], edits.sort(byDate), (edit) => [edit.createdBy, edit.assetId, statusBadge(edit.status), nameOf(edit.review?.assignee), formatWhen(edit.updatedAt)], 'No edits in this tenant yet.'),
    );
  }

  const refresh = serialRefresh(load);
  return mountedView(root, refresh, followEdits(client, () => void refresh(), options.live ?? true));
}
