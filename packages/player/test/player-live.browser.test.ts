/**
 * The live operating-room channel `or-1` (25 fps, wall clock burned in, program-date-time on every
 * segment): HLS with a DVR window through hls.js, and LL-DASH through shaka in low-latency mode.
 */
import { expect } from '@esm-bundle/chai';
import type { LiveChangeEvent } from '../src/events/live-change-event.js';
import { createPlayer, devToken, nextEvent, playsFor, removePlayers, stackUrl, waitFor } from './support/stack.js';

describe('<surgery-player> live', () => {
  afterEach(removePlayers);

  it('plays the channel over HLS: live, livechange, a finite latency, a DVR window and seekToLive()', async () => {
    const token = await devToken();
    // No kind: "or-1" is not a recorded asset, so the player asks for a live grant.
    const player = createPlayer({ api: stackUrl, asset: 'or-1' });
    player.token = token;
    const livechange = nextEvent<LiveChangeEvent>(player, 'livechange');
    await player.play();
    expect((await livechange).detail.live).to.equal(true);
    await playsFor(player, 1);
    expect(player.live).to.equal(true);
    expect(player.engine).to.equal('hls.js');
    expect(player.grant?.kind).to.equal('live');
    expect(player.duration).to.equal(Infinity);
    expect(player.frameRate).to.equal(25);
    await waitFor(() => Number.isFinite(player.latency), 'a program-date-time for the frame on screen');
    expect(player.latency).to.be.within(0, 15);

    // The channel starts with the test run: wait until its DVR window holds 10 s.
    const windowLength = () => (player.state.seekable ? player.state.seekable.end - player.state.seekable.start : 0);
    await waitFor(() => windowLength() >= 10, 'a DVR window of 10 s behind the live edge', 40_000);
    const window = player.state.seekable!;
    await player.seek(window.start + 1);
    expect(player.state.atLiveEdge, 'watching the DVR window').to.equal(false);
    const behind = player.latency;
    await player.seekToLive();
    await playsFor(player, 0.5);
    expect(player.state.atLiveEdge).to.equal(true);
    expect(player.latency).to.be.lessThan(behind - 2);
  });

  it('plays LL-DASH with shaka in latency-mode="low", a few seconds behind the wall clock', async () => {
    const token = await devToken();
    const player = createPlayer({ api: stackUrl, asset: 'or-1', kind: 'live', 'latency-mode': 'low' });
    player.token = token;
    await player.play();
    await playsFor(player, 1);
    expect(player.engine).to.equal('shaka');
    expect(player.state.source).to.match(/\/ll\/manifest\.mpd$/);
    expect(player.live).to.equal(true);
    await waitFor(() => Number.isFinite(player.latency), 'a program-date-time for the frame on screen');
    expect(player.latency).to.be.within(0, 8);
  });
});
