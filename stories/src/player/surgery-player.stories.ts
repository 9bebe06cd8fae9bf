/**
 * `<surgery-player controls>` over the local dev stack's media. Run `npm start` at the repository
 * root first (it prints the stack's URL, default http://127.0.0.1:8080), then set `api` to it;
 * `asset` is a recorded case (`case-001`) or the live channel (`or-1`). The player asks the stack
 * for a playback grant with a dev token and plays HLS, DASH or live with the built-in controls.
 */
import '@surgery-video/player/surgery-player.js';
import { requestDevToken } from '@surgery-video/client';
import { html, render as litRender } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';

interface PlayerArgs {
  /** The local stack's URL (`npm start` prints it). */
  api: string;
  /** `case-001`, `case-002` (recorded) or `or-1` (live). */
  asset: string;
  /** `hls` (grant's HLS) or `dash` (the case's DASH manifest). */
  format: 'hls' | 'dash';
  theme: 'auto' | 'light' | 'dark';
  accent: string;
  width: string;
}

/** Builds the player, gets a dev token, then sets `api` + `asset` so the grant request carries it. */
function render(args: PlayerArgs): HTMLElement {
  const wrapper = document.createElement('div');
  wrapper.style.maxWidth = args.width;
  const player = document.createElement('surgery-player');
  player.setAttribute('controls', '');
  player.setAttribute('muted', '');
  if (args.theme !== 'auto') player.setAttribute('theme', args.theme);
  if (args.accent) player.style.setProperty('--surgery-accent', args.accent);
  player.setAttribute('kind', args.asset.startsWith('or-') ? 'live' : 'asset');
  if (args.format === 'dash') player.src = `${args.api}/media/vod/${args.asset}/manifest.mpd`;
  void requestDevToken(args.api, 'clinician-1')
    .then((token) => (player.token = token))
    // Without a token the player shows why the grant was refused (part="error"): usually the stack is not running.
    .catch(() => undefined)
    .finally(() => {
      player.setAttribute('api', args.api);
      player.setAttribute('asset', args.asset);
    });
  const note = document.createElement('div');
  wrapper.append(player);
  renderNote(note);
  wrapper.append(note);
  return wrapper;
}

function renderNote(target: HTMLElement): void {
  litRender(
    html`<p style="font:13px/1.5 system-ui,sans-serif">
      Needs the local stack: run <code>npm start</code> and set <code>api</code> to the URL it prints. Keys (focus the player):
      Space/K play-pause, ← → 5 s (Shift 1 s), J/L 10 s, , . one frame, M mute, F fullscreen, C captions, Home/End, 0–9.
    </p>`,
    target,
  );
}

const meta = {
  title: 'Player/Surgery player',
  args: { api: 'http://127.0.0.1:8080', asset: 'case-001', format: 'hls', theme: 'auto', accent: '', width: '960px' },
  argTypes: {
    api: { control: 'text', description: 'The local stack URL printed by `npm start` (run it first).' },
    asset: { control: 'text', description: '`case-001`, `case-002` (recorded) or `or-1` (live).' },
    format: { control: 'inline-radio', options: ['hls', 'dash'] },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'], description: '`theme` attribute; auto follows prefers-color-scheme.' },
    accent: { control: 'color', description: '`--surgery-accent`' },
    width: { control: 'text' },
  },
  parameters: {
    docs: {
      description: {
        component: 'Run `npm start` at the repository root first: stories play media from the local stack at `api`, never from the web.',
      },
    },
  },
  render,
} satisfies Meta<PlayerArgs>;

export default meta;
type Story = StoryObj<PlayerArgs>;

export const RecordedHls: Story = { name: 'VOD (HLS)' };
export const RecordedDash: Story = { name: 'VOD (DASH)', args: { format: 'dash' } };
export const Live: Story = { name: 'Live (DVR, LIVE badge)', args: { asset: 'or-1' } };
export const LightTheme: Story = { name: 'Theme: light', args: { theme: 'light' } };
export const DarkTheme: Story = { name: 'Theme: dark', args: { theme: 'dark' } };
export const CustomAccent: Story = { name: 'Theme: custom accent', args: { accent: '#2fbf71' } };
export const Narrow: Story = { name: '320 px', args: { width: '320px' } };
