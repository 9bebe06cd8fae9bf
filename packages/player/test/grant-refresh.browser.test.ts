/**
 * Grant refresh as a long surgery meets it: the player's own grants (api + asset) expire at the
 * edge mid-playback, and it asks for new ones before they do, without a stall.
 *
 * The stack's API base `/dev/grant-ttl/<seconds>` (server-kit dev/grant-ttl-lens.ts) hands out
 * grants of that lifetime from the same catalogue and keys; every other test keeps the default
 * ten minutes. The edge checks each signature's expiry, so a request made with an expired grant
 * gets 403.
 *
 * Both play the live channel, which keeps asking for new playlists and segments: hls.js buffers
 * a whole recorded case within a second (its buffer target grows to 60 MB), and recorded segments
 * are immutable and come from the browser's cache when another test played them (cookies are not
 * part of the cache key), so no request would reach the edge after an expiry.
 */
import { expect } from '@esm-bundle/chai';
import type { PlaybackGrant } from '@surgery-video/client';
import type { PlayerErrorEvent } from '../src/events/player-error-event.js';
import type { SurgeryPlayer } from '../src/player.component.js';
import { createPlayer, devToken, removePlayers, stackUrl, waitFor } from './support/stack.js';
import { stallsOf } from './support/stalls.js';

/** Short enough that two grants expire while the test plays; whole seconds (policies carry epoch seconds). */
const GRANT_TTL_SECONDS = 12;
const PLAY_SECONDS = 26;
/**
 * How far behind the live edge to start, so that a segment the live encoder writes late does not
 * starve playback at once (further back, hls.js jumps to live again).
 */
const BEHIND_LIVE_SECONDS = 5;
/** How long after a swap or an expiry a stall is blamed on it. */
const REFRESH_WINDOW_MS = 3000;

const signatureOf = (grant: PlaybackGrant) => grant.query.split('&').find((part) => part.startsWith('Signature='))!;
/** Wall-clock milliseconds at which a resource request started. */
const startedAt = (entry: PerformanceResourceTiming) => performance.timeOrigin + entry.startTime;

interface Watch {
  grants: Array<{ grant: PlaybackGrant; seenAt: number }>;
  /**
   * On every presented frame and every 50 ms: wall-clock ms, media time, seconds buffered ahead,
   * and seconds published ahead (to the end of the live window).
   */
  samples: Array<[wall: number, media: number, buffered: number, published: number]>;
  /** `emptied` events of the video: the source reloaded from scratch. */
  reloads: number;
  errors: PlayerErrorEvent['detail'][];
  /** Requests for the media (playlists, segments) and for grants, made during the test. */
  media: PerformanceResourceTiming[];
  grantRequests: PerformanceResourceTiming[];
}

/** Plays the live channel through the short-grant API for PLAY_SECONDS and records what happened. */
async function watchLive(grantMode: 'cookies' | 'query'): Promise<Watch> {
  const asset = 'or-1';
  const api = `${stackUrl}/dev/grant-ttl/${GRANT_TTL_SECONDS}`;
  const token = await devToken();
  const from = performance.now();
  const player: SurgeryPlayer = createPlayer({ api, asset, kind: 'live', 'grant-mode': grantMode });
  player.token = token;
  const errors: Watch['errors'] = [];
  player.addEventListener('error', (event) => errors.push(event.detail));
  const grants: Watch['grants'] = [];
  const grantSampler = setInterval(() => {
    if (player.grant && player.grant !== grants.at(-1)?.grant) grants.push({ grant: player.grant, seenAt: Date.now() });
  }, 20);
  await player.play();
  const dvr = () => player.state.seekable ?? { start: 0, end: 0 };
  await waitFor(() => dvr().end - dvr().start >= BEHIND_LIVE_SECONDS + 1, 'a DVR window to play behind the live edge', 40_000);
  await player.seek(dvr().end - BEHIND_LIVE_SECONDS);
  await waitFor(() => player.currentTime > 0 && !player.state.waiting && !player.state.seeking, 'playback to start');

  let reloads = 0;
  const onEmptied = () => reloads++;
  player.media.addEventListener('emptied', onEmptied);
  const samples: Watch['samples'] = [];
  const sample = () => {
    const { currentTime, buffered } = player.media;
    const bufferedEnd = buffered.length > 0 ? buffered.end(buffered.length - 1) : currentTime;
    samples.push([Date.now(), currentTime, bufferedEnd - currentTime, (player.state.seekable?.end ?? currentTime) - currentTime]);
  };
  sample();
  const sampler = setInterval(sample, 50);
  let frames = true;
  const onFrame = () => {
    sample();
    if (frames) player.media.requestVideoFrameCallback(onFrame);
  };
  player.media.requestVideoFrameCallback(onFrame);
  try {
    await new Promise((resolve) => setTimeout(resolve, PLAY_SECONDS * 1000));
  } finally {
    clearInterval(sampler);
    clearInterval(grantSampler);
    frames = false;
    player.media.removeEventListener('emptied', onEmptied);
  }
  sample();
  expect(player.paused, 'still playing').to.equal(false);
  const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => entry.startTime >= from);
  const folder = `${stackUrl}/media/live/${asset}/`;
  return {
    grants,
    samples,
    reloads,
    errors,
    media: entries.filter((entry) => entry.name.startsWith(folder)),
    grantRequests: entries.filter((entry) => entry.name.startsWith(`${api}/api/v1/`) && /\/grant(\?|$)/.test(entry.name)),
  };
}

