/**
 * The demo portal: what a hospital portal built on the SDK looks like, in one page. It signs in
 * as a built-in dev user, lists the live channels and recorded cases of that user's tenant, asks
 * the API for a playback grant (CloudFront-format signed cookies, set on this origin) and plays
 * the stream. A plain <video> with hls.js stands here until <surgery-player> lands.
 */
import Hls from 'hls.js';
import { ApiError, createClient, requestDevToken, type Asset, type LiveChannel, type PlaybackGrant, type User } from '@surgery-video/client';
import { rolePanel } from './role-panel.js';

const baseUrl = location.origin;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const userSelect = $<HTMLSelectElement>('user');
const video = $<HTMLVideoElement>('video');
const status = $<HTMLParagraphElement>('status');
const title = $<HTMLHeadingElement>('player-title');

let hls: Hls | undefined;
let token: string | undefined;

const client = createClient({ baseUrl, getToken: () => token });

function showStatus(message: string, isError = false): void {
  status.textContent = message;
  status.classList.toggle('error', isError);
}

async function signIn(userId: string): Promise<void> {
  token = await requestDevToken(baseUrl, userId);
  sessionStorage.setItem('surgery-video:user', userId);
  const user = (await (await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as User;
  $('role-panel').replaceChildren(rolePanel(user));
  const [channels, assets] = await Promise.all([client.live.list(), client.assets.list()]);
  renderList($('live-list'), channels, (channel) => [channel.title, `LIVE · DVR ${Math.round(channel.dvrWindowSeconds / 60)} min`], (channel) => play('live', channel));
  renderList($('case-list'), assets, (asset) => [asset.title, `${formatDuration(asset.durationSeconds)} · ${asset.renditions.length} qualities`], (asset) => play('asset', asset));
  showStatus(channels.length + assets.length === 0 ? 'Nothing to watch in this tenant.' : 'Choose something to watch.');
}

function renderList<T extends { id: string }>(list: HTMLElement, items: T[], label: (item: T) => [string, string], onPick: (item: T) => void): void {
  list.replaceChildren(
    ...items.map((item) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      const [main, detail] = label(item);
      button.dataset['id'] = item.id;
      button.append(main, Object.assign(document.createElement('small'), { textContent: detail }));
      button.addEventListener('click', () => {
        document.querySelectorAll('.library button').forEach((b) => b.setAttribute('aria-current', String(b === button)));
        onPick(item);
      });
      li.append(button);
      return li;
    }),
  );
}

async function play(kind: 'live' | 'asset', item: LiveChannel | Asset): Promise<void> {
  title.textContent = item.title;
  showStatus('Requesting a playback grant…');
  let grant: PlaybackGrant;
  try {
    grant = kind === 'live' ? await client.live.grant(item.id) : await client.assets.grant(item.id);
  } catch (error) {
    showStatus(error instanceof ApiError ? `${error.message} (${error.code})` : 'The grant request failed.', true);
    return;
  }
  hls?.destroy();
  hls = undefined;
  // MSE first: Chromium also claims native HLS, but hls.js gives DVR, quality and error detail.
  if (Hls.isSupported()) {
    hls = new Hls({ lowLatencyMode: kind === 'live', liveSyncDuration: 3 });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) showStatus(`Playback failed: ${data.details}${data.response?.code ? ` (HTTP ${data.response.code})` : ''}.`, true);
    });
    hls.loadSource(grant.sources.hls);
    hls.attachMedia(video);
  } else {
    video.src = grant.sources.hls;
  }
  showStatus(kind === 'live' ? 'Playing live.' : 'Playing the recording.');
  video.play().catch(() => showStatus('Press play to start.'));
}

function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  const users = (await (await fetch(`${baseUrl}/api/v1/dev/users`)).json()) as { items: User[] };
  userSelect.replaceChildren(
    ...users.items.map((user) => Object.assign(document.createElement('option'), { value: user.id, textContent: `${user.name} — ${user.roles.join(', ')} (${user.tenant})` })),
  );
  userSelect.value = sessionStorage.getItem('surgery-video:user') ?? 'clinician-1';
  userSelect.addEventListener('change', () => void signIn(userSelect.value).catch(reportError));
  await signIn(userSelect.value);
}

function reportError(error: unknown): void {
  showStatus(error instanceof ApiError ? `${error.message} (${error.code})` : 'The portal could not reach the API.', true);
}

main().catch(reportError);
