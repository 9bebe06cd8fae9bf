/**
 * The player's side of an Edit's two timelines, as pure functions: where the playhead is on the
 * edit timeline whatever the video's source position (inside a segment, in a gap while a jump is
 * on its way, past the end), where an edit time or an edit frame plays on the source, and what to
 * do when a presented frame is the last one of its segment. The exact mapping itself is the
 * client's (`sourceToEdit`, `editToSource`, frame-exact given the frame rate); this file adds the
 * clamping and the boundary decisions a player needs.
 */
import { editDuration, editToSource, sourceToEdit, type Segment } from '@surgery-video/client';
import { frameAt, frameCentre } from '../frames/frame-time.js';

/** A segment's first and last frame numbers (inclusive) on the source at `fps`. */
export function segmentFrames(segment: Segment, fps: number): { first: number; last: number } {
  // A segment holds [start, end): the frame that starts at `end` is the next one's, not its.
  return { first: frameAt(segment.start, fps), last: Math.max(frameAt(segment.start, fps), Math.ceil(segment.end * fps - 1e-3) - 1) };
}

/** True when the frame at source time `t` belongs to a segment. */
export function frameInSegments(segments: readonly Segment[], t: number, fps: number): boolean {
  const frame = frameAt(t, fps);
  return segments.some((segment) => {
    const { first, last } = segmentFrames(segment, fps);
    return frame >= first && frame <= last;
  });
}

/**
 * The edit time of source position `t`: mapped inside a segment; before a segment (a gap, or
 * before the first), the edit time at which that segment begins; after the last, the edit's end.
 */
export function editTimeAt(segments: readonly Segment[], t: number, fps: number): number {
  for (const segment of segments) {
    if (t <= segment.end) {
      const at = Math.max(t, segment.start);
      return sourceToEdit(segments, at, fps) ?? 0;
    }
  }
  return editDuration(segments, fps);
}

/**
 * The source time that shows edit time `t`, clamped to the edit: 0 and below is the first
 * segment's start, the edit's end and beyond is the centre of the last segment's last frame (the
 * end itself belongs to whatever follows the segment on the source).
 */
export function sourceTimeAt(segments: readonly Segment[], t: number, fps: number): number | undefined {
  const last = segments[segments.length - 1];
  if (!last) return undefined;
  const duration = editDuration(segments, fps);
  if (!(t < duration)) return frameCentre(segmentFrames(last, fps).last, fps);
  return editToSource(segments, Math.max(0, t), fps);
}

/**
 * What `stepFrame(n)` does during edit playback: it counts frames on the edit timeline, so a step
 * from the last frame of a segment lands on the first frame of the next one (and back), and the
 * steps stop at the edit's first and last frames. Returns the source time to show (a frame's centre).
 */
export function stepTarget(segments: readonly Segment[], sourcePicture: number, n: number, fps: number): number | undefined {
  const last = segments[segments.length - 1];
  if (!last) return undefined;
  const frames = Math.max(1, Math.round(editDuration(segments, fps) * fps));
  const from = Math.min(frameAt(editTimeAt(segments, sourcePicture, fps), fps), frames - 1);
  const target = Math.min(Math.max(from + n, 0), frames - 1);
  return sourceTimeAt(segments, frameCentre(target, fps), fps);
}

export type BoundaryAction = { type: 'none' } | { type: 'jump'; to: number } | { type: 'end' };

/**
 * What to do while playing, given the source time of the frame on screen (or the clock). When
 * the next frame would be at or past the end of the segment that holds it, jump to the next
 * segment's start now (so the frame after the boundary is never presented) or, after the last
 * segment, end. A position in a gap or before the first segment jumps too.
 */
export function boundaryAction(segments: readonly Segment[], t: number, fps: number): BoundaryAction {
  const frame = frameAt(t, fps);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const { first, last } = segmentFrames(segment, fps);
    if (frame < first) return { type: 'jump', to: segment.start };
    if (frame < last) return { type: 'none' };
    if (frame === last) {
      const next = segments[i + 1];
      return next ? { type: 'jump', to: next.start } : { type: 'end' };
    }
  }
  return { type: 'end' };
}

/**
 * The first boundary action among the frames from source time `from` (the frame on screen) to
 * `to` (where the playhead may be by the next chance to act), in presentation order; `none` when
 * every one of them plays on. Scanning each frame, not just the two ends, matters when the window
 * spans a short gap: its far end may already be inside the next segment.
 */
export function boundaryWithin(segments: readonly Segment[], from: number, to: number, fps: number): BoundaryAction {
  const first = frameAt(from, fps);
  const last = Math.max(first, frameAt(to, fps));
  for (let frame = first; frame <= last; frame++) {
    const action = boundaryAction(segments, frameCentre(frame, fps), fps);
    if (action.type !== 'none') return action;
  }
  return { type: 'none' };
}
