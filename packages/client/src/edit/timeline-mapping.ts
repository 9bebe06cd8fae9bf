/**
 * Two timelines: the source's, where segments and annotations are stored, and the edit's, which
 * plays the segments back to back with the gaps between them cut out. A segment starts on the edit
 * timeline at the total length of the segments before it.
 *
 * Given the frame rate, the arithmetic runs on frame numbers, so a frame-aligned time maps to the
 * exact frame-aligned time it should (the float `snapToFrame` gives), both ways, with no rounding
 * drift. Without it, it runs on seconds and is exact to within float rounding.
 */
import type { Annotation, Edit, Segment } from './edit-schema.js';
import { frameRateFraction, fromFrames, toFrames } from './frame-math.js';

/** Seconds to the unit the arithmetic runs on (frames, or seconds themselves) and back. */
interface Units {
  to(seconds: number): number;
  from(units: number): number;
}

const SECONDS: Units = { to: (seconds) => seconds, from: (units) => units };

function unitsOf(frameRate: number | undefined): Units {
  if (frameRate === undefined) return SECONDS;
  const rate = frameRateFraction(frameRate);
  return { to: (seconds) => toFrames(seconds, rate), from: (frames) => fromFrames(frames, rate) };
}

/** The length of the edit: the sum of its segments' lengths. */
export function editDuration(segments: readonly Segment[], frameRate?: number): number {
  const units = unitsOf(frameRate);
  return units.from(segments.reduce((total, { start, end }) => total + (units.to(end) - units.to(start)), 0));
}

/**
 * Where source time `t` plays on the edit timeline, or `undefined` when no segment holds it.
 * A segment holds its start and its end, so a segment's end maps to the edit time at which the
 * next segment begins.
 */
export function sourceToEdit(segments: readonly Segment[], t: number, frameRate?: number): number | undefined {
  const units = unitsOf(frameRate);
  const at = units.to(t);
  let offset = 0;
  for (const { start, end } of segments) {
    const a = units.to(start);
    const b = units.to(end);
    if (at < a) return undefined;
    if (at <= b) return units.from(offset + (at - a));
    offset += b - a;
  }
  return undefined;
}

/**
 * The source time that plays at edit time `t`, or `undefined` outside [0, editDuration]. The
 * boundary between two segments maps to the later one's start; the end of the edit maps to the
 * last segment's end.
 */
export function editToSource(segments: readonly Segment[], t: number, frameRate?: number): number | undefined {
  const units = unitsOf(frameRate);
  const at = units.to(t);
  if (!(at >= 0)) return undefined;
  let offset = 0;
  for (const { start, end } of segments) {
    const a = units.to(start);
    const length = units.to(end) - a;
    if (at < offset + length) return at === offset ? start : units.from(a + (at - offset));
    offset += length;
  }
  const last = segments[segments.length - 1];
  return last && at === offset ? last.end : undefined;
}

/**
 * The start of the first segment that starts at or after source time `t`, or `undefined` when
 * none does: where a player seeks when playback reaches a gap, or the edit is over.
 */
export function nextSegmentStart(segments: readonly Segment[], t: number): number | undefined {
  return segments.find((segment) => segment.start >= t)?.start;
}

/**
 * The edit's annotations as an edit's player shows them: those whose time lies in a segment, with
 * `time` on the edit timeline and `duration` cut to the part of it that plays (dropped when none
 * does); the others are left out. Order is kept; nothing is mutated.
 */
export function rebaseAnnotations(edit: Pick<Edit, 'segments' | 'annotations'>, frameRate?: number): Annotation[] {
  const units = unitsOf(frameRate);
  const segments = edit.segments.map(({ start, end }) => [units.to(start), units.to(end)] as const);
  // How much of the edit has played by source position `at`: a monotone map that is flat over gaps.
  const played = (at: number) => segments.reduce((total, [a, b]) => total + Math.min(Math.max(at - a, 0), b - a), 0);
  const rebased: Annotation[] = [];
  for (const annotation of edit.annotations) {
    const at = units.to(annotation.time);
    if (!segments.some(([a, b]) => at >= a && at <= b)) continue;
    const { duration, ...rest } = annotation;
    const startUnits = played(at);
    const playedUnits = duration === undefined ? 0 : played(units.to(annotation.time + duration)) - startUnits;
    rebased.push(playedUnits > 0 ? { ...rest, time: units.from(startUnits), duration: units.from(playedUnits) } : { ...rest, time: units.from(startUnits) });
  }
  return rebased;
}
