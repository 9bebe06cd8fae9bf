/**
 * Frame-accurate time. A frame rate is held as an exact fraction (29.97 is 30000/1001, 59.94 is
 * 60000/1001), frame n starts at n * den / num seconds, and a time on the frame grid is always
 * computed by that one expression from its whole frame number, never by adding frame durations.
 * So the ten-hour mark at 29.97 fps lands on the frame it should (a naive `t * 29.97` is a frame
 * late by then), and a time snapped twice is the very same number as a time snapped once.
 */

/** A frame rate as frames per `den` seconds: `{ num: 30000, den: 1001 }` for 29.97 fps. */
export interface FrameRateFraction {
  readonly num: number;
  readonly den: number;
}

/**
 * How close (in frames) a time must be to a frame boundary to count as on it: float noise from
 * seconds <-> frames is around 1e-10 frames over ten hours, a real offset is far larger.
 */
export const ON_BOUNDARY = 1e-6;

const MAX_FRAME_RATE = 1000;

/**
 * The exact fraction of a frame rate: whole rates as n/1, the NTSC family (23.976, 29.97, 59.94,
 * 119.88, given rounded or as 30000/1001) as n*1000/1001, other decimal rates such as 12.5 as the
 * smallest fraction with a denominator up to 1000. Throws a RangeError for anything that is not a
 * frame rate (0, negative, NaN, above 1000 fps).
 */
/** The whole rates whose 1000/1001 variants broadcast video uses (23.976, 29.97, 47.952, 59.94, 119.88). */
const NTSC_BASES: ReadonlySet<number> = new Set([24, 30, 48, 60, 120]);

export function frameRateFraction(frameRate: number): FrameRateFraction {
  return rateOf(frameRate, 'frameRate');
}

/** `frameRateFraction`, naming the argument at fault as the caller knows it (`context.frameRate`). */
export function rateOf(frameRate: number, name: string): FrameRateFraction {
  if (typeof frameRate !== 'number' || !Number.isFinite(frameRate) || frameRate <= 0 || frameRate > MAX_FRAME_RATE) {
    throw new RangeError(
      `\`${name}\` must be a frame rate in frames per second, above 0 and at most ${MAX_FRAME_RATE}, e.g. 25 or 29.97; got ${String(frameRate)}.`,
    );
  }
  const whole = Math.round(frameRate);
  if (whole > 0 && Math.abs(frameRate - whole) < 1e-9) return { num: whole, den: 1 };
  // 29.97 is how everyone writes 30000/1001; read literally it drifts 0.1 frame an hour.
  // Only the NTSC family is read this way; 1.0002 fps is not "1000/1001".
  const ntsc = Math.round(frameRate * 1.001);
  if (NTSC_BASES.has(ntsc) && Math.abs(frameRate - (ntsc * 1000) / 1001) < 0.005) return { num: ntsc * 1000, den: 1001 };
  for (let den = 2; den <= 1000; den++) {
    const num = Math.round(frameRate * den);
    if (num > 0 && Math.abs(num / den - frameRate) < 1e-9) return { num, den };
  }
  return { num: frameRate, den: 1 };
}

/** Seconds to frames (a real number), pulled onto a whole frame when float noise is all that separates them. */
export function toFrames(seconds: number, rate: FrameRateFraction): number {
  const frames = (seconds * rate.num) / rate.den;
  const whole = Math.round(frames);
  return Math.abs(frames - whole) < ON_BOUNDARY ? whole : frames;
}

/** Frames to seconds; for a whole frame number this is the one canonical float of that boundary. */
export function fromFrames(frames: number, rate: FrameRateFraction): number {
  return frames === 0 ? 0 : (frames * rate.den) / rate.num;
}

/** True when `b - a` (both in frames) is at least one frame, float noise forgiven. */
export function atLeastOneFrame(a: number, b: number): boolean {
  return b - a >= 1 - ON_BOUNDARY;
}

/** The time of the frame boundary nearest to `t`: frame n starts at n / frameRate. Idempotent. */
export function snapToFrame(t: number, frameRate: number): number {
  assertFiniteTime(t, 't');
  const rate = frameRateFraction(frameRate);
  return fromFrames(Math.round(toFrames(t, rate)), rate);
}

/** The number of the frame on screen at `t` (frame n covers [n / fps, (n + 1) / fps)). */
export function frameOf(t: number, frameRate: number): number {
  assertFiniteTime(t, 't');
  const frame = Math.floor(toFrames(t, frameRateFraction(frameRate)));
  return frame === 0 ? 0 : frame;
}

/** The time at which frame `frame` starts: `frame * den / num`, exact to the float. */
export function frameTime(frame: number, frameRate: number): number {
  if (!Number.isSafeInteger(frame)) throw new RangeError(`\`frame\` must be a whole frame number; got ${String(frame)}.`);
  return fromFrames(frame, frameRateFraction(frameRate));
}

/** Seconds as a message shows them: no float tail (59.99326 s, not 59.993326659993326 s). */
export function formatSeconds(seconds: number): string {
  return `${Number(seconds.toFixed(5))} s`;
}

function assertFiniteTime(t: number, name: string): void {
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new RangeError(`\`${name}\` must be a finite number of seconds; got ${String(t)}.`);
}
