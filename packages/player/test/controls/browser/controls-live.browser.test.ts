/** The controls over the live channel or-1: the DVR window on the seek bar, the LIVE badge and go-to-live. */
import { expect } from '@esm-bundle/chai';
import { createPlayer, devToken, playsFor, removePlayers, stackUrl, waitFor } from '../../support/stack.js';
import { clickBar, controlsReady, part } from './support.js';

describe('<surgery-player controls> live', () => {
  afterEach(removePlayers);

  it('shows LIVE, seeks in the DVR window from the bar, and goes back to live from the badge', async function () {
    // The channel starts with the test run: its DVR window can take most of a minute to fill.
    this.timeout(150_000);
    const token = await devToken();
    const player = createPlayer({ api: stackUrl, asset: 'or-1', kind: 'live', controls: true });
    player.token = token;
    await controlsReady(player);
    await player.play();
    await waitFor(() => player.live, 'live');
    await playsFor(player, 0.5);
    await waitFor(() => Boolean(part(player, 'live-badge')), 'the LIVE badge');
    expect(part(player, 'live-badge')!.getAttribute('aria-pressed')).to.equal('true');
    const windowLength = () => (player.state.seekable ? player.state.seekable.end - player.state.seekable.start : 0);
    await waitFor(() => windowLength() >= 10, 'a DVR window of 10 s', 100_000);
    const window = player.state.seekable!;
    clickBar(part(player, 'seek-bar')!, 0.1);
    await waitFor(() => !player.state.atLiveEdge, 'watching the DVR window');
    expect(player.currentTime).to.be.within(window.start, window.start + windowLength() * 0.5);
    await waitFor(() => part(player, 'live-badge')!.getAttribute('aria-pressed') === 'false', 'the badge off the edge');
    expect(part(player, 'step-forward')!.hasAttribute('disabled')).to.equal(true);
    part(player, 'live-badge')!.click();
    await waitFor(() => player.state.atLiveEdge, 'back at the live edge');
    await waitFor(() => part(player, 'live-badge')!.getAttribute('aria-pressed') === 'true', 'the badge lit');
  });
});
