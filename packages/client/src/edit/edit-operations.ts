/**
 * The segment operations an editor offers, as pure functions: each takes an Edit and returns a new
 * one (unchanged parts are shared, nothing is mutated), so undo is keeping the previous value.
 * Times given are snapped to the nearest frame boundary of the source and kept inside the asset,
 * and every result keeps the Edit's invariants: segments sorted, non-overlapping, frame-aligned,
 * inside the asset, each at least one frame long. An operation that cannot keep them throws a
 * RangeError naming the argument to change, and the edit stays as it was.
 */
import type { Edit, EditContext, Segment } from './edit-schema.js';
import { atLeastOneFrame, formatSeconds, fromFrames, rateOf, toFrames, type FrameRateFraction } from './frame-math.js';

/**
 * Adds the segment `range` (snapped to frames). Segments it overlaps or touches are merged into it,
 * so adding [10, 20] to [[5, 12], [20, 30]] leaves [[5, 30]].
 */
export function addSegment(edit: Edit, range: { start: number; end: number }, context: EditContext): Edit {
  const grid = frameGrid('addSegment', context);
  if (!(range?.end > range?.start)) {
    throw new RangeError(`addSegment: \`end\` (${String(range?.end)}) must be after \`start\` (${String(range?.start)}).`);
  }
  const a = grid.frameAt(range.start, 'start');
  const b = grid.frameAt(range.end, 'end');
  if (b - a < 1) {
    throw new RangeError(
      `addSegment: \`end\` must be at least one frame after \`start\`; ${formatSeconds(range.start)}–${formatSeconds(range.end)} snaps to less than one frame at ${context.frameRate} fps.`,
    );
  }
  // Only what overlaps or touches the range as given is merged: a split next to it stays split.
  const merged = { start: grid.time(a), end: grid.time(b) };
  const kept: Segment[] = [];
  for (const segment of edit.segments) {
    const sa = grid.frames(segment.start);
    const sb = grid.frames(segment.end);
    if (sb < a || sa > b) kept.push(segment);
    else {
      if (segment.start < merged.start) merged.start = segment.start;
      if (segment.end > merged.end) merged.end = segment.end;
    }
  }
  const at = kept.findIndex((segment) => segment.start > merged.start);
  return { ...edit, segments: at === -1 ? [...kept, merged] : [...kept.slice(0, at), merged, ...kept.slice(at)] };
}

/**
 * Moves the start and/or the end of segment `index` (snapped to frames). It must stay at least one
 * frame long and must not reach into its neighbours (touching them is fine).
 */
export function trimSegment(edit: Edit, index: number, patch: { start?: number; end?: number }, context: EditContext): Edit {
  const grid = frameGrid('trimSegment', context);
  const i = indexOf('trimSegment', edit.segments, index, 'index');
  const segment = edit.segments[i] as Segment;
  const a = patch.start === undefined ? grid.frames(segment.start) : grid.frameAt(patch.start, 'start');
  const b = patch.end === undefined ? grid.frames(segment.end) : grid.frameAt(patch.end, 'end');
  const start = patch.start === undefined ? segment.start : grid.time(a);
  const end = patch.end === undefined ? segment.end : grid.time(b);
  if (!atLeastOneFrame(a, b)) {
    const name = patch.end === undefined ? 'start' : 'end';
    throw new RangeError(
      `trimSegment: \`${name}\` would leave segment ${i} (${formatSeconds(start)}–${formatSeconds(end)}) shorter than one frame at ${context.frameRate} fps.`,
    );
  }
  const previous = edit.segments[i - 1];
  if (previous && a < grid.frames(previous.end)) {
    throw new RangeError(`trimSegment: \`start\` (${formatSeconds(start)}) must not be before the end of segment ${i - 1} (${formatSeconds(previous.end)}).`);
  }
  const next = edit.segments[i + 1];
  if (next && b > grid.frames(next.start)) {
    throw new RangeError(`trimSegment: \`end\` (${formatSeconds(end)}) must not be after the start of segment ${i + 1} (${formatSeconds(next.start)}).`);
  }
  return { ...edit, segments: edit.segments.map((s, k) => (k === i ? { start, end } : s)) };
}

