/**
 * `<surgery-player controls>` over the local dev stack's media. Run `npm start` at the repository
 * root first (it prints the stack's URL, default http://127.0.0.1:8080), then set `api` to it;
 * `asset` is a recorded case (`case-001`) or the live channel (`or-1`). The player asks the stack
 * for a playback grant with a dev token and plays HLS, DASH or live with the built-in controls.
 *
 * One story per state a page meets: VOD, DASH, live, DVR, low latency, an Edit with annotations,
 * a fatal error and a refused signature (both shown in the player, `part="error"`), and themes.
 */
import '@surgery-video/player/surgery-player.js';
import { requestDevToken } from '@surgery-video/client';
import { html, render as litRender } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { SurgeryPlayer } from '@surgery-video/player';

/**
 * `none`: plays. `not-found`: a grant for the case, but `src` names a playlist that is not there
 * (fatal `not-found`). `unsigned`: `src` without any grant, so the edge refuses it (fatal
 * `access-denied`, with the edge's reason and what to change).
 */
type Failure = 'none' | 'not-found' | 'unsigned';

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
  latencyMode: 'normal' | 'low';
  /** Live: seconds behind the live edge to start watching (the DVR window); 0 stays at live. */
  behindLive: number;
  /** Play an Edit of the case (two segments, annotations with a drawing) instead of the whole case. */
  edit: boolean;
  failure: Failure;
}

/** Two segments of the case and three annotations, one with a drawing (edit time starts at 0). */
function sampleEdit(assetId: string): unknown {
  const at = '2026-01-01T09:00:00.000Z';
  return {
    schema: 'surgery-video/edit@1',
    id: 'story-edit',
    assetId,
    title: 'Story: two segments with annotations',
    version: 1,
    status: 'returned',
    segments: [
      { start: 2, end: 8 },
      { start: 20, end: 28 },
    ],
    annotations: [
      { id: 'a1', time: 3, duration: 3, kind: 'good-practice', text: 'Clear view of the field', author: 'specialist-1', createdAt: at },
      {
        id: 'a2',
        time: 6.5,
        duration: 2,
        kind: 'mistake',
        text: 'Instrument crosses the midline',
        author: 'specialist-1',
        createdAt: at,
        drawing: { shapes: [{ type: 'ellipse', points: [[0.35, 0.35], [0.65, 0.65]], color: '#e53935' }] },
      },
      { id: 'a3', time: 22, duration: 4, kind: 'question', text: 'Why switch instruments here?', author: 'trainee-1', createdAt: at },
    ],
    createdBy: 'trainee-1',
    createdAt: at,
    updatedAt: at,
  };
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
  const live = args.asset.startsWith('or-');
  player.setAttribute('kind', live ? 'live' : 'asset');
  if (args.latencyMode === 'low') player.setAttribute('latency-mode', 'low');
  if (args.format === 'dash') player.src = `${args.api}/media/vod/${args.asset}/manifest.mpd`;
  if (args.edit) (player as SurgeryPlayer).edit = sampleEdit(args.asset);
  if (live && args.behindLive > 0) watchBehindLive(player as SurgeryPlayer, args.behindLive);
  if (args.failure === 'unsigned') {
    // No api, no grant: the edge answers 403 missing-signature and the player says what to change.
    player.src = `${args.api}/media/vod/${args.asset}/master.m3u8`;
    wrapper.append(player);
    return wrapper;
  }
  if (args.failure === 'not-found') player.src = `${args.api}/media/vod/${args.asset}/no-such-playlist.m3u8`;
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

/** Once the DVR window is long enough, seek `seconds` behind the live edge (the LIVE badge goes back). */
function watchBehindLive(player: SurgeryPlayer, seconds: number): void {
  const timer = setInterval(() => {
    if (!player.isConnected) return clearInterval(timer);
    const window = player.state.seekable;
    if (!player.live || !window || window.end - window.start < seconds + 2) return;
    clearInterval(timer);
    void player.seek(window.end - seconds);
  }, 500);
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
  args: {
    api: 'http://127.0.0.1:8080',
    asset: 'case-001',
    format: 'hls',
    theme: 'auto',
    accent: '',
    width: '960px',
    latencyMode: 'normal',
    behindLive: 0,
    edit: false,
    failure: 'none',
  },
  argTypes: {
    api: { control: 'text', description: 'The local stack URL printed by `npm start` (run it first).' },
    asset: { control: 'text', description: '`case-001`, `case-002` (recorded) or `or-1` (live).' },
    format: { control: 'inline-radio', options: ['hls', 'dash'] },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'], description: '`theme` attribute; auto follows prefers-color-scheme.' },
    accent: { control: 'color', description: '`--surgery-accent`' },
    width: { control: 'text' },
    latencyMode: { control: 'inline-radio', options: ['normal', 'low'], description: '`latency-mode`: `low` plays LL-DASH with shaka (live).' },
    behindLive: { control: 'number', description: 'Live: seconds behind the live edge to watch (DVR).' },
    edit: { control: 'boolean', description: 'Play an Edit (the `edit` property): two segments, annotations on the frame and the timeline.' },
    failure: { control: 'inline-radio', options: ['none', 'not-found', 'unsigned'], description: 'Show a fatal error: a missing playlist, or media without a signature.' },
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
export const Dvr: Story = { name: 'DVR (30 s behind live)', args: { asset: 'or-1', behindLive: 30 } };
export const LowLatency: Story = { name: 'Low latency (LL-DASH)', args: { asset: 'or-1', latencyMode: 'low' } };
export const EditWithAnnotations: Story = { name: 'Edit with annotations', args: { edit: true } };
export const ErrorState: Story = { name: 'Error (not found)', args: { failure: 'not-found' } };
export const SignedAccessFailure: Story = { name: 'Signed access refused', args: { failure: 'unsigned' } };
export const LightTheme: Story = { name: 'Theme: light', args: { theme: 'light' } };
export const DarkTheme: Story = { name: 'Theme: dark', args: { theme: 'dark' } };
export const CustomAccent: Story = { name: 'Theme: custom accent', args: { accent: '#2fbf71' } };
export const Narrow: Story = { name: '320 px', args: { width: '320px' } };
