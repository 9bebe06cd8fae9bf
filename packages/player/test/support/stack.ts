/**
 * What the player's browser tests share: the local stack's URL (set by web-test-runner.config.mjs),
 * dev tokens and grants from its API, players on the page, and reading the frame on screen.
 */
import { createClient, requestDevToken, type PlaybackGrant } from '@surgery-video/client';
import { readFrameCode } from '../../../server-kit/src/media/frame-code.js';
import type { SurgeryPlayer } from '../../src/player.component.js';
import '../../src/surgery-player.js';

declare global {
  interface Window {
    __STACK__: { url: string };
  }
}

export const stackUrl = window.__STACK__.url;

// Tests read which URLs were requested from resource timing, whose buffer keeps only 250 entries
// by default: a file that plays several streams would silently stop recording.
performance.setResourceTimingBufferSize(100_000);

/**
 * A URL no other request of the run has used. The browser's HTTP cache is shared by every test
 * file of a run and does not key on credentials: a manifest fetched here with a grant's cookies
 * would answer another file's request for the same URL made without them.
 */
export const uncached = (url: string) => `${url}${url.includes('?') ? '&' : '?'}run=${Math.random().toString(36).slice(2)}`;

export const vodHls = (id: string) => uncached(`${stackUrl}/media/vod/${id}/master.m3u8`);
export const vodDash = (id: string) => uncached(`${stackUrl}/media/vod/${id}/manifest.mpd`);

export function devToken(user = 'clinician-1'): Promise<string> {
  return requestDevToken(stackUrl, user);
}

/**
 * A grant from the API. `storeCookies: false` fetches it without credentials, so the browser never
 * stores its cookies: what a page sees when third-party cookies are blocked.
 */
export async function grantFor(kind: 'asset' | 'live', id: string, options: { storeCookies?: boolean } = {}): Promise<PlaybackGrant> {
  const token = await devToken();
  const client = createClient({
    baseUrl: stackUrl,
    token,
    ...(options.storeCookies === false ? { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, credentials: 'omit' }) } : {}),
  });
  return kind === 'asset' ? client.assets.grant(id) : client.live.grant(id);
}

/** Gives `player` recorded case `id` to play, signed by a grant from the API (cookies). */
export async function loadCase(player: SurgeryPlayer, id: string, format: 'hls' | 'dash' = 'hls'): Promise<PlaybackGrant> {
  const grant = await grantFor('asset', id);
  player.src = format === 'hls' ? vodHls(id) : vodDash(id);
  player.grant = grant;
  return grant;
}

const players: SurgeryPlayer[] = [];

/** A muted player in the page, removed after the test. */
export function createPlayer(attributes: Record<string, string | true> = {}): SurgeryPlayer {
  const player = document.createElement('surgery-player');
  player.setAttribute('muted', '');
  for (const [name, value] of Object.entries(attributes)) player.setAttribute(name, value === true ? '' : value);
  player.style.width = '320px';
  document.body.append(player);
  players.push(player);
  return player;
}

export function removePlayers(): void {
  for (const player of players.splice(0)) player.remove();
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The next `type` event on `target`. */
export function nextEvent<E extends Event = Event>(target: EventTarget, type: string, timeoutMs = 20_000): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event as E);
      },
      { once: true },
    );
  });
}

/** The frame number burned into the picture the player shows (the machine-readable frame code). */
export function shownFrameCode(player: SurgeryPlayer): number {
  const video = player.media;
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const { data, width } = context.getImageData(0, 0, canvas.width, canvas.height);
  return readFrameCode((x, y) => data[(y * width + x) * 4]!, canvas.width, canvas.height);
}

/** Resolves once the player has played `seconds` of media. */
export async function playsFor(player: SurgeryPlayer, seconds: number, timeoutMs = 20_000): Promise<void> {
  const from = player.currentTime;
  await waitFor(() => player.currentTime >= from + seconds, `currentTime to advance by ${seconds} s`, timeoutMs);
}
