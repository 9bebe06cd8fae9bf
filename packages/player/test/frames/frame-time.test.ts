import assert from 'node:assert/strict';
import { it } from 'node:test';
import { frameAt, frameCentre, frameRateOf, frameStart, seekTargetFor } from '../../src/frames/frame-time.js';

it('maps a time to the frame whose display interval holds it, despite float error', () => {
  const table: Array<[time: number, fps: number, frame: number]> = [
    [0, 30, 0],
    [12.5, 30, 375],
    [0.7, 30, 21], // 0.7 × 30 = 20.999999999999996
    [0.1, 30, 3],
    [1.9999, 30, 59],
    [2, 30, 60],
    [12.534, 30, 376],
    [1001 / 30000, 30000 / 1001, 1], // 29.97 fps
    [0.04 * 7, 25, 7],
  ];
  for (const [time, fps, frame] of table) assert.equal(frameAt(time, fps), frame, `frameAt(${time}, ${fps})`);
});

it('puts frame n between its start and the next frame, and its centre in the middle', () => {
  for (const fps of [24, 25, 30, 30000 / 1001, 60]) {
    for (const n of [0, 1, 59, 375, 107_999]) {
      assert.equal(frameAt(frameStart(n, fps), fps), n);
      assert.equal(frameAt(frameCentre(n, fps), fps), n);
      assert.ok(frameCentre(n, fps) - frameStart(n, fps) > 0.4 / fps);
    }
  }
});

it('seeks to the time asked, or a millisecond into the frame when the time is at its very start', () => {
  assert.equal(seekTargetFor(12.51, 30), 12.51);
  assert.ok(Math.abs(seekTargetFor(12.5, 30) - 12.501) < 1e-9);
  assert.ok(Math.abs(seekTargetFor(0.7, 30) - (21 / 30 + 0.001)) < 1e-9);
  for (const time of [0, 0.7, 12.5, 33.3334, 59.99]) assert.equal(frameAt(seekTargetFor(time, 30), 30), frameAt(time, 30), `seekTargetFor(${time})`);
});

it('snaps a measured frame duration to the common frame rate within 1 %', () => {
  assert.equal(frameRateOf(1 / 30), 30);
  assert.equal(frameRateOf(0.0333), 30);
  assert.equal(frameRateOf(0.03337), 30000 / 1001);
  assert.equal(frameRateOf(1001 / 30000), 30000 / 1001);
  assert.equal(frameRateOf(0.04), 25);
  assert.equal(frameRateOf(1 / 12), 12);
});
