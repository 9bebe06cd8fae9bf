/**
 * Recorded DASH through shaka-player. This file never plays HLS, so it also shows that a page
 * playing only DASH never downloads hls.js (each test file runs in its own page).
 */
import { expect } from '@esm-bundle/chai';
import type { QualityChangeEvent } from '../src/events/quality-change-event.js';
import { createPlayer, loadCase, playsFor, removePlayers, shownFrameCode, waitFor } from './support/stack.js';

function downloaded(pattern: RegExp): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => pattern.test(name));
}

describe('<surgery-player> recorded DASH (shaka-player)', () => {
  afterEach(removePlayers);

  it('plays case-001 from its MPD with shaka, and never downloads hls.js', async () => {
    const player = createPlayer();
    await loadCase(player, 'case-001', 'dash');
    await player.play();
    await playsFor(player, 1);
    expect(player.engine).to.equal('shaka');
    expect(player.live).to.equal(false);
    expect(player.frameRate).to.equal(30);
    expect(player.duration).to.be.closeTo(60, 0.1);
    expect(player.qualities.map((quality) => quality.label)).to.deep.equal(['240p', '480p', '720p']);
    expect(downloaded(/shaka-player/), 'shaka-player was loaded').to.have.length.greaterThan(0);
    expect(downloaded(/hls\.js|hls-engine/), 'hls.js was never loaded').to.deep.equal([]);
  });

  it('shows the frame a seek asks for and steps one frame at a time', async () => {
    const player = createPlayer();
    await loadCase(player, 'case-001', 'dash');
    await player.seek(12.5);
    expect(shownFrameCode(player)).to.equal(375);
    await player.stepFrame(1);
    expect(shownFrameCode(player)).to.equal(376);
    await player.stepFrame(-1);
    expect(shownFrameCode(player)).to.equal(375);
    await player.seek(40.001);
    expect(shownFrameCode(player)).to.equal(1200);
  });

  it('switches to 240p on request: qualitychange, then 240-line pictures', async () => {
    const player = createPlayer();
    await loadCase(player, 'case-001', 'dash');
    await player.play();
    await playsFor(player, 0.5);
    const changed = new Promise<QualityChangeEvent>((resolve) =>
      player.addEventListener('qualitychange', (event) => event.detail.active?.height === 240 && resolve(event)),
    );
    player.quality = 0;
    const event = await changed;
    expect(event.detail.quality).to.equal(0);
    await waitFor(() => player.media.videoHeight === 240, 'a 240-line picture');
    expect(player.activeQuality).to.equal(0);
  });
});
