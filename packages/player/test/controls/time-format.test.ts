import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatClock, formatSpokenTime, formatTimecode } from '../../src/controls/time-format.js';

describe('time format', () => {
  it('formats a clock', () => {
    for (const [seconds, text] of [
      [0, '0:00'],
      [5.9, '0:05'],
      [65, '1:05'],
      [3723, '1:02:03'],
      [-12, '-0:12'],
      [NaN, '--:--'],
      [Infinity, '--:--'],
    ] as const) {
      assert.equal(formatClock(seconds), text, String(seconds));
    }
  });

  it('says times in words for aria-valuetext', () => {
    assert.equal(formatSpokenTime(0), '0 seconds');
    assert.equal(formatSpokenTime(1), '1 second');
    assert.equal(formatSpokenTime(65), '1 minute 5 seconds');
    assert.equal(formatSpokenTime(3600), '1 hour');
    assert.equal(formatSpokenTime(3723), '1 hour 2 minutes 3 seconds');
    assert.equal(formatSpokenTime(NaN), 'unknown');
  });

  it('formats SMPTE timecode of the frame on screen', () => {
    for (const [seconds, fps, text] of [
      [0, 30, '00:00:00:00'],
      [12.5, 30, '00:00:12:15'],
      [376.5 / 30, 30, '00:00:12:16'],
      [0.7, 30, '00:00:00:21'],
      [59.99, 30, '00:00:59:29'],
      [3723.04, 25, '01:02:03:01'],
      [1, 30000 / 1001, '00:00:00:29'],
      [NaN, 30, '--:--:--:--'],
    ] as const) {
      assert.equal(formatTimecode(seconds, fps), text, `${seconds} at ${fps}`);
    }
  });
});
