/**
 * Admin: the review queue (`edits.list({ status: 'submitted' })`), each edit with an "Assign to"
 * select of the tenant's specialists for the case's specialty (`specialists.list()`, the API's
 * own directory) → `reviews.assign`, or "Send back" → `reviews.reject`; and every edit of the
 * tenant with its status and assignee.
 *
 * The API lists ids, roles and specialty only; names are the portal's own (`userNames`). The demo
 * portal's names are the embedded stack's dev users; elsewhere, without `userNames`, ids are shown.
 */
import type { Asset, Edit, Specialist } from '@surgery-video/client';
import { editTable, errorText, followEdits, formatWhen, h, mountedView, panel, rowButton, serialRefresh, statusBadge, statusLine, uid, viewContext, type MountedView, type MountOptions } from './view-kit.js';

export interface AdminMountOptions extends MountOptions {
  /** The host portal's display names for user ids; default: the embedded stack's dev users, if it serves them. */
  userNames?: () => Promise<ReadonlyMap<string, string>>;
}

/** The embedded stack's dev users as names by id; an empty map where `/dev/users` is not served (production). */
export async function devUserNames(baseUrl: string): Promise<ReadonlyMap<string, string>> {
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/v1/dev/users`).catch(() => undefined);
  if (!response?.ok) return new Map();
  const { items } = (await response.json()) as { items: { id: string; name: string }[] };
  return new Map(items.map((u) => [u.id, u.name]));
}

export function mount(container: HTMLElement, options: AdminMountOptions): MountedView {
  const ctx = viewContext(options);
  const { client } = ctx;
  const userNames = options.userNames ?? (() => devUserNames(ctx.baseUrl));
  const status = statusLine();
  const queue = h('div', { dataset: { list: 'queue' } });
  const all = h('div', { dataset: { list: 'all-edits' } });
  let specialists: Specialist[] = [];
  let names: ReadonlyMap<string, string> = new Map();
  const specialtyOf = new Map<string, string | undefined>();
  const nameOf = (id: string | undefined) => (id ? (names.get(id) ?? id) : '');
  // A case that names its specialty is reviewed by that specialty only (the API refuses others).
  const choicesFor = (edit: Edit) => {
    const needed = specialtyOf.get(edit.assetId);
    return needed === undefined ? specialists : specialists.filter((s) => s.specialty === needed);
  };

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
    const choices = choicesFor(edit);
    const select = h('select', { id: selectId, name: 'specialist' }, ...choices.map((s) => h('option', { value: s.id }, `${nameOf(s.id)} — ${s.specialty ?? 'no specialty'}`)));
    const assign = h('button', { type: 'button', disabled: choices.length === 0 }, 'Assign');
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
        // The queue still loads when the directory cannot be listed; the status says why nobody is offered.
        const listed = await Promise.all([client.specialists.list(), userNames().catch(() => new Map<string, string>())]).catch((error: unknown) => error);
        if (Array.isArray(listed)) [specialists, names] = listed as [Specialist[], ReadonlyMap<string, string>];
        if (!Array.isArray(listed)) status.show(errorText(listed, 'The specialists could not be listed'), true);
        else if (specialists.length === 0) status.show('No specialists to assign in this tenant.', true);
      }
      let assets: Asset[];
      [submitted, edits, assets] = await Promise.all([client.edits.list({ status: 'submitted' }), client.edits.list(), client.assets.list()]);
      for (const asset of assets) specialtyOf.set(asset.id, asset.specialty);
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
