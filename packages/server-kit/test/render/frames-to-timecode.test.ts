import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { framesToTimecode, timecodeFormat, timecodeToFrames } from '../../src/render/frames-to-timecode.js';

/** Frame number -> the label MediaConvert reads for it (ZEROBASED: frame 0 is 00:00:00:00). */
const TABLES: Record<string, [frame: number, timecode: string][]> = {
  '24': [
    [0, '00:00:00:00'],
    [23, '00:00:00:23'],
    [24, '00:00:01:00'],
    [1439, '00:00:59:23'],
    [1440, '00:01:00:00'],
    [86_400, '01:00:00:00'],
    [2_073_599, '23:59:59:23'],
  ],
  // No drop-frame form exists at 23.976: labels count 24 a second and run 0.1 % slow.
  '23.976': [
    [0, '00:00:00:00'],
    [23, '00:00:00:23'],
    [24, '00:00:01:00'],
    [1439, '00:00:59:23'],
    [1440, '00:01:00:00'],
    [86_400, '01:00:00:00'],
  ],
  '25': [
    [0, '00:00:00:00'],
    [24, '00:00:00:24'],
    [25, '00:00:01:00'],
    [1499, '00:00:59:24'],
    [1500, '00:01:00:00'],
    [90_000, '01:00:00:00'],
    [2_159_999, '23:59:59:24'],
  ],
  '30': [
    [0, '00:00:00:00'],
    [29, '00:00:00:29'],
    [30, '00:00:01:00'],
    [1799, '00:00:59:29'],
    [1800, '00:01:00:00'],
    [108_000, '01:00:00:00'],
  ],
  '29.97': [
    [0, '00:00:00;00'],
    [1, '00:00:00;01'],
    [29, '00:00:00;29'],
    [30, '00:00:01;00'],
    [1799, '00:00:59;29'],
    // ;00 and ;01 do not exist at minute 1: the frame after 00:00:59;29 is 00:01:00;02.
    [1800, '00:01:00;02'],
    [1801, '00:01:00;03'],
    [1827, '00:01:00;29'],
    [1828, '00:01:01;00'],
    [3597, '00:01:59;29'],
    [3598, '00:02:00;02'],
    [16_183, '00:08:59;29'],
    [16_184, '00:09:00;02'],
    [17_981, '00:09:59;29'],
    // Every tenth minute keeps ;00 and ;01.
    [17_982, '00:10:00;00'],
    [17_983, '00:10:00;01'],
    [17_984, '00:10:00;02'],
    [19_781, '00:10:59;29'],
    [19_782, '00:11:00;02'],
    // An hour of drop-frame labels is 107 892 frames: 3600 s * 29.97 to the frame.
    [107_891, '00:59:59;29'],
    [107_892, '01:00:00;00'],
    [2_589_407, '23:59:59;29'],
  ],
  '50': [
    [0, '00:00:00:00'],
    [49, '00:00:00:49'],
    [50, '00:00:01:00'],
    [2999, '00:00:59:49'],
    [3000, '00:01:00:00'],
    [180_000, '01:00:00:00'],
  ],
  '59.94': [
    [0, '00:00:00;00'],
    [59, '00:00:00;59'],
    [60, '00:00:01;00'],
    [3599, '00:00:59;59'],
    // Four labels are dropped at 59.94.
    [3600, '00:01:00;04'],
    [3601, '00:01:00;05'],
    [7195, '00:01:59;59'],
    [7196, '00:02:00;04'],
    [35_963, '00:09:59;59'],
    [35_964, '00:10:00;00'],
    [215_784, '01:00:00;00'],
  ],
  '60': [
    [0, '00:00:00:00'],
    [59, '00:00:00:59'],
    [60, '00:00:01:00'],
    [3600, '00:01:00:00'],
    [216_000, '01:00:00:00'],
  ],
};

describe('framesToTimecode and timecodeToFrames', () => {
  for (const [rate, table] of Object.entries(TABLES)) {
    it(`label every frame of the table at ${rate} fps, and read each label back to its frame`, () => {
      for (const [frame, timecode] of table) {
        assert.equal(framesToTimecode(frame, Number(rate)), timecode, `frame ${frame} at ${rate} fps`);
        assert.equal(timecodeToFrames(timecode, Number(rate)), frame, `${timecode} at ${rate} fps`);
      }
    });

    it(`give each of the first 11 minutes of frames at ${rate} fps its own label, in order, and read it back`, () => {
      const frames = Math.round(Number(rate) * 60 * 11);
      let previous = '';
      for (let frame = 0; frame < frames; frame++) {
        const timecode = framesToTimecode(frame, Number(rate));
        assert.ok(timecode > previous, `${timecode} follows ${previous}`);
        assert.equal(timecodeToFrames(timecode, Number(rate)), frame);
        previous = timecode;
      }
    });
  }

  it('use ";" for drop frame (29.97, 59.94) and ":" for every other rate', () => {
    assert.deepEqual(
      [24, 23.976, 25, 29.97, 30, 50, 59.94, 60].map((rate) => [rate, timecodeFormat(rate).separator, timecodeFormat(rate).dropFrames]),
      [
        [24, ':', 0],
        [23.976, ':', 0],
        [25, ':', 0],
        [29.97, ';', 2],
        [30, ':', 0],
        [50, ':', 0],
        [59.94, ';', 4],
        [60, ':', 0],
      ],
    );
    // 30000/1001 written out is the same rate as 29.97.
    assert.equal(framesToTimecode(1800, 30000 / 1001), '00:01:00;02');
  });

  it('refuse labels that do not exist or do not fit the rate', () => {
    assert.throws(() => timecodeToFrames('00:01:00;00', 29.97), /does not exist at 29.97 fps/);
    assert.throws(() => timecodeToFrames('00:01:00;01', 29.97), /does not exist/);
    assert.throws(() => timecodeToFrames('00:02:00;03', 59.94), /does not exist/);
    assert.equal(timecodeToFrames('00:10:00;00', 29.97), 17_982);
    assert.throws(() => timecodeToFrames('00:00:01:00', 29.97), /must use ";"/);
    assert.throws(() => timecodeToFrames('00:00:01;00', 25), /must use ":"/);
    assert.throws(() => timecodeToFrames('00:00:00:25', 25), /out of range/);
    assert.throws(() => timecodeToFrames('00:60:00:00', 25), /out of range/);
    assert.throws(() => timecodeToFrames('0:00:01:00', 25), /HH:MM:SS:FF/);
  });

  it('refuse frame rates without SMPTE timecode, and frames past the 24-hour clock', () => {
    assert.throws(() => framesToTimecode(0, 12.5), /12.5 has no SMPTE timecode/);
    assert.throws(() => framesToTimecode(0, 119.88), /two digits/);
    assert.throws(() => framesToTimecode(2_160_000, 25), /past 24 hours/);
    assert.throws(() => framesToTimecode(-1, 25), /whole frame number/);
    assert.throws(() => framesToTimecode(1.5, 25), /whole frame number/);
  });
});