/** What both modes must show: refreshes before each expiry, media fetched after expiry, no refusal, no reload. */
function expectSeamlessRefresh(watched: Watch): void {
  expect(watched.errors, 'error events').to.deep.equal([]);
  const { grants } = watched;
  expect(grants.length, 'grants in use during the test (the first and its refreshes)').to.be.at.least(3);
  for (let i = 1; i < grants.length; i++) {
    const previous = Date.parse(grants[i - 1]!.grant.expiresAt);
    expect(grants[i]!.seenAt, `grant ${i} swapped in before grant ${i - 1} expired`).to.be.lessThan(previous);
    expect(Date.parse(grants[i]!.grant.expiresAt), `grant ${i} outlives the one it replaces`).to.be.greaterThan(previous);
  }
  // The player's own requests to the API: one per grant, each answered.
  expect(watched.grantRequests.map((entry) => entry.responseStatus), 'grant requests').to.deep.equal(grants.map(() => 201));

  const firstExpiry = Date.parse(grants[0]!.grant.expiresAt);
  const afterExpiry = watched.media.filter((entry) => startedAt(entry) > firstExpiry + 500 && /\.m4s(\?|$)/.test(entry.name));
  expect(afterExpiry.length, 'segments fetched after the first grant expired').to.be.at.least(4);
  // Status 0 is a request hls.js cancelled itself; the edge answers an expired grant with 403.
  const refused = watched.media.filter((entry) => entry.responseStatus >= 300).map((entry) => `${entry.responseStatus} ${entry.name.split('?')[0]}`);
  expect(refused, 'media requests refused').to.deep.equal([]);
  expect(watched.reloads, 'source reloads (emptied)').to.equal(0);
}

/**
 * Stalls of a second or more around a swap of a new grant or the expiry of an old one, as
 * `<ms> ms at <time>`, leaving out those of a starved player: one that had played nearly all the
 * live encoder had published (on a busy machine the encoder runs slower than the clock, so a
 * player at the live edge waits for it). A refresh that held up loading would leave published
 * media unfetched; one that broke playback would stop a player with media buffered.
 */
function stallsAroundRefreshes(watched: Watch): string[] {
  const moments = [...watched.grants.slice(1).map(({ seenAt }) => seenAt), ...watched.grants.map(({ grant }) => Date.parse(grant.expiresAt))];
  const starved = ([, , buffered, published]: Watch['samples'][number]) => buffered < 0.5 && published - buffered < 1;
  return stallsOf(watched.samples)
    .filter(({ lostMs, before }) => lostMs >= 1000 && !starved(before))
    .filter(({ from, to }) => moments.some((at) => from < at + REFRESH_WINDOW_MS && to > at - 250))
    .map(({ from, lostMs, before: [, , buffered, published] }) => `${Math.round(lostMs)} ms at ${new Date(from).toISOString()} (${buffered.toFixed(2)} s buffered, ${published.toFixed(2)} s published ahead)`);
}

describe('<surgery-player> grant refresh', () => {
  afterEach(removePlayers);

  it('refreshes grants that expire mid-playback (query): every request carries a grant valid when made, no stall beyond a second', async () => {
    const watched = await watchLive('query');
    expectSeamlessRefresh(watched);
    const unsigned = watched.media.filter((entry) => {
      const grant = watched.grants.find(({ grant }) => entry.name.includes(signatureOf(grant)))?.grant;
      return !grant || Date.parse(grant.expiresAt) <= startedAt(entry);
    });
    expect(unsigned.map((entry) => entry.name.split('?')[0]), 'requests without the signature of a grant valid at the time').to.deep.equal([]);
    const last = watched.grants.at(-1)!.grant;
    expect(watched.media.some((entry) => entry.name.includes(signatureOf(last))), 'the last refreshed grant signs requests').to.equal(true);
    expect(stallsAroundRefreshes(watched), 'stalls around a swap or an expiry').to.deep.equal([]);
  });

  // The browser drops cookies at their Expires and the edge answers 403 `expired` to old ones:
  // media answered 200 after the first expiry was fetched with a refreshed grant's cookies.
  it('refreshes grants that expire mid-playback (cookies) with no stall beyond a second', async () => {
    const watched = await watchLive('cookies');
    expectSeamlessRefresh(watched);
    expect(stallsAroundRefreshes(watched), 'stalls around a swap or an expiry').to.deep.equal([]);
  });
});
