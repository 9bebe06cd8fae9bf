/**
 * The local stack as a browser sees it: a grant from the API, then HLS through the signed edge
 * with hls.js and DASH with shaka-player, from another origin (the test page), with credentials.
 */
import { expect } from '@esm-bundle/chai';
import Hls from 'hls.js';
import { createClient, requestDevToken, type PlaybackGrant } from '@surgery-video/client';

declare global {
  interface Window {
    __STACK__: { url: string };
  }
}

const stackUrl = window.__STACK__.url;

async function grantFor(kind: 'asset' | 'live', id: string): Promise<PlaybackGrant> {
  const token = await requestDevToken(stackUrl, 'clinician-1');
  const client = createClient({ baseUrl: stackUrl, token });
  return kind === 'asset' ? client.assets.grant(id) : client.live.grant(id);
}

function newVideo(): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.width = 320;
  document.body.append(video);
  return video;
}

/** Resolves with the media time of the next frame the compositor presents. */
function nextFrame(video: HTMLVideoElement): Promise<VideoFrameCallbackMetadata> {
  return new Promise((resolve) => video.requestVideoFrameCallback((_now, metadata) => resolve(metadata)));
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('local stack playback through the signed edge', () => {
  it('refuses the master playlist without a grant, with a reason the page can read', async () => {
    // A unique query keeps the browser's cache (which may hold the playlist from a signed request) out of it.
    const response = await fetch(`${stackUrl}/media/vod/case-001/master.m3u8?probe=${Date.now()}`, { credentials: 'omit' });
    expect(response.status).to.equal(403);
    expect(response.headers.get('x-edge-reason')).to.equal('missing-signature');
  });

  it('plays a recorded case with hls.js using the signed cookies of a grant', async () => {
    const grant = await grantFor('asset', 'case-001');
    expect(grant.sources.hls).to.equal(`${stackUrl}/media/vod/case-001/master.m3u8`);
    const video = newVideo();
    const hls = new Hls({ xhrSetup: (xhr) => {
        xhr.withCredentials = true;
      } });
    const fatal: string[] = [];
    hls.on(Hls.Events.ERROR, (_event, data) => data.fatal && fatal.push(data.details));
    try {
      hls.loadSource(grant.sources.hls);
      hls.attachMedia(video);
      await new Promise((resolve) => hls.once(Hls.Events.MANIFEST_PARSED, resolve));
      expect(hls.levels.map((level) => level.height).sort((a, b) => a - b)).to.deep.equal([240, 480, 720]);
      await video.play();
      const first = await nextFrame(video);
      await waitFor(() => video.currentTime > first.mediaTime + 1, 'currentTime to advance by a second');
      expect(fatal).to.deep.equal([]);
      expect(video.videoWidth).to.be.greaterThan(0);
    } finally {
      hls.destroy();
      video.remove();
    }
  });

  it('plays the same case with a signed query string instead of cookies', async () => {
    const grant = await grantFor('asset', 'case-001');
    const video = newVideo();
    // No credentials: the signature rides on every child playlist and segment URL instead.
    const hls = new Hls({
      xhrSetup: (xhr, url) => {
        xhr.withCredentials = false;
        xhr.open('GET', url + (url.includes('?') ? '&' : '?') + grant.query, true);
      },
    });
    try {
      hls.loadSource(grant.sources.hls);
      hls.attachMedia(video);
      await video.play();
      const frame = await nextFrame(video);
      expect(frame.width).to.be.greaterThan(0);
    } finally {
      hls.destroy();
      video.remove();
    }
  });

  it('loads the DASH manifest of the same segments in shaka-player', async () => {
    const grant = await grantFor('asset', 'case-001');
    expect(grant.sources.dash).to.equal(`${stackUrl}/media/vod/case-001/manifest.mpd`);
    // shaka-player is one UMD file: bundlers give it as the default export, a plain ES import
    // (the test runner's) leaves it on window.
    const module = await import('shaka-player');
    const shaka = module.default ?? (globalThis as unknown as { shaka: typeof module.default }).shaka;
    shaka.polyfill.installAll();
    const video = newVideo();
    const player = new shaka.Player();
    try {
      await player.attach(video);
      player.getNetworkingEngine()?.registerRequestFilter((_type, request) => {
        request.allowCrossSiteCredentials = true;
      });
      await player.load(grant.sources.dash!);
      const heights = player.getVariantTracks().map((track) => track.height ?? 0);
      expect([...new Set(heights)].sort((a, b) => a - b)).to.deep.equal([240, 480, 720]);
      await video.play();
      const frame = await nextFrame(video);
      expect(frame.mediaTime).to.be.at.least(0);
      expect(video.videoWidth).to.be.greaterThan(0);
    } finally {
      await player.destroy();
      video.remove();
    }
  });

  it('plays the live channel with program-date-time close to the wall clock', async () => {
    const grant = await grantFor('live', 'or-1');
    const video = newVideo();
    const hls = new Hls({ xhrSetup: (xhr) => {
        xhr.withCredentials = true;
      }, liveSyncDuration: 3 });
    try {
      hls.loadSource(grant.sources.hls);
      hls.attachMedia(video);
      await video.play();
      await nextFrame(video);
      await waitFor(() => hls.playingDate !== null, 'a program-date-time for the frame on screen');
      const latency = (Date.now() - hls.playingDate!.getTime()) / 1000;
      expect(latency).to.be.within(0, 15);
    } finally {
      hls.destroy();
      video.remove();
    }
  });
});
