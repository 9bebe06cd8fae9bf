/**
 * Frame steps from the decoded-frame cache (frames/frame-cache-controller.ts), as a viewer sees
 * them: paused on case-001, a step to a cached frame puts that frame's picture on the overlay at
 * once, the video presents the same picture a moment later and the overlay goes, and playing
 * hides it. The burned-in frame code says which frame each picture is.
 */
import { expect } from '@esm-bundle/chai';
import { readFrameCode } from '../../server-kit/src/media/frame-code.js';
import type { SurgeryPlayer } from '../src/player.component.js';
import { createPlayer, loadCase, removePlayers, shownFrameCode, waitFor } from './support/stack.js';

/** Captures are compared at this size: the element's width (640 px) at 16:9, as on screen. */
const WIDTH = 640;
const HEIGHT = 360;

function overlayOf(player: SurgeryPlayer): HTMLCanvasElement | null {
  return player.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.frame-cache');
}

/** `source` drawn at WIDTH × HEIGHT: the overlay canvas as it is, or the video's current picture. */
function capture(source: HTMLCanvasElement | HTMLVideoElement): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(source, 0, 0, WIDTH, HEIGHT);
  return context.getImageData(0, 0, WIDTH, HEIGHT);
}

function frameCodeOf(image: ImageData): number {
  return readFrameCode((x, y) => image.data[(y * image.width + x) * 4]!, image.width, image.height);
}

/** Mean absolute difference of the RGB channels, 0..255. */
function meanDifference(a: ImageData, b: ImageData): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
  return sum / ((a.data.length / 4) * 3);
}

async function pausedCase(format: 'hls' | 'dash' = 'hls'): Promise<SurgeryPlayer> {
  const player = createPlayer();
  player.style.width = `${WIDTH}px`;
  await loadCase(player, 'case-001', format);
  await waitFor(() => player.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA, 'the first picture');
  return player;
}

/**
 * Steps `n` frames and returns the overlay's picture as it was when the step announced its new
 * position (its first `timeupdate`), or undefined when the overlay was not up then (a cache miss).
 */
async function stepWithOverlay(player: SurgeryPlayer, n: number): Promise<ImageData | undefined> {
  let picture: ImageData | undefined;
  let first = true;
  const listener = () => {
    const overlay = overlayOf(player);
    if (first && overlay && !overlay.hidden) picture = capture(overlay);
    first = false;
  };
  player.addEventListener('timeupdate', listener);
  try {
    await player.stepFrame(n);
  } finally {
    player.removeEventListener('timeupdate', listener);
  }
  return picture;
}

/** Waits until a step is served from the cache: the frames around the playhead are decoded. */
async function untilCached(player: SurgeryPlayer): Promise<void> {
  const started = performance.now();
  while (!(await stepWithOverlay(player, 0))) {
    if (performance.now() - started > 20_000) throw new Error('the frames around the playhead were not cached within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Steps `n` frames: the target frame's picture is on the overlay as soon as the step announces
 * its position; when the step resolves, the video presents that frame itself, the overlay is gone,
 * and the video's picture is the overlay's. Returns the overlay's picture.
 */
async function cachedStep(player: SurgeryPlayer, n: number): Promise<ImageData> {
  const fps = player.frameRate;
  const from = Math.floor(player.currentTime * fps + 1e-3);
  const target = from + n;
  const cached = await stepWithOverlay(player, n);
  expect(cached, `step ${n} to frame ${target} was served from the cache`).to.not.equal(undefined);
  expect(frameCodeOf(cached!), 'the overlay shows the target frame').to.equal(target);
  expect(Math.floor(player.currentTime * fps + 1e-3), `step ${n} from frame ${from}: currentTime`).to.equal(target);
  expect(shownFrameCode(player), 'the video shows the target frame once the step resolves').to.equal(target);
  await waitFor(() => overlayOf(player)!.hidden, `the overlay to go once the video presents frame ${target}`, 2000);
  const difference = meanDifference(cached!, capture(player.media));
  expect(difference, `frame ${target}: overlay vs video picture`).to.be.below(2);
  return cached!;
}

describe('<surgery-player> frame steps from the decoded-frame cache', () => {
  afterEach(removePlayers);

  it('shows stepped frames at once from the cache, the same pictures the video then presents (hls.js)', async () => {
    const player = await pausedCase();
    await player.seek(10.95);
    await untilCached(player);
    let previous: ImageData | undefined;
    // Forward across the segment boundary at 12 s (frame 360), and back.
    for (const n of [1, 1, 1, 1, -1, -1, -1, -1, -1]) {
      const picture = await cachedStep(player, n);
      if (previous) expect(meanDifference(previous, picture), 'consecutive frames differ').to.be.above(0.05);
      previous = picture;
    }
    // Steps asked for at once queue: three at once move three frames.
    const from = Math.floor(player.currentTime * 30 + 1e-3);
    await Promise.all([player.stepFrame(1), player.stepFrame(1), player.stepFrame(1)]);
    expect(Math.floor(player.currentTime * 30 + 1e-3)).to.equal(from + 3);
    expect(shownFrameCode(player)).to.equal(from + 3);
  });

  it('hides the overlay when playback starts, and when seeking elsewhere', async () => {
    const player = await pausedCase();
    const overlayUp = () => new Promise<boolean>((resolve) => player.addEventListener('timeupdate', () => resolve(!overlayOf(player)!.hidden), { once: true }));
    await player.seek(20.5);
    await untilCached(player);
    let up = overlayUp();
    let step = player.stepFrame(1);
    expect(await up, 'the step is served from the cache').to.equal(true);
    await player.play();
    expect(overlayOf(player)!.hidden, 'playing hides the overlay').to.equal(true);
    await step;
    player.pause();
    await player.seek(20.5);
    await untilCached(player);
    up = overlayUp();
    step = player.stepFrame(1);
    expect(await up).to.equal(true);
    const seek = player.seek(40.5);
    await step;
    await seek;
    expect(overlayOf(player)!.hidden, 'a seek elsewhere hides the overlay').to.equal(true);
    expect(shownFrameCode(player)).to.equal(1215);
  });

  it('serves steps from the cache with DASH too (shaka-player)', async () => {
    const player = await pausedCase('dash');
    expect(player.engine).to.equal('shaka');
    await player.seek(30.5);
    await untilCached(player);
    for (const n of [1, 1, -1, -1, -1]) await cachedStep(player, n);
  });

  it('steps as before without WebCodecs: no overlay, every step waits for the video', async () => {
    const saved = Object.getOwnPropertyDescriptor(window, 'VideoDecoder');
    delete (window as { VideoDecoder?: unknown }).VideoDecoder;
    try {
      const player = await pausedCase();
      await player.seek(5.5);
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const [n, frame] of [[1, 166], [1, 167], [-1, 166], [-2, 164]] as const) {
        await player.stepFrame(n);
        expect(shownFrameCode(player)).to.equal(frame);
        expect(Math.floor(player.currentTime * 30 + 1e-3)).to.equal(frame);
      }
      expect(overlayOf(player), 'no overlay without VideoDecoder').to.equal(null);
    } finally {
      if (saved) Object.defineProperty(window, 'VideoDecoder', saved);
    }
  });
});
