/**
 * The built-in controls over case-001 (60 s, 30 fps, 240p/480p/720p, thumbnails, 5 chapters,
 * captions), driven as a viewer would: clicks, pointer hover, keys. Every check reads what the
 * player shows: its state, or the frame code burned into the picture.
 */
import { expect } from '@esm-bundle/chai';
import 'axe-core';
import type { SurgeryPlayer } from '../../../src/player.component.js';
import { cueAt, parseThumbnails, parseVtt } from '../../../src/controls/webvtt.js';
import { withSignedQuery } from '../../../src/access/signed-query.js';
import { createPlayer, loadCase, nextEvent, playsFor, removePlayers, shownFrameCode, waitFor } from '../../support/stack.js';
import { clickBar, controlsReady, deepQueryAll, part, pointer, press, select } from './support.js';

async function casePlayer(attributes: Record<string, string | true> = {}): Promise<SurgeryPlayer> {
  const player = createPlayer({ controls: true, ...attributes });
  player.style.width = '640px';
  await loadCase(player, 'case-001');
  await controlsReady(player);
  await waitFor(() => player.readyState >= 2 && player.duration > 0, 'the first picture');
  return player;
}

async function vtt(player: SurgeryPlayer, file: 'thumbnails' | 'chapters'): Promise<string> {
  const grant = player.grant!;
  const response = await fetch(withSignedQuery(grant.sources[file]!, grant.query));
  return response.text();
}

