/**
 * Edit playback as a viewer sees it: only the Edit's segments play, as one timeline, read back from
 * the frame code burned into each presented frame; annotations come and go with their events and
 * their drawings land on the right pixels of the picture. case-001 is 60 s at 30 fps.
 */
import { expect } from '@esm-bundle/chai';
import type { Annotation, Edit } from '@surgery-video/client';
import type { PlayerErrorEvent } from '../../src/events/player-error-event.js';
import type { SurgeryPlayer } from '../../src/player.component.js';
import { createPlayer, loadCase, nextEvent, removePlayers, shownFrameCode, waitFor } from '../support/stack.js';

const createdAt = '2026-03-01T09:30:00Z';

function annotation(id: string, time: number, extra: Partial<Annotation> = {}): Annotation {
  return { id, time, kind: 'note', text: `remark ${id}`, author: 'specialist-1', createdAt, ...extra };
}

/** Two segments, [10, 12) and [30, 31.5) s: 3.5 s of edit, source frames 300..359 then 900..944. */
function twoSegments(annotations: Annotation[] = []): Edit {
  return {
    schema: 'surgery-video/edit@1',
    id: 'edit-1',
    assetId: 'case-001',
    title: 'Two segments',
    version: 1,
    status: 'published',
    segments: [
      { start: 10, end: 12 },
      { start: 30, end: 31.5 },
    ],
    annotations,
    createdBy: 'trainee-1',
    createdAt,
    updatedAt: createdAt,
  };
}

function overlayOf(player: SurgeryPlayer): HTMLElement & { updateComplete: Promise<boolean> } {
  return player.shadowRoot!.querySelector('[part="annotation"]')!;
}

/** The source frames of twoSegments(): 300..359 and 900..944. */
const inSegments = (code: number) => (code >= 300 && code < 360) || (code >= 900 && code < 945);

/**
 * Plays the applied Edit to its end, reading the frame code of every frame the video presents
 * until 700 ms after `ended`; `ended` counts the events. `whilePlaying` runs from play() to `ended`.
 */
async function playToEnd(player: SurgeryPlayer, whilePlaying?: () => () => void): Promise<{ codes: number[]; ended: number }> {
  const codes: number[] = [];
  let sampling = true;
  const sample = () => {
    if (!sampling) return;
    codes.push(shownFrameCode(player));
    player.media.requestVideoFrameCallback(sample);
  };
  player.media.requestVideoFrameCallback(sample);
  let ended = 0;
  player.addEventListener('ended', () => ended++);
  const stop = whilePlaying?.();
  try {
    await player.play();
    await waitFor(() => ended > 0, 'ended', 30_000);
  } finally {
    stop?.();
  }
  await new Promise((resolve) => setTimeout(resolve, 700));
  sampling = false;
  return { codes, ended };
}

