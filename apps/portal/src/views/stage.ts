/**
 * The stage every view plays on: one `<surgery-player controls>` asking server-kit for a signed
 * grant (`api` + `asset` + `kind`) with the user's token, replaced for each pick. With an Edit, the
 * player plays only its segments and shows its annotations.
 */
import '@surgery-video/player/surgery-player.js';
import type { Edit } from '@surgery-video/client';
import type { PlayerErrorEvent, SurgeryPlayer } from '@surgery-video/player';
import { h, uid, type ViewContext } from './view-kit.js';

export interface Stage {
  el: HTMLElement;
  player: SurgeryPlayer | undefined;
  play(what: { kind: 'asset' | 'live'; id: string; title: string; edit?: Edit }): SurgeryPlayer;
  clear(): void;
}

export function createStage(ctx: ViewContext, emptyText = 'Nothing playing'): Stage {
  const headingId = uid('stage-title');
  const heading = h('h3', { id: headingId }, emptyText);
  const status = h('p', { className: 'view-status' });
  status.setAttribute('role', 'status');
  const screen = h('div', { className: 'screen' });
  const el = h('section', { className: 'stage' }, heading, screen, status);
  el.setAttribute('aria-labelledby', headingId);

  const stage: Stage = {
    el,
    player: undefined,
    play({ kind, id, title, edit }) {
      const player = document.createElement('surgery-player');
      player.setAttribute('api', ctx.baseUrl);
      player.setAttribute('asset', id);
      player.setAttribute('kind', kind);
      player.setAttribute('controls', '');
      player.setAttribute('muted', '');
      player.setAttribute('aria-label', title);
      player.token = ctx.token;
      if (edit) player.edit = edit;
      player.addEventListener('error', (event) => {
        const { detail } = event as PlayerErrorEvent;
        if (detail.fatal) {
          status.textContent = `Playback failed: ${detail.message}`;
          status.classList.add('error');
        }
      });
      screen.replaceChildren(player);
      stage.player = player;
      heading.textContent = title;
      status.classList.remove('error');
      status.textContent = edit ? `Playing the ${edit.segments.length} segment(s) of this edit with its annotations.` : kind === 'live' ? 'Playing live.' : 'Playing the recording.';
      return player;
    },
    clear() {
      screen.replaceChildren();
      stage.player = undefined;
      heading.textContent = emptyText;
      status.textContent = '';
    },
  };
  return stage;
}
