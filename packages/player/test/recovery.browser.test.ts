/**
 * Recovery from real network and media faults, injected by a Service Worker between the player and
 * the edge (support/fault-injection): 503 answers, a dropped connection and a corrupted segment are
 * retried with backoff or played through, and playback carries on past them without a fatal
 * error; a source that keeps failing ends in a fatal `error` event whose message the player shows.
 */
import { expect } from '@esm-bundle/chai';
import type { PlayerErrorEvent } from '../src/events/player-error-event.js';
import type { SurgeryPlayer } from '../src/player.component.js';
import { openFaultyFrame, type FaultyFrame } from './support/fault-injection/faulty-frame.js';
import { grantFor, nextEvent, vodHls, waitFor } from './support/stack.js';

/** Video segment 3 (4 s to 6 s) of case-001, whichever rendition hls.js asks for it in. */
const SEGMENT_3 = '/media/vod/case-001/seg-[0-2]-00003\\.m4s$';
const SEGMENT_3_END = 6;

describe('<surgery-player> recovery', () => {
  let frame: FaultyFrame;
  let errors: PlayerErrorEvent['detail'][];

  beforeEach(async () => {
    frame = await openFaultyFrame();
    errors = [];
  });
  afterEach(() => frame.close());

  async function playCase(): Promise<SurgeryPlayer> {
    const player = frame.createPlayer();
    player.addEventListener('error', (event) => errors.push(event.detail));
    player.grant = await grantFor('asset', 'case-001');
    player.src = vodHls('case-001');
    return player;
  }

  it('retries a segment that fails (503, 503, dropped connection) with growing delays, and plays on past it', async () => {
    await frame.setRules([{ match: SEGMENT_3, faults: ['503', '503', 'drop'], then: 'pass' }]);
    const player = await playCase();
    await player.play();
    await waitFor(() => player.currentTime > SEGMENT_3_END + 1 || player.error !== undefined, 'playback past segment 3', 30_000);
    expect(player.error, 'fatal error').to.equal(undefined);
    expect(errors.filter((error) => error.fatal), 'fatal error events').to.deep.equal([]);

    const attempts = await frame.requests();
    expect(attempts.map((attempt) => attempt.fault)).to.deep.equal(['503', '503', 'drop', 'pass']);
    const delays = attempts.slice(1).map((attempt, i) => attempt.at - attempts[i]!.at);
    // hls.js backs off exponentially from 1 s after an error (1 s, then 2 s; a busy page's timers
    // only run later); after a dropped connection it may go straight to another rendition of the
    // same segment, which is the `pass` here.
    expect(delays[0], 'first retry after (ms)').to.be.within(900, 4000);
    expect(delays[1], 'second retry after (ms)').to.be.within(1900, 6000);
    expect(player.paused).to.equal(false);
  });

  // Chromium usually refuses the segment's samples (MEDIA_ERR_DECODE, which pauses the video and
  // closes the MediaSource); hls.js resets the MediaSource and the player resumes playing.
  it('recovers from a segment whose picture data arrives corrupted, and plays on past it', async () => {
    await frame.setRules([{ match: SEGMENT_3, faults: ['corrupt'], then: 'pass' }]);
    const player = await playCase();
    const decodeErrors: number[] = [];
    player.media.addEventListener('error', () => decodeErrors.push(player.media.error?.code ?? 0));
    await player.play();
    await waitFor(() => player.currentTime > SEGMENT_3_END + 1 || player.error !== undefined, 'playback past the corrupted segment', 30_000);
    expect((await frame.requests())[0]?.fault, 'the corrupted segment was served').to.equal('corrupt');
    expect(player.error, 'fatal error').to.equal(undefined);
    expect(errors.filter((error) => error.fatal), 'fatal error events').to.deep.equal([]);
    expect(player.paused).to.equal(false);
    expect(decodeErrors.filter((code) => code !== MediaError.MEDIA_ERR_DECODE), 'media errors other than decoding').to.deep.equal([]);
  });

  it('ends a source that keeps failing with a fatal network-error, retried with backoff first and shown in the player', async () => {
    await frame.setRules([{ match: '/media/vod/case-001/master\\.m3u8$', faults: [], then: '503' }]);
    const player = await playCase();
    const played = player.play();
    const { detail } = await nextEvent<PlayerErrorEvent>(player, 'error', 40_000);
    expect(detail.code).to.equal('network-error');
    expect(detail.fatal).to.equal(true);
    expect(detail.message).to.equal('The media could not be loaded after 3 retries (hls.js: manifestLoadError).');
    expect(player.error?.code).to.equal('network-error');
    await player.updateComplete;
    const shown = player.shadowRoot!.querySelector('[part="error"]');
    expect(shown?.textContent?.trim(), 'the message shown in the player').to.equal(detail.message);
    expect(shown?.getAttribute('role')).to.equal('alert');
    const refused = await played.then(
      () => undefined,
      (error: unknown) => error as { code?: string },
    );
    expect(refused?.code, 'the pending play() is refused with the same code').to.equal('network-error');

    // hls.js tries each load twice, a second apart; the player restarts it 1 s, 2 s and 4 s later.
    const attempts = await frame.requests();
    expect(attempts.length, 'manifest requests').to.equal(8);
    const restarts = [2, 4, 6].map((i) => attempts[i]!.at - attempts[i - 1]!.at);
    expect(restarts[0], 'first restart after (ms)').to.be.within(900, 4000);
    expect(restarts[1], 'second restart after (ms)').to.be.within(1900, 5000);
    expect(restarts[2], 'third restart after (ms)').to.be.within(3900, 8000);
  });
});
