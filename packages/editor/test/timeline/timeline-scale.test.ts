import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitScale, formatTimecode, MAX_FRAME_WIDTH, scaleRange, ticks, zoomScale } from '../../src/timeline/timeline-scale.js';

describe('timeline scale', () => {
  it('zooms from the whole case in the view down to frames MAX_FRAME_WIDTH wide', () => {
    const range = scaleRange(60, 600, 30);
    assert.equal(range.min, 10);
    assert.equal(range.max, 30 * MAX_FRAME_WIDTH);
    assert.equal(zoomScale(10, 0.5, range), 10);
    assert.equal(zoomScale(10, 1e6, range), range.max);
    assert.equal(fitScale(60, 600), 10);
  });

  it('labels seconds when the whole case is in view, and draws a tick per frame when zoomed in', () => {
    const whole = ticks(0, 60, 10, 30);
    assert.ok(whole.every((t) => t.major === (t.label !== undefined)));
    assert.equal(whole.find((t) => t.major && t.time > 0)?.time, 10);
    const deep = ticks(1, 1.5, 30 * MAX_FRAME_WIDTH, 30);
    const gaps = deep.slice(1).map((t, i) => t.time - deep[i]!.time);
    assert.ok(gaps.every((g) => Math.abs(g - 1 / 30) < 1e-9), 'one tick per frame');
    assert.ok(deep.filter((t) => t.major).length >= 3, 'labels every few frames');
  });

  it('formats timecodes with frames', () => {
    assert.equal(formatTimecode(0, 30), '0:00:00');
    assert.equal(formatTimecode(61 + 5 / 30, 30), '1:01:05');
    assert.equal(formatTimecode(3600, 30, false), '1:00:00');
  });
});