describe('<surgery-player controls>', () => {
  afterEach(removePlayers);

  it('shows no controls without the attribute, like <video>', async () => {
    const player = createPlayer();
    await loadCase(player, 'case-001');
    await player.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(player.shadowRoot!.querySelector('surgery-control-bar')).to.equal(null);
    player.controls = true;
    await controlsReady(player);
  });

  it('plays and pauses with the play button, which names its action', async () => {
    const player = await casePlayer();
    const button = part(player, 'play-button')!;
    expect(button.tagName).to.equal('BUTTON');
    expect(button.getAttribute('aria-label')).to.equal('Play');
    const playing = nextEvent(player, 'playing');
    button.click();
    await playing;
    await playsFor(player, 0.3);
    await waitFor(() => part(player, 'play-button')!.getAttribute('aria-label') === 'Pause', 'the button to offer Pause');
    part(player, 'play-button')!.click();
    await waitFor(() => player.paused, 'paused');
    expect(player.media.paused).to.equal(true);
  });

  it('seeks to the middle when the bar is clicked at 50 %, and says the time in words', async () => {
    const player = await casePlayer();
    const bar = part(player, 'seek-bar')!;
    expect(bar.getAttribute('role')).to.equal('slider');
    const seeked = nextEvent(player, 'seeked');
    clickBar(bar, 0.5);
    await seeked;
    expect(player.currentTime).to.be.closeTo(player.duration / 2, 0.5);
    await waitFor(() => /^30 seconds of 1 minute$/.test(part(player, 'seek-bar')!.getAttribute('aria-valuetext') ?? ''), 'aria-valuetext in words');
  });

  it('steps exactly one frame with the step buttons', async () => {
    const player = await casePlayer();
    await player.seek(12.5);
    expect(shownFrameCode(player)).to.equal(375);
    part(player, 'step-forward')!.click();
    await waitFor(() => shownFrameCode(player) === 376, 'frame 376');
    part(player, 'step-back')!.click();
    await waitFor(() => shownFrameCode(player) === 375, 'frame 375');
    part(player, 'step-back')!.click();
    await waitFor(() => shownFrameCode(player) === 374, 'frame 374');
    expect(player.paused).to.equal(true);
  });

  it('keyboard: Space, K, . and , arrows (Shift: 1 s), M, Home/End, digits; announced politely', async () => {
    const player = await casePlayer();
    player.focus();
    expect(player.matches(':focus')).to.equal(true);
    press(player, ' ');
    await waitFor(() => !player.paused, 'Space plays');
    press(player, 'k');
    await waitFor(() => player.paused, 'K pauses');
    const announcer = player.shadowRoot!.querySelector('.announcer[role="status"]')!;
    await waitFor(() => announcer.textContent === 'Paused', 'the pause announced').catch((error) => {
      throw new Error(`${error.message}; announced: "${announcer.textContent}", paused: ${player.paused}`);
    });
    await player.seek(12.5);
    press(player, '.');
    await waitFor(() => shownFrameCode(player) === 376, '. steps forward');
    press(player, ',');
    await waitFor(() => shownFrameCode(player) === 375, ', steps back');
    await waitFor(() => /^Frame 375$/.test(announcer.textContent ?? ''), 'the frame announced');
    press(player, 'ArrowRight');
    await waitFor(() => Math.abs(player.currentTime - 17.5) < 0.1, '→ seeks 5 s forward');
    press(player, 'ArrowLeft', { shiftKey: true });
    await waitFor(() => Math.abs(player.currentTime - 16.5) < 0.1, 'Shift+← seeks 1 s back');
    press(player, 'ArrowLeft');
    await waitFor(() => Math.abs(player.currentTime - 11.5) < 0.1, '← seeks 5 s back');
    press(player, '5');
    await waitFor(() => Math.abs(player.currentTime - 30) < 0.1, '5 jumps to 50 %');
    press(player, 'Home');
    await waitFor(() => player.currentTime < 0.1, 'Home');
    press(player, 'End');
    await waitFor(() => player.currentTime > 59.9, 'End');
    expect(player.muted).to.equal(true);
    press(player, 'm');
    expect(player.muted, 'M unmutes').to.equal(false);
    press(player, 'm');
    expect(player.muted, 'M mutes').to.equal(true);
    await waitFor(() => part(player, 'mute')!.getAttribute('aria-pressed') === 'true', 'the mute button pressed');
  });

  it('keys pressed on a control go to the control: Space on a button is a click, not a second toggle', async () => {
    const player = await casePlayer();
    const button = part(player, 'play-button')!;
    const event = press(button, ' ');
    expect(event.defaultPrevented, 'the player leaves Space on a button alone').to.equal(false);
    expect(player.paused).to.equal(true);
  });

  it('remaps keys with the keymap property, and nohotkeys turns them off', async () => {
    const player = await casePlayer();
    player.keymap = { x: 'toggle-mute', m: null };
    press(player, 'm');
    expect(player.muted, 'm unbound').to.equal(true);
    press(player, 'x');
    expect(player.muted, 'x mutes/unmutes').to.equal(false);
    player.keymap = undefined;
    player.setAttribute('nohotkeys', '');
    await player.updateComplete;
    const event = press(player, 'm');
    expect(player.muted, 'no shortcuts with nohotkeys').to.equal(false);
    expect(event.defaultPrevented).to.equal(false);
    player.removeAttribute('nohotkeys');
    await player.updateComplete;
    press(player, 'm');
    expect(player.muted).to.equal(true);
  });

  it('hotkeys-scope="page" takes keys from the page, never from text fields', async () => {
    const player = await casePlayer({ 'hotkeys-scope': 'page' });
    const input = document.createElement('input');
    document.body.append(input);
    try {
      press(input, 'm');
      expect(player.muted, 'typing m in a field').to.equal(true);
      press(document.body, 'm');
      expect(player.muted, 'm on the page').to.equal(false);
    } finally {
      input.remove();
    }
  });

  it('quality menu: Auto and the 3 renditions; choosing 240p shows 240-line pictures', async () => {
    const player = await casePlayer();
    await player.play();
    await playsFor(player, 0.3);
    await waitFor(() => Boolean(part(player, 'quality')), 'the quality menu');
    const menu = part(player, 'quality') as HTMLSelectElement;
    expect([...menu.options].map((option) => option.value)).to.deep.equal(['auto', '2', '1', '0']);
    expect([...menu.options].slice(1).map((option) => option.text)).to.deep.equal(['720p', '480p', '240p']);
    await waitFor(() => /^Auto \(\d+p\)$/.test((part(player, 'quality') as HTMLSelectElement).options[0]!.text), 'Auto naming the rendition playing');
    select(menu, '0');
    expect(player.quality).to.equal(0);
    await waitFor(() => player.qualities[player.activeQuality]?.height === 240 && player.media.videoHeight === 240, 'a 240-line picture');
    const shown = part(player, 'quality') as HTMLSelectElement;
    expect(shown.selectedOptions[0]!.text).to.equal('240p');
  });

  it('playback rate 0.25× to 2×', async () => {
    const player = await casePlayer();
    const menu = part(player, 'rate') as HTMLSelectElement;
    expect([...menu.options].map((option) => Number(option.value))).to.deep.equal([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    select(menu, '1.5');
    expect(player.playbackRate).to.equal(1.5);
  });

  it('time display: clock, then SMPTE timecode at the frame rate when pressed', async () => {
    const player = await casePlayer();
    await player.seek(12.5);
    const time = () => part(player, 'time')!;
    await waitFor(() => time().textContent!.trim() === '0:12 / 1:00', 'the clock');
    time().click();
    await waitFor(() => time().textContent!.trim() === '00:00:12:15 / 00:01:00:00', 'the timecode');
    expect(time().getAttribute('aria-pressed')).to.equal('true');
  });

  it('shows the right sprite tile and chapter on hover', async () => {
    const player = await casePlayer();
    const cues = parseThumbnails(await vtt(player, 'thumbnails'), player.grant!.sources.thumbnails!);
    const chapters = parseVtt(await vtt(player, 'chapters'));
    const bar = part(player, 'seek-bar')!;
    const rect = bar.getBoundingClientRect();
    for (const fraction of [0.1, 0.25, 0.61]) {
      pointer(bar, 'pointermove', rect.left + rect.width * fraction);
      const time = fraction * player.duration;
      const expected = cueAt(cues, time)!;
      await waitFor(() => Boolean(part(player, 'thumbnail')) && part(player, 'thumbnail')!.dataset.time === String(expected.start), `the tile for ${time} s`);
      const tile = part(player, 'thumbnail')!;
      const style = getComputedStyle(tile);
      expect(style.backgroundPosition).to.equal(`${-expected.x}px ${-expected.y}px`);
      expect(style.width).to.equal(`${expected.width}px`);
      expect(style.backgroundImage).to.contain(expected.url.split('?')[0]);
      expect(tile.parentElement!.textContent).to.contain(cueAt(chapters, time)!.text);
      const image = new Image();
      image.src = style.backgroundImage.slice(5, -2);
      await image.decode();
      expect(image.naturalWidth, 'the sprite loads (signed)').to.be.at.least(expected.x + expected.width);
    }
    pointer(bar, 'pointerleave', rect.left);
    await waitFor(() => !part(player, 'thumbnail'), 'the preview to go');
  });

  it('marks one chapter per chapters.vtt cue on the bar', async () => {
    const player = await casePlayer();
    const cues = parseVtt(await vtt(player, 'chapters'));
    expect(cues.length).to.be.greaterThan(1);
    await waitFor(() => deepQueryAll(player.shadowRoot!, '[part~="chapter"]').length === cues.length, `${cues.length} chapter marks`);
    const marks = deepQueryAll(player.shadowRoot!, '[part~="chapter"]');
    expect(marks.map((mark) => mark.title)).to.deep.equal(cues.map((cue) => cue.text));
  });

  it('mute button and volume slider', async () => {
    const player = await casePlayer();
    part(player, 'mute')!.click();
    expect(player.muted).to.equal(false);
    const slider = part(player, 'volume') as HTMLInputElement;
    slider.value = '0.5';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    expect(player.volume).to.equal(0.5);
    await waitFor(() => part(player, 'volume')!.getAttribute('aria-valuetext') === '50 %', 'the volume in words');
  });

  it('captions: a <track> on the video from captions.vtt, shown and hidden by the button', async () => {
    const player = await casePlayer();
    const button = part(player, 'captions')!;
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    const captions = () => [...player.media.textTracks].find((track) => track.kind === 'captions');
    button.click();
    await waitFor(() => captions()?.mode === 'showing', 'a showing captions track');
    await waitFor(() => (captions()!.cues?.length ?? 0) > 3, 'its cues');
    expect(part(player, 'captions')!.getAttribute('aria-pressed')).to.equal('true');
    press(player, 'c');
    await waitFor(() => captions()!.mode === 'hidden', 'C hides them');
  });

  it('asks for fullscreen on the host element', async () => {
    const player = await casePlayer();
    let asked: Element | undefined;
    const original = Element.prototype.requestFullscreen;
    Element.prototype.requestFullscreen = function (this: Element) {
      asked = this;
      return Promise.resolve();
    };
    try {
      part(player, 'fullscreen')!.click();
      await waitFor(() => asked !== undefined, 'requestFullscreen');
      expect(asked).to.equal(player);
    } finally {
      Element.prototype.requestFullscreen = original;
    }
  });

  it('every control is reachable by part, a real button or slider with a name', async () => {
    const player = await casePlayer();
    await player.play();
    await playsFor(player, 0.3);
    await waitFor(() => Boolean(part(player, 'quality')), 'the quality menu');
    for (const name of ['play-button', 'seek-bar', 'time', 'step-back', 'step-forward', 'rate', 'quality', 'volume', 'mute', 'captions', 'fullscreen']) {
      const control = part(player, name);
      expect(control, name).to.not.equal(undefined);
      const label = control!.getAttribute('aria-label') ?? control!.textContent!.trim();
      expect(label, `${name} has a name`).to.not.equal('');
      expect(control!.getBoundingClientRect().height, `${name} is a 44 px target`).to.be.at.least(44);
    }
  });

  it('axe-core finds no violations', async () => {
    const player = await casePlayer();
    await player.play();
    await playsFor(player, 0.3);
    player.pause();
    await waitFor(() => Boolean(part(player, 'quality')), 'the quality menu');
    // axe-core is a UMD script: imported for its side effect, it sets window.axe (and reads shadow roots).
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run(player, { resultTypes: ['violations'] });
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).to.deep.equal([]);
  });

  it('fits 320 px: controls wrap without horizontal overflow, light theme too', async () => {
    const player = createPlayer({ controls: true, theme: 'light' });
    player.style.width = '320px';
    await loadCase(player, 'case-001');
    await controlsReady(player);
    await player.play();
    await playsFor(player, 0.3);
    await waitFor(() => Boolean(part(player, 'quality')), 'the quality menu');
    const box = player.getBoundingClientRect();
    expect(box.width).to.equal(320);
    const bar = player.shadowRoot!.querySelector('surgery-control-bar')!;
    expect(bar.scrollWidth).to.be.at.most(bar.clientWidth);
    for (const control of deepQueryAll(player.shadowRoot!, '[part]')) {
      const rect = control.getBoundingClientRect();
      if (rect.width === 0) continue;
      expect(rect.left, `${control.getAttribute('part')} left`).to.be.at.least(box.left - 0.5);
      expect(rect.right, `${control.getAttribute('part')} right`).to.be.at.most(box.right + 0.5);
    }
    expect(getComputedStyle(bar).color).to.equal('rgb(20, 23, 28)');
  });
});