/** Cuts segment `index` in two at `time` (snapped to frames), which must leave both parts a frame or longer. */
export function splitSegment(edit: Edit, index: number, time: number, context: EditContext): Edit {
  const grid = frameGrid('splitSegment', context);
  const i = indexOf('splitSegment', edit.segments, index, 'index');
  const segment = edit.segments[i] as Segment;
  const cut = grid.frameAt(time, 'time');
  if (!atLeastOneFrame(grid.frames(segment.start), cut) || !atLeastOneFrame(cut, grid.frames(segment.end))) {
    throw new RangeError(
      `splitSegment: \`time\` (${formatSeconds(time)}) must be at least one frame inside segment ${i} (${formatSeconds(segment.start)}–${formatSeconds(segment.end)}).`,
    );
  }
  const at = grid.time(cut);
  const halves = [
    { start: segment.start, end: at },
    { start: at, end: segment.end },
  ];
  return { ...edit, segments: [...edit.segments.slice(0, i), ...halves, ...edit.segments.slice(i + 1)] };
}

/**
 * Joins segments `i` to `j` (either order) into one from the first's start to the last's end,
 * taking in the gaps and any segments between them.
 */
export function mergeSegments(edit: Edit, i: number, j: number): Edit {
  const first = indexOf('mergeSegments', edit.segments, i, 'i');
  const last = indexOf('mergeSegments', edit.segments, j, 'j');
  if (first === last) throw new RangeError(`mergeSegments: \`j\` (${j}) must name another segment than \`i\` (${i}).`);
  const [lo, hi] = first < last ? [first, last] : [last, first];
  const merged = { start: (edit.segments[lo] as Segment).start, end: (edit.segments[hi] as Segment).end };
  return { ...edit, segments: [...edit.segments.slice(0, lo), merged, ...edit.segments.slice(hi + 1)] };
}

/** Removes segment `index`. */
export function removeSegment(edit: Edit, index: number): Edit {
  const i = indexOf('removeSegment', edit.segments, index, 'index');
  return { ...edit, segments: edit.segments.filter((_, k) => k !== i) };
}

interface FrameGrid {
  /** `t` (seconds, inside the asset) as the nearest frame boundary that is not after the asset's end. */
  frameAt(t: number, name: string): number;
  frames(seconds: number): number;
  time(frame: number): number;
}

function frameGrid(operation: string, context: EditContext): FrameGrid {
  const duration = context?.assetDuration;
  if (!(typeof duration === 'number' && Number.isFinite(duration) && duration > 0)) {
    throw new RangeError(`${operation}: \`context.assetDuration\` must be the asset's duration in seconds, above 0; got ${String(duration)}.`);
  }
  const rate: FrameRateFraction = rateOf(context.frameRate, 'context.frameRate');
  // The last boundary inside the asset: an asset of 60 s at 29.97 fps ends its last whole frame at 59.99326 s.
  let lastFrame = Math.floor(toFrames(duration, rate));
  if (fromFrames(lastFrame, rate) > duration) lastFrame -= 1;
  return {
    frameAt(t, name) {
      if (!(typeof t === 'number' && t >= 0 && t <= duration)) {
        throw new RangeError(`${operation}: \`${name}\` (${String(t)}) must be a time in seconds from 0 to the asset duration ${formatSeconds(duration)}.`);
      }
      return Math.min(Math.round(toFrames(t, rate)), lastFrame);
    },
    frames: (seconds) => toFrames(seconds, rate),
    time: (frame) => fromFrames(frame, rate),
  };
}

function indexOf(operation: string, segments: readonly Segment[], index: number, name: string): number {
  if (!Number.isInteger(index) || index < 0 || index >= segments.length) {
    const valid = segments.length === 0 ? 'the edit has no segments' : `0 to ${segments.length - 1}`;
    throw new RangeError(`${operation}: \`${name}\` (${String(index)}) is not a segment index; ${valid}.`);
  }
  return index;
}
