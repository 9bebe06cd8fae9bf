/**
 * Every timecode MediaConvert gets is the label SMPTE 12M gives the frame. The labels are counted
 * here the slow, obvious way (a clock that ticks one frame at a time and skips the drop-frame
 * labels as it meets them) over a whole 24-hour day at every frame rate a source may have, and
 * compared frame by frame with framesToTimecode, which the render job's clippings use, and back
 * with timecodeToFrames.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { framesToTimecode, timecodeToFrames } from '../../src/render/frames-to-timecode.js';

/** Calls `check(frame, label)` for every frame of the day, in order. */
function walkLabels(nominal: number, drop: number, separator: string, check: (frame: number, label: string) => void): number {
  const pad = (n: number) => String(n).padStart(2, '0');
  let frame = 0;
  for (let h = 0; h < 24; h++) {
    for (let m = 0; m < 60; m++) {
      for (let s = 0; s < 60; s++) {
        for (let f = 0; f < nominal; f++) {
          if (drop > 0 && s === 0 && f < drop && m % 10 !== 0) continue;
          check(frame, `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(f)}`);
          frame++;
        }
      }
    }
  }
  return frame;
}

describe('timecodes of every frame of a day', () => {
  const RATES: [rate: number, nominal: number, drop: number, separator: string, framesPerDay: number][] = [
    [23.976, 24, 0, ':', 24 * 86_400],
    [24, 24, 0, ':', 24 * 86_400],
    [25, 25, 0, ':', 25 * 86_400],
    [29.97, 30, 2, ';', 2_589_408],
    [30, 30, 0, ':', 30 * 86_400],
    [50, 50, 0, ':', 50 * 86_400],
    [59.94, 60, 4, ';', 5_178_816],
    [60, 60, 0, ':', 60 * 86_400],
  ];
  for (const [rate, nominal, drop, separator, framesPerDay] of RATES) {
    it(`${rate} fps: ${framesPerDay} frames, each with its ${drop > 0 ? 'drop-frame' : 'non-drop'} label, and back`, () => {
      let mismatches = 0;
      let first = '';
      const total = walkLabels(nominal, drop, separator, (frame, label) => {
        const got = framesToTimecode(frame, rate);
        // Every 97th frame is read back as well: the parse is the slower half.
        if (got !== label || (frame % 97 === 0 && timecodeToFrames(label, rate) !== frame)) {
          if (mismatches++ === 0) first = `frame ${frame}: expected ${label}, got ${got}`;
        }
      });
      assert.equal(mismatches, 0, first);
      assert.equal(total, framesPerDay);
      assert.throws(() => framesToTimecode(total, rate), /past 24 hours/);
    });
  }
});
