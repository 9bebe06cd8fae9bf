/**
 * Recorded HLS through hls.js, as a viewer sees it: the picture (read back from its frame code),
 * the element's state and its events. case-001 is 60 s at 30 fps, in 240p, 480p and 720p.
 */
import { expect } from '@esm-bundle/chai';
import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import type { QualityChangeEvent } from '../src/events/quality-change-event.js';
import { playerStateContext, type PlayerState } from '../src/state/player-state.js';
import { createPlayer, devToken, grantFor, loadCase, nextEvent, playsFor, removePlayers, shownFrameCode, stackUrl, vodHls, waitFor } from './support/stack.js';

/** What a control inside the player does: read the player's state through the context. */
class StateReader extends LitElement {
  states: PlayerState[] = [];
  readonly consumer = new ContextConsumer(this, {
    context: playerStateContext,
    subscribe: true,
    callback: (state) => this.states.push(state),
  });
}
customElements.define('test-state-reader', StateReader);

describe('<surgery-player> recorded HLS (hls.js)', () => {
  afterEach(removePlayers);

  it('plays case-001 from api + asset: hls.js, three qualities, 30 fps, 60 s', async () => {
    const token = await devToken();
    const player = createPlayer({ api: stackUrl, asset: 'case-001', src: vodHls('case-001') });
    player.token = token;
    const playing = nextEvent(player, 'playing');
    await player.play();
    await playing;
    await playsFor(player, 1);
    expect(player.engine).to.equal('hls.js');
    expect(player.grant?.id).to.equal('case-001');
    expect(player.live).to.equal(false);
    expect(player.latency).to.be.NaN;
    expect(player.paused).to.equal(false);
    expect(player.duration).to.be.closeTo(60, 0.1);
    expect(player.frameRate).to.equal(30);
    expect(player.qualities.map((quality) => quality.label)).to.deep.equal(['240p', '480p', '720p']);
    expect(player.media.videoWidth).to.be.greaterThan(0);
    expect(player.state.engine).to.equal('hls.js');
    expect(player.error).to.equal(undefined);
  });

  it('remembers play() called before there is a source, and plays once one is attached', async () => {
    const player = createPlayer();
    const played = player.play();
    expect(player.paused, 'paused right after play()').to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(player.media.paused, 'the bare video was never played').to.equal(true);
    expect(player.media.currentSrc).to.equal('');
    await loadCase(player, 'case-001');
    await played;
    await playsFor(player, 0.5);
    expect(player.paused).to.equal(false);
  });

  it('starts at the start attribute', async () => {
    const player = createPlayer({ start: '30' });
    await loadCase(player, 'case-001');
    await player.play();
    await playsFor(player, 0.2);
    expect(player.currentTime).to.be.within(30, 32);
    expect(shownFrameCode(player)).to.be.within(900, 960);
  });

  it('autoplays with the autoplay attribute, and shows the poster before', async () => {
    const grant = await grantFor('asset', 'case-001');
    const player = createPlayer({ autoplay: true, poster: grant.sources.poster! });
    await player.updateComplete;
    expect(player.media.poster).to.equal(grant.sources.poster);
    player.src = vodHls('case-001');
    player.grant = grant;
    await nextEvent(player, 'playing');
    await playsFor(player, 0.3);
    expect(player.paused).to.equal(false);
    expect(player.muted).to.equal(true);
  });

  it('with autoplay, asks the video to play before its first data, like <video autoplay>, and still starts at start', async () => {
    const player = createPlayer({ autoplay: true, start: '30' });
    const readyStateAtPlay = new Promise<number>((resolve) => player.media.addEventListener('play', () => resolve(player.media.readyState), { once: true }));
    await loadCase(player, 'case-001');
    expect(await readyStateAtPlay, 'play before the first picture is buffered').to.be.below(HTMLMediaElement.HAVE_CURRENT_DATA);
    await playsFor(player, 0.2);
    expect(player.currentTime).to.be.within(30, 32);
    expect(shownFrameCode(player)).to.be.within(900, 960);
  });

  it('provides its state to controls inside it through @lit/context, as the media confirms it', async () => {
    const player = createPlayer();
    const reader = document.createElement('test-state-reader') as StateReader;
    player.append(reader);
    await reader.updateComplete;
    expect(reader.states.at(-1)?.engine, 'no engine before a source').to.equal(undefined);
    await loadCase(player, 'case-001');
    await player.play();
    await playsFor(player, 0.5);
    const playing = reader.states.at(-1)!;
    expect(playing).to.include({ engine: 'hls.js', paused: false, live: false, frameRate: 30, quality: 'auto' });
    expect(playing.qualities.map((quality) => quality.label)).to.deep.equal(['240p', '480p', '720p']);
    expect(playing.currentTime).to.be.greaterThan(0);
    player.pause();
    await waitFor(() => reader.states.at(-1)!.paused, 'a paused state');
  });

  it('keeps playing when moved in the page, frees the engine when removed, and loads again when put back', async () => {
    const player = createPlayer();
    await loadCase(player, 'case-001');
    await player.play();
    await playsFor(player, 0.3);
    let emptied = 0;
    player.media.addEventListener('emptied', () => emptied++);
    const box = document.createElement('div');
    document.body.append(box);
    box.append(player);
    await playsFor(player, 0.3);
    expect(emptied, 'moving does not reload').to.equal(0);
    player.remove();
    await waitFor(() => emptied === 1, 'the engine to let go of the video');
    expect(player.engine).to.equal(undefined);
    box.append(player);
    await player.play();
    await playsFor(player, 0.3);
    expect(player.engine).to.equal('hls.js');
    box.remove();
  });

  it('re-dispatches media events from the element, bubbling and composed out of a shadow root', async () => {
    const outer = document.createElement('div');
    document.body.append(outer);
    const root = outer.attachShadow({ mode: 'open' });
    const player = document.createElement('surgery-player');
    player.muted = true;
    root.append(player);
    const types = ['loadedmetadata', 'play', 'playing', 'timeupdate', 'pause', 'seeked', 'ratechange', 'volumechange', 'ended'];
    const seen = new Map<string, EventTarget | null>();
    const record = (event: Event) => seen.set(event.type, event.target);
    for (const type of types) document.addEventListener(type, record);
    try {
      await loadCase(player, 'case-001');
      await player.play();
      await playsFor(player, 0.3);
      player.playbackRate = 2;
      player.volume = 0.5;
      await player.seek(59.5);
      await waitFor(() => seen.has('ended'), 'ended');
      player.pause();
      await waitFor(() => seen.has('pause'), 'pause');
      expect([...seen.keys()].sort()).to.deep.equal([...types].sort());
      // Retargeted to the host of the shadow root, as composed events are.
      expect(new Set(seen.values())).to.deep.equal(new Set([outer]));
      expect(player.playbackRate).to.equal(2);
      expect(player.volume).to.equal(0.5);
    } finally {
      for (const type of types) document.removeEventListener(type, record);
      outer.remove();
    }
  });

  describe('frames (time t shows frame floor(t × 30))', () => {
    it('shows the frame a seek asks for, once seek() resolves', async () => {
      const player = createPlayer();
      await loadCase(player, 'case-001');
      // Asked before the source is attached: remembered, and the source starts there.
      await player.seek(12.5);
      expect(shownFrameCode(player)).to.equal(375);
      expect(player.currentTime).to.be.closeTo(12.5, 0.0011);
      for (const [time, frame] of [
        [0.7, 21],
        [12.534, 376],
        [33.3334, 1000],
        [1.99, 59],
        [2, 60],
        [47.016, 1410],
      ] as const) {
        await player.seek(time);
        expect(shownFrameCode(player), `seek(${time})`).to.equal(frame);
      }
    });

    it('steps exactly one frame forward and back, across a segment boundary', async () => {
      const player = createPlayer();
      await loadCase(player, 'case-001');
      await player.seek(12.5);
      await player.stepFrame(1);
      expect(shownFrameCode(player)).to.equal(376);
      expect(player.currentTime).to.be.closeTo(376.5 / 30, 1e-6);
      await player.stepFrame(-1);
      expect(shownFrameCode(player)).to.equal(375);
      await player.seek(1.95);
      expect(shownFrameCode(player)).to.equal(58);
      await player.stepFrame(3);
      expect(shownFrameCode(player), 'frame 61 is in the second segment').to.equal(61);
      await player.stepFrame(-5);
      expect(shownFrameCode(player)).to.equal(56);
      // Steps queue: three at once move three frames.
      await Promise.all([player.stepFrame(1), player.stepFrame(1), player.stepFrame(1)]);
      expect(shownFrameCode(player)).to.equal(59);
    });

    it('steps from the frame on screen when paused during playback', async () => {
      const player = createPlayer();
      await loadCase(player, 'case-001');
      await player.play();
      await playsFor(player, 1);
      player.pause();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = shownFrameCode(player);
      await player.stepFrame(1);
      expect(shownFrameCode(player)).to.equal(before + 1);
      expect(player.paused).to.equal(true);
      await player.stepFrame(-1);
      expect(shownFrameCode(player)).to.equal(before);
    });
  });

  it('switches to 240p on request: qualitychange, then 240-line pictures', async () => {
    const player = createPlayer();
    await loadCase(player, 'case-001');
    await player.play();
    await playsFor(player, 0.5);
    const index240 = player.qualities.findIndex((quality) => quality.height === 240);
    expect(index240).to.equal(0);
    const changed = new Promise<QualityChangeEvent>((resolve) =>
      player.addEventListener('qualitychange', (event) => event.detail.active?.height === 240 && resolve(event)),
    );
    player.quality = index240;
    const event = await changed;
    expect(event.detail.quality).to.equal(index240);
    expect(event.detail.active?.label).to.equal('240p');
    expect(event.bubbles && event.composed).to.equal(true);
    await waitFor(() => player.media.videoHeight === 240, 'a 240-line picture');
    expect(player.activeQuality).to.equal(index240);
    expect(player.state.quality).to.equal(index240);
    expect(() => (player.quality = 7)).to.throw(RangeError, /qualities/);
    player.quality = 'auto';
    expect(player.quality).to.equal('auto');
  });
});
