/**
 * Clinician: the tenant's live operating rooms and recorded cases, each played by
 * `<surgery-player api asset kind controls>` with the user's token.
 */
import type { Asset, LiveChannel } from '@surgery-video/client';
import { createStage } from './stage.js';
import { errorText, formatDuration, h, mountedView, statusLine, uid, viewContext, type MountedView, type MountOptions } from './view-kit.js';

export function mount(container: HTMLElement, options: MountOptions): MountedView {
  const ctx = viewContext(options);
  const stage = createStage(ctx, 'Choose a live room or a recorded case');
  const status = statusLine();
  const liveList = h('ul', { className: 'picks', dataset: { list: 'live' } });
  const caseList = h('ul', { className: 'picks', dataset: { list: 'cases' } });
  const liveId = uid('live');
  const casesId = uid('cases');
  const library = h(
    'nav',
    { className: 'library' },
    h('h3', { id: liveId }, 'Live operating rooms'),
    liveList,
    h('h3', { id: casesId }, 'Recorded cases'),
    caseList,
  );
  library.setAttribute('aria-label', 'Media library');
  liveList.setAttribute('aria-labelledby', liveId);
  caseList.setAttribute('aria-labelledby', casesId);
  const root = h('section', { className: 'view view-clinician', dataset: { view: 'clinician' } }, h('h2', {}, 'Watch'), status.el, h('div', { className: 'split' }, stage.el, library));
  container.append(root);

  function pickButton(label: string, detail: string, id: string, onPick: () => void): HTMLLIElement {
    const button = h('button', { type: 'button', className: 'pick', dataset: { id } }, label, h('small', {}, detail));
    button.addEventListener('click', () => {
      root.querySelectorAll('button.pick').forEach((b) => b.setAttribute('aria-current', String(b === button)));
      onPick();
    });
    return h('li', {}, button);
  }

  async function refresh(): Promise<void> {
    let channels: LiveChannel[] = [];
    let assets: Asset[] = [];
    try {
      [channels, assets] = await Promise.all([ctx.client.live.list(), ctx.client.assets.list()]);
    } catch (error) {
      status.show(errorText(error, 'The library could not be loaded'), true);
      return;
    }
    liveList.replaceChildren(
      ...channels.map((c) => pickButton(c.title, `LIVE · DVR ${Math.round(c.dvrWindowSeconds / 60)} min`, c.id, () => stage.play({ kind: 'live', id: c.id, title: c.title }))),
    );
    if (channels.length === 0) liveList.append(h('li', { className: 'empty' }, 'No live operating room right now.'));
    caseList.replaceChildren(
      ...assets.map((a) => pickButton(a.title, `${formatDuration(a.durationSeconds)} · ${a.renditions.length} qualities`, a.id, () => stage.play({ kind: 'asset', id: a.id, title: a.title }))),
    );
    if (assets.length === 0) caseList.append(h('li', { className: 'empty' }, 'No recorded case in this tenant.'));
    status.show(channels.length + assets.length === 0 ? 'Nothing to watch in this tenant.' : '');
  }

  return mountedView(root, refresh);
}
