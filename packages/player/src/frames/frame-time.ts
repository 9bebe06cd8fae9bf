/**
 * Which frame a time shows. Frame n of a stream at `fps` frames per second is presented from
 * n / fps until (n + 1) / fps, so time t shows frame floor(t · fps). A thousandth of a frame is
 * added before the floor because t · fps is computed in binary floating point (0.7 × 30 gives
 * 20.999999999999996, which is frame 21). `seek(t)` shows frameAt(t); `stepFrame(n)` seeks to the
 * centre of the frame n frames away, as far as possible from either edge.
 */

/** A thousandth of a frame: absorbs the float error of t · fps. */
const FRAME_EPSILON = 1e-3;
/** How far into a frame a seek to its very start is moved, so rounding to the decoder's microseconds cannot show the frame before. */
const START_GUARD_SECONDS = 1e-3;

/** The index of the frame on screen at time `t`. */
export function frameAt(t: number, fps: number): number {
  return Math.floor(t * fps + FRAME_EPSILON);
}

/** The time frame `n` starts being shown. */
export function frameStart(n: number, fps: number): number {
  return n / fps;
}

/** The middle of frame `n`'s display interval. */
export function frameCentre(n: number, fps: number): number {
  return (n + 0.5) / fps;
}

/**
 * Where to put the playhead so that frameAt(t) is shown: `t` itself, or, when t is within a
 * millisecond of the frame's start, a millisecond into the frame.
 */
export function seekTargetFor(t: number, fps: number): number {
  const start = frameStart(frameAt(t, fps), fps);
  return Math.max(t, start + Math.min(START_GUARD_SECONDS, 0.25 / fps));
}

/** Common frame rates, to snap a measured one to (29.97 is 30000/1001). */
const COMMON_RATES = [24000 / 1001, 24, 25, 30000 / 1001, 30, 50, 60000 / 1001, 60, 100, 120];

/** The frame rate of a measured frame duration: the closest common rate within 1 %, or the measure itself. */
export function frameRateOf(frameDuration: number): number {
  const measured = 1 / frameDuration;
  const distance = (rate: number) => Math.abs(rate - measured) / rate;
  const closest = COMMON_RATES.reduce((best, rate) => (distance(rate) < distance(best) ? rate : best));
  return distance(closest) < 0.01 ? closest : Math.round(measured * 1000) / 1000;
}
