/**
 * SMPTE timecodes as MediaConvert reads them in input clippings (`HH:MM:SS:FF`, `HH:MM:SS;FF` for
 * drop frame), from and to whole frame numbers. The arithmetic is on integers only: a frame number
 * is what the Edit's frame math gives (`frameRateFraction`, frame n starts at n * den / num s), and
 * a timecode is a label of that frame, never a time to be rounded.
 *
 * Which labels a rate uses:
 * - whole rates (24, 25, 30, 50, 60) count FF from 0 to rate - 1, so the label is the time;
 * - 29.97 and 59.94 (30000/1001, 60000/1001) use drop-frame labels: the frame numbers ;00 and ;01
 *   (;00 to ;03 at 59.94) are skipped at the start of every minute except each tenth, so the label
 *   stays within a frame of the wall clock (frame 1800 at 29.97 is 00:01:00;02, not 00:01:00;00);
 * - 23.976 and the other NTSC rates have no drop-frame form: they count at the whole rate (24)
 *   and the label runs 0.1 % slow against the clock, as every editing tool shows them.
 * Other rates (12.5, 7.5) have no SMPTE timecode and are refused.
 */
import { frameRateFraction } from '@surgery-video/client';

export interface TimecodeFormat {
  /** Frames per timecode second: 30 for 29.97, 24 for 23.976. */
  nominalRate: number;
  /** Frame numbers skipped at each minute that is not a tenth: 2 at 29.97, 4 at 59.94, else 0. */
  dropFrames: number;
  /** `;` before the frames for drop frame, `:` otherwise. */
  separator: ':' | ';';
}

/** MediaConvert's timecodes are a 24-hour clock with a two-digit frame field. */
const HOURS_PER_DAY = 24;
const MAX_NOMINAL_RATE = 100;

/** How frames of `frameRate` are labelled; throws a RangeError for a rate that has no SMPTE timecode. */
export function timecodeFormat(frameRate: number): TimecodeFormat {
  const { num, den } = frameRateFraction(frameRate);
  let nominalRate: number;
  if (den === 1) nominalRate = num;
  else if (den === 1001 && num % 1000 === 0) nominalRate = num / 1000;
  else {
    throw new RangeError(`frameRate ${frameRate} has no SMPTE timecode: use a whole rate (24, 25, 30, 50, 60) or an NTSC one (23.976, 29.97, 59.94).`);
  }
  if (nominalRate > MAX_NOMINAL_RATE) {
    throw new RangeError(`frameRate ${frameRate} is above ${MAX_NOMINAL_RATE} fps: a timecode's frame field has two digits.`);
  }
  // SMPTE 12M defines drop frame for the 30 and 60 families; 23.976 is always non-drop.
  const dropFrames = den === 1001 && nominalRate % 30 === 0 ? (nominalRate / 30) * 2 : 0;
  return { nominalRate, dropFrames, separator: dropFrames > 0 ? ';' : ':' };
}

/** The timecode of frame `frame` (0 is 00:00:00:00, as with MediaConvert's ZEROBASED timecode source). */
export function framesToTimecode(frame: number, frameRate: number): string {
  if (!Number.isSafeInteger(frame) || frame < 0) throw new RangeError(`frame must be a whole frame number >= 0; got ${String(frame)}.`);
  const { nominalRate, dropFrames, separator } = timecodeFormat(frameRate);
  let label = frame;
  if (dropFrames > 0) {
    // Per ten minutes, 9 of the 10 minutes lose `dropFrames` labels.
    const framesPerMinute = nominalRate * 60 - dropFrames;
    const framesPerTenMinutes = nominalRate * 600 - dropFrames * 9;
    const tens = Math.floor(frame / framesPerTenMinutes);
    const rest = frame % framesPerTenMinutes;
    label += dropFrames * 9 * tens + (rest > dropFrames ? dropFrames * Math.floor((rest - dropFrames) / framesPerMinute) : 0);
  }
  const ff = label % nominalRate;
  const totalSeconds = Math.floor(label / nominalRate);
  const hours = Math.floor(totalSeconds / 3600);
  if (hours >= HOURS_PER_DAY) {
    throw new RangeError(`frame ${frame} is past 24 hours at ${frameRate} fps: MediaConvert timecodes are a 24-hour clock.`);
  }
  return `${pad(hours)}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}${separator}${pad(ff)}`;
}

const TIMECODE = /^(\d{2}):(\d{2}):(\d{2})([:;])(\d{2})$/;

/**
 * The frame number a timecode labels at `frameRate`. Throws a RangeError for a malformed timecode,
 * a frame field past the rate, a drop-frame label that does not exist (00:01:00;00 at 29.97), or
 * a separator that does not match the rate (drop frame is `;`, everything else `:`).
 */
export function timecodeToFrames(timecode: string, frameRate: number): number {
  const match = TIMECODE.exec(timecode);
  if (!match) throw new RangeError(`timecode must be HH:MM:SS:FF or HH:MM:SS;FF; got ${JSON.stringify(timecode)}.`);
  const [hours, minutes, seconds, frames] = [match[1], match[2], match[3], match[5]].map(Number) as [number, number, number, number];
  const { nominalRate, dropFrames, separator } = timecodeFormat(frameRate);
  if (match[4] !== separator) {
    throw new RangeError(
      `timecode ${timecode} at ${frameRate} fps must use "${separator}" before the frames (${dropFrames > 0 ? 'drop frame' : 'non-drop frame'}).`,
    );
  }
  if (hours >= HOURS_PER_DAY || minutes > 59 || seconds > 59 || frames >= nominalRate) {
    throw new RangeError(`timecode ${timecode} is out of range at ${frameRate} fps (hours < 24, minutes and seconds < 60, frames < ${nominalRate}).`);
  }
  const totalMinutes = hours * 60 + minutes;
  if (dropFrames > 0 && seconds === 0 && frames < dropFrames && minutes % 10 !== 0) {
    throw new RangeError(`timecode ${timecode} does not exist at ${frameRate} fps: drop frame skips ;00 to ;${pad(dropFrames - 1)} in that minute.`);
  }
  const dropped = dropFrames * (totalMinutes - Math.floor(totalMinutes / 10));
  return (totalMinutes * 60 + seconds) * nominalRate + frames - dropped;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
