/// <reference lib="dom" />
/**
 * Page entry, the baseline: bare hls.js on a `<video>`, doing what the player must do too: ask the
 * API for the same grant (whose response sets the signed cookies), then load the grant's HLS URL
 * with credentials. Nothing else: no element, no lit, no engine chunk.
 */
import Hls from 'hls.js';
import { firstFrame, pageParams } from './player-first-frame.js';

const start = performance.now();
const { api, asset, token } = pageParams();
const video = document.createElement('video');
video.muted = true;
video.playsInline = true;
video.style.width = '640px';
document.body.append(video);
const frame = firstFrame(video);

async function play(): Promise<void> {
  const response = await fetch(`${api}/api/v1/assets/${encodeURIComponent(asset)}/grant`, {
    method: 'POST',
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    credentials: 'include',
  });
  if (!response.ok) throw new Error(`grant: HTTP ${response.status}`);
  const grant = (await response.json()) as { sources: { hls: string } };
  const hls = new Hls({ xhrSetup: (xhr) => void (xhr.withCredentials = true), fetchSetup: (context, init) => new Request(context.url, { ...init, credentials: 'include' }) });
  hls.attachMedia(video);
  hls.loadSource(grant.sources.hls);
  void video.play().catch(() => undefined);
}

window.__firstFrame = Promise.all([frame, play()]).then(([at]) => ({ fromNavigationMs: at, fromStartMs: at - start }));