describe('<surgery-player> edit playback', () => {
  afterEach(removePlayers);

  it('plays only the segments, as one 3.5 s timeline, and ends once', async () => {
    const player = createPlayer();
    player.edit = twoSegments();
    await loadCase(player, 'case-001');
    await player.seek(0);
    expect(player.duration).to.equal(3.5);
    expect(shownFrameCode(player)).to.equal(300);
    const times: number[] = [];
    player.addEventListener('timeupdate', () => times.push(player.currentTime));
    const { codes, ended } = await playToEnd(player);
    const outside = codes.filter((code) => !inSegments(code));
    expect(outside, `frames outside the segments among ${codes.length} presented`).to.deep.equal([]);
    expect(codes.some((code) => code >= 350 && code < 360), 'the end of the first segment played').to.equal(true);
    expect(codes.some((code) => code >= 935 && code < 945), 'the end of the second segment played').to.equal(true);
    expect(ended).to.equal(1);
    expect(player.paused).to.equal(true);
    expect(player.currentTime).to.equal(3.5);
    expect(shownFrameCode(player)).to.be.within(940, 944);
    expect(times.every((t) => t >= 0 && t <= 3.5), 'timeupdate reports edit time').to.equal(true);
    expect(times.some((t) => t > 2 && t < 3.5)).to.equal(true);
  });

  it('shows no frame outside the segments on a busy page, whose frame callbacks come frames apart', async () => {
    const player = createPlayer();
    player.edit = twoSegments();
    await loadCase(player, 'case-001');
    await player.seek(0);
    // The page's own work holds the main thread 44 ms of every 50, as a heavy portal page might.
    const { codes, ended } = await playToEnd(player, () => {
      const busy = setInterval(() => {
        const until = performance.now() + 44;
        while (performance.now() < until);
      }, 50);
      return () => clearInterval(busy);
    });
    const outside = codes.filter((code) => !inSegments(code));
    expect(outside, `frames outside the segments among ${codes.length} presented`).to.deep.equal([]);
    expect(codes.some((code) => code >= 900 && code < 945), 'the second segment played').to.equal(true);
    expect(shownFrameCode(player), 'it rests on the edit\'s last frame').to.equal(944);
    expect(ended).to.equal(1);
    expect(player.currentTime).to.equal(3.5);
  });

  it('shows the Edit\'s first frame before play when the Edit is set before the media loads', async () => {
    const player = createPlayer();
    player.edit = twoSegments();
    await loadCase(player, 'case-001');
    await waitFor(() => player.media.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && !player.media.seeking && shownFrameCode(player) === 300, 'the first frame of the Edit on screen');
    expect(player.currentTime).to.be.closeTo(0, 0.0011);
    expect(player.paused).to.equal(true);
  });

  it('seeks in edit time: seek(2.5) shows source frame 915; stepFrame crosses a segment boundary', async () => {
    const player = createPlayer();
    await loadCase(player, 'case-001');
    player.edit = twoSegments();
    await player.seek(2.5);
    expect(shownFrameCode(player)).to.equal(915);
    expect(player.currentTime).to.be.closeTo(2.5, 0.0011);
    await player.seek(1.5);
    expect(shownFrameCode(player)).to.equal(345);
    await player.seek(59 / 30);
    expect(shownFrameCode(player)).to.equal(359);
    await player.stepFrame(1);
    expect(shownFrameCode(player), 'the step off the last frame of a segment lands on the next one').to.equal(900);
    await player.stepFrame(-2);
    expect(shownFrameCode(player)).to.equal(358);
  });

  it('dispatches annotationenter and annotationleave in time order, while playing and on seeks', async () => {
    const player = createPlayer();
    const first = annotation('first', 11, { duration: 0.5, kind: 'mistake' });
    const second = annotation('second', 30.3, { duration: 0.5, kind: 'good-practice' });
    player.edit = twoSegments([first, second]);
    await loadCase(player, 'case-001');
    await player.seek(0);
    expect(player.annotations.map((a) => [a.id, a.time])).to.deep.equal([
      ['first', 1],
      ['second', 2 + 0.3],
    ]);
    const seen: string[] = [];
    const record = (event: Event) => seen.push(`${event.type} ${(event as CustomEvent<{ annotation: Annotation }>).detail.annotation.id}`);
    document.addEventListener('annotationenter', record);
    document.addEventListener('annotationleave', record);
    try {
      const ended = nextEvent(player, 'ended', 30_000);
      await player.play();
      await ended;
      expect(seen).to.deep.equal(['annotationenter first', 'annotationleave first', 'annotationenter second', 'annotationleave second']);
      seen.length = 0;
      await player.seek(1.2);
      expect(seen).to.deep.equal(['annotationenter first']);
      await player.seek(2.4);
      expect(seen).to.deep.equal(['annotationenter first', 'annotationleave first', 'annotationenter second']);
      await overlayOf(player).updateComplete;
      expect(overlayOf(player).shadowRoot!.textContent).to.contain('remark second').and.contain('specialist-1').and.contain('Good practice');
    } finally {
      document.removeEventListener('annotationenter', record);
      document.removeEventListener('annotationleave', record);
    }
  });

  it('lays a drawing over the picture, letterboxed inside a square player', async () => {
    const player = createPlayer();
    player.style.width = '400px';
    player.style.height = '400px';
    const drawn = annotation('drawn', 11, {
      drawing: { shapes: [{ type: 'rect', points: [[0.25, 0.5], [0.75, 1]], color: '#e53935' }] },
    });
    player.edit = twoSegments([drawn]);
    await loadCase(player, 'case-001');
    await player.seek(1.2);
    const overlay = overlayOf(player);
    await waitFor(() => !!overlay.shadowRoot?.querySelector('[data-shape="rect"]'), 'the rect');
    await overlay.updateComplete;
    const video = player.media;
    expect(video.videoWidth / video.videoHeight).to.be.closeTo(16 / 9, 0.01);
    // A 16:9 picture in 400 × 400: 400 × 225, with bars of 87.5 px above and below.
    const host = player.getBoundingClientRect();
    const rect = overlay.shadowRoot!.querySelector('[data-shape="rect"]')!.getBoundingClientRect();
    const picture = { top: (400 - 225) / 2, height: 225 };
    expect(rect.left - host.left).to.be.closeTo(100, 1);
    expect(rect.width).to.be.closeTo(200, 1);
    expect(rect.top - host.top).to.be.closeTo(picture.top + 0.5 * picture.height, 1);
    expect(rect.bottom - host.top).to.be.closeTo(picture.top + picture.height, 1);
    // Resized to pillarbox: the drawing follows the picture.
    player.style.width = '800px';
    player.style.height = '225px';
    await waitFor(() => Math.abs(overlay.shadowRoot!.querySelector('[data-shape="rect"]')!.getBoundingClientRect().left - player.getBoundingClientRect().left - 300) < 1, 'the rect to follow the resize');
  });

  it('refuses an invalid Edit with a non-fatal invalid-edit naming the field, and plays the source', async () => {
    const player = createPlayer();
    const bad = twoSegments();
    bad.segments = [{ start: 12, end: 10 }];
    const error = nextEvent<PlayerErrorEvent>(player, 'error');
    player.edit = bad;
    await loadCase(player, 'case-001');
    const { detail } = await error;
    expect(detail.code).to.equal('invalid-edit');
    expect(detail.fatal).to.equal(false);
    expect(detail.message).to.contain('segments[0]');
    await player.seek(20);
    expect(shownFrameCode(player)).to.equal(600);
    await waitFor(() => player.duration > 59, 'the source duration');
  });

  it('checks the Edit against the asset: a segment past its end is refused once the duration is known', async () => {
    const player = createPlayer();
    const long = twoSegments();
    long.segments = [{ start: 10, end: 90 }];
    const error = nextEvent<PlayerErrorEvent>(player, 'error');
    player.edit = long;
    await loadCase(player, 'case-001');
    const { detail } = await error;
    expect(detail.code).to.equal('invalid-edit');
    expect(detail.message).to.contain('segments[0].end');
  });

  it('loads an Edit from edit-src, and reports edit-load-failed for a missing one', async () => {
    const json = URL.createObjectURL(new Blob([JSON.stringify(twoSegments())], { type: 'application/json' }));
    const player = createPlayer({ 'edit-src': json });
    await loadCase(player, 'case-001');
    await player.seek(2.5);
    expect(shownFrameCode(player)).to.equal(915);
    expect(player.duration).to.equal(3.5);
    const failed = nextEvent<PlayerErrorEvent>(player, 'error');
    player.editSrc = `${location.origin}/no-such-edit.json`;
    const { detail } = await failed;
    expect(detail.code).to.equal('edit-load-failed');
    expect(detail.fatal).to.equal(false);
    await waitFor(() => player.duration > 59, 'the whole source again');
  });
});
