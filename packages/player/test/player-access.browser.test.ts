/**
 * Signed access as a page developer meets it: what the player says when the edge refuses, when
 * cookies do not arrive, when CORS blocks the media, and that a fresh grant goes in mid-playback
 * without a stall.
 */
import { expect } from '@esm-bundle/chai';
import { createClient } from '@surgery-video/client';
import type { PlayerErrorEvent } from '../src/events/player-error-event.js';
import { createPlayer, devToken, grantFor, nextEvent, playsFor, removePlayers, stackUrl, uncached, vodHls } from './support/stack.js';

function shownError(player: HTMLElement): string | undefined {
  return player.shadowRoot?.querySelector('[part="error"]')?.textContent?.trim();
}

describe('<surgery-player> signed access', () => {
  afterEach(removePlayers);

  it('says access-denied, with the edge reason and how to fix it, for a src without a grant', async () => {
    const player = createPlayer({ src: vodHls('case-002') });
    const played = player.play();
    const { detail } = await nextEvent<PlayerErrorEvent>(player, 'error');
    expect(detail.code).to.equal('access-denied');
    expect(detail.fatal).to.equal(true);
    expect(detail.message).to.match(/^Access denied: no signature: pass api \+ asset .* or a signed src \(HTTP 403, missing-signature/);
    await player.updateComplete;
    expect(shownError(player)).to.equal(detail.message);
    expect(player.error?.code).to.equal('access-denied');
    const refused = await played.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((refused as { code?: string }).code, 'the remembered play() is refused').to.equal('access-denied');
  });

  it('explains a refused MP4 too (native playback reads the status with a probe request)', async () => {
    const player = createPlayer({ src: uncached(`${stackUrl}/media/vod/case-002/render.mp4`) });
    const { detail } = await nextEvent<PlayerErrorEvent>(player, 'error');
    expect(player.engine).to.equal('native');
    expect(detail.code).to.equal('access-denied');
    expect(detail.message).to.contain('missing-signature');
  });

  it('clears a fatal error and plays once a grant arrives', async () => {
    const player = createPlayer({ src: vodHls('case-001') });
    const played = player.play();
    await nextEvent(player, 'error');
    await player.updateComplete;
    expect(shownError(player)).to.match(/^Access denied/);
    await played.catch(() => undefined);
    player.grant = await grantFor('asset', 'case-001');
    await player.play();
    await playsFor(player, 0.5);
    await player.updateComplete;
    expect(shownError(player)).to.equal(undefined);
    expect(player.error).to.equal(undefined);
  });

  // case-002's grants are fetched without credentials here, so the browser holds no cookies for it
  // (no other test in this package stores case-002 cookies).
  it('says cookies-not-sent with grant-mode="cookies" when the browser has no cookies for the grant', async () => {
    const grant = await grantFor('asset', 'case-002', { storeCookies: false });
    const probe = await fetch(uncached(grant.sources.hls), { credentials: 'include' });
    expect(probe.status, 'no case-002 cookies in this browser').to.equal(403);
    const player = createPlayer({ 'grant-mode': 'cookies' });
    player.grant = grant;
    const { detail } = await nextEvent<PlayerErrorEvent>(player, 'error');
    expect(detail.code).to.equal('cookies-not-sent');
    expect(detail.fatal).to.equal(true);
    expect(detail.message).to.contain('grant-mode="query"');
    await player.updateComplete;
    expect(shownError(player)).to.equal(detail.message);
  });

  it('falls back to the signed query string when cookies are not sent, and plays', async () => {
    const grant = await grantFor('asset', 'case-002', { storeCookies: false });
    const player = createPlayer();
    const warning = nextEvent<PlayerErrorEvent>(player, 'error');
    player.grant = grant;
    await player.play();
    expect((await warning).detail).to.include({ code: 'cookies-not-sent', fatal: false });
    await playsFor(player, 1);
    expect(player.error).to.equal(undefined);
    const signature = grant.query.split('&').find((part) => part.startsWith('Signature='))!;
    const segments = performance.getEntriesByType('resource').filter((entry) => /\/case-002\/seg-/.test(entry.name));
    expect(segments.length).to.be.greaterThan(0);
    expect(segments.every((entry) => entry.name.includes(signature)), 'every segment URL carries the signature').to.equal(true);
  });

  it('says cors-blocked for a media server that does not allow this page', async () => {
    const player = createPlayer({ src: `${stackUrl}/not-media/master.m3u8` });
    const { detail } = await nextEvent<PlayerErrorEvent>(player, 'error');
    expect(detail.code).to.equal('cors-blocked');
    expect(detail.message).to.contain(location.origin);
  });

  it('says grant-failed with the API message when the API refuses the token', async () => {
    const player = createPlayer({ api: stackUrl, asset: 'case-001' });
    player.token = 'not-a-token';
    const { detail } = await nextEvent<PlayerErrorEvent>(player, 'error');
    expect(detail.code).to.equal('grant-failed');
    expect(detail.message).to.match(/case-001.*token was refused/);
  });

  // Live: the playlist is reloaded every second and new segments keep coming, as in a long surgery.
  it('swaps in a fresh grant mid-playback without a stall; the next requests carry it', async () => {
    const token = await devToken();
    const player = createPlayer({ api: stackUrl, asset: 'or-1', 'grant-mode': 'query' });
    player.token = token;
    await player.play();
    await playsFor(player, 1);
    const first = player.grant!;
    // Grants expire on whole seconds: a second later, the signature differs.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = await createClient({ baseUrl: stackUrl, token }).live.grant('or-1');
    expect(fresh.query).not.to.equal(first.query);

    const progress: Array<[number, number]> = [];
    const sampler = setInterval(() => progress.push([performance.now(), player.currentTime]), 50);
    const swappedAt = performance.now();
    player.grant = fresh;
    try {
      await playsFor(player, 4);
    } finally {
      clearInterval(sampler);
    }
    expect(player.grant).to.equal(fresh);
    expect(player.paused).to.equal(false);
    let longestStall = 0;
    let since = progress[0]![0];
    for (let i = 1; i < progress.length; i++) {
      if (progress[i]![1] > progress[i - 1]![1]) since = progress[i]![0];
      longestStall = Math.max(longestStall, progress[i]![0] - since);
    }
    expect(longestStall, 'longest time without progress (ms)').to.be.lessThan(1000);
    const signatureOf = (grant: typeof fresh) => grant.query.split('&').find((part) => part.startsWith('Signature='))!;
    const later = performance.getEntriesByType('resource').filter((entry) => entry.startTime > swappedAt && /\/live\/or-1\//.test(entry.name));
    expect(later.length, 'requests after the swap').to.be.greaterThan(2);
    expect(later.filter((entry) => !entry.name.includes(signatureOf(fresh))).map((entry) => entry.name), 'requests after the swap without the fresh grant').to.deep.equal([]);
  });

  it('refuses an invalid attribute value with a message naming it, and uses the default', async () => {
    const player = createPlayer({ 'latency-mode': 'fast' });
    const { detail } = await nextEvent<PlayerErrorEvent>(player, 'error');
    expect(detail).to.include({ code: 'invalid-attribute', fatal: false });
    expect(detail.message).to.contain('latency-mode="fast"');
    expect(player.latencyMode).to.equal('normal');
  });
});
