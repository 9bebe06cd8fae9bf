import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { frameOf, frameRateFraction, frameTime, snapToFrame } from '../../src/index.js';
import { frameRate, framesPerSecond, uniform } from './edit-fixtures.js';

const TEN_HOURS = 10 * 3600;

describe('frameRateFraction', () => {
  it('reads whole, NTSC and decimal rates as exact fractions', () => {
    const table: [number, number, number][] = [
      [25, 25, 1],
      [60, 60, 1],
      [23.976, 24000, 1001],
      [24000 / 1001, 24000, 1001],
      [29.97, 30000, 1001],
      [30000 / 1001, 30000, 1001],
      [59.94, 60000, 1001],
      [60000 / 1001, 60000, 1001],
      [119.88, 120000, 1001],
      [12.5, 25, 2],
      [7.5, 15, 2],
    ];
    for (const [rate, num, den] of table) assert.deepEqual(frameRateFraction(rate), { num, den }, `${rate} fps`);
  });

  it('refuses what is not a frame rate, naming the argument', () => {
    for (const rate of [0, -25, Number.NaN, Number.POSITIVE_INFINITY, 1001]) {
      assert.throws(() => frameRateFraction(rate), { name: 'RangeError', message: /`frameRate` must be a frame rate/ });
    }
    assert.throws(() => snapToFrame(1, 0), { name: 'RangeError', message: /`frameRate`/ });
    assert.throws(() => snapToFrame(Number.NaN, 25), { name: 'RangeError', message: /`t` must be a finite number/ });
    assert.throws(() => frameTime(1.5, 25), { name: 'RangeError', message: /`frame` must be a whole frame number/ });
  });
});

describe('snapToFrame and frameOf', () => {
  it('put frame n at n / frameRate and snap to the nearest boundary', () => {
    assert.equal(snapToFrame(1.01, 25), 1);
    assert.equal(snapToFrame(1.03, 25), 1.04);
    assert.equal(snapToFrame(0.019, 25), 0);
    assert.equal(snapToFrame(0.02, 25), 0.04, 'half a frame rounds up');
    assert.equal(frameOf(1.039, 25), 25);
    assert.equal(frameOf(1.04, 25), 26);
    assert.equal(frameOf(0, 29.97), 0);
    assert.equal(frameTime(30, 29.97), 1.001);
    assert.equal(snapToFrame(1, 29.97), 1.001);
  });

  it('have no drift at 29.97 and 59.94 fps after ten hours, where t * 29.97 is a frame late', () => {
    // 36000 s * 30000/1001 = 1078921.08 frames; 36000 * 29.97 = 1078920 is a frame behind.
    assert.equal(frameOf(TEN_HOURS, 29.97), 1078921);
    assert.equal(Math.floor(TEN_HOURS * 29.97), 1078920);
    assert.equal(frameOf(TEN_HOURS, 30000 / 1001), 1078921);
    assert.equal(frameOf(TEN_HOURS, 59.94), 2157842);
    assert.equal(snapToFrame(TEN_HOURS, 29.97), (1078921 * 1001) / 30000);
    assert.equal(frameTime(1078921, 29.97), frameTime(1078921, 30000 / 1001));
  });

  it('snapping is idempotent and moves a time by at most half a frame (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(uniform(-1000, 20 * 3600), fc.double({ min: -1000, max: 20 * 3600, noNaN: true })),
        fc.oneof(frameRate, uniform(1, 240)),
        (t, rate) => {
          const snapped = snapToFrame(t, rate);
          assert.equal(snapToFrame(snapped, rate), snapped);
          assert.ok(Math.abs(snapped - t) <= 0.5 / rate + 1e-9, `${t} -> ${snapped} at ${rate} fps`);
          assert.equal(frameTime(frameOf(snapped, rate), rate), snapped, 'a snapped time is the start of its frame');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('every frame in ten hours starts at exactly n * den / num, and frameOf finds it back (property)', () => {
    fc.assert(
      fc.property(frameRate, uniform(0, 1), fc.oneof(uniform(0, 0.49), uniform(0.51, 0.99)), (rate, where, within) => {
        const { num, den } = framesPerSecond(rate);
        const n = Math.floor(where * ((TEN_HOURS * num) / den));
        const start = frameTime(n, rate);
        assert.equal(start, n === 0 ? 0 : (n * den) / num, 'the boundary is the one exact float');
        assert.equal(frameOf(start, rate), n, 'a boundary belongs to the frame it starts');
        assert.equal(snapToFrame(start, rate), start);
        const inside = start + (within * den) / num;
        assert.equal(frameOf(inside, rate), n, 'a time inside a frame belongs to it');
        assert.equal(snapToFrame(inside, rate), within < 0.5 ? start : frameTime(n + 1, rate));
      }),
      { numRuns: 200 },
    );
  });
});
