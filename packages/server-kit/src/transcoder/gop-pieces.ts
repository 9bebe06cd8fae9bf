/**
 * Smart rendering, the pure part: how the frames of an Edit are cut from a source whose segments
 * each start with a keyframe (the recorded cases: CMAF, 2 s segments, one GOP each). A source
 * segment that lies wholly inside a clipping is copied as it is (its packets, not re-encoded); a
 * segment the clipping cuts is decoded and only the frames inside the clipping are encoded again.
 * The pieces, in order, hold exactly the clipped frames: copies start on a keyframe because
 * segments do, and encoded pieces start on one because the encoder opens with one.
 */
import type { FrameRanges } from './render-command.js';

export type GopPiece =
  /** Source segments `first`..`last`, copied whole. */
  | { kind: 'copy'; first: number; last: number; frames: number }
  /** Frames [from, to) of source segment `segment` (counted from the segment's first frame), encoded. */
  | { kind: 'encode'; segment: number; from: number; to: number; frames: number };

/**
 * The pieces of `clips` (source frames [start, end)) over segments starting at the frames
 * `segmentStarts` (ascending, the first 0) and ending at `frameCount`. Throws a RangeError for a
 * clip outside the source or segment starts that are not ascending.
 */
export function gopPieces(clips: FrameRanges, segmentStarts: readonly number[], frameCount: number): GopPiece[] {
  if (segmentStarts[0] !== 0) throw new RangeError('gopPieces: the first segment must start at frame 0.');
  const bounds = [...segmentStarts, frameCount];
  for (let s = 1; s < bounds.length; s++) {
    if (!(bounds[s]! > bounds[s - 1]!)) throw new RangeError(`gopPieces: segment ${s} does not start after segment ${s - 1}.`);
  }
  const pieces: GopPiece[] = [];
  clips.forEach(([a, b], i) => {
    if (!(a >= 0 && b <= frameCount && a < b)) throw new RangeError(`gopPieces: clip ${i} (frames ${a}–${b - 1}) is not inside frames 0–${frameCount - 1}.`);
    for (let s = 0; s < bounds.length - 1; s++) {
      const start = bounds[s]!;
      const end = bounds[s + 1]!;
      if (end <= a || start >= b) continue;
      if (start >= a && end <= b) {
        const previous = pieces.at(-1);
        // Consecutive whole segments of one clip are one copy.
        if (previous?.kind === 'copy' && previous.last === s - 1 && start > a) {
          previous.last = s;
          previous.frames += end - start;
        } else pieces.push({ kind: 'copy', first: s, last: s, frames: end - start });
      } else {
        const from = Math.max(a, start) - start;
        const to = Math.min(b, end) - start;
        pieces.push({ kind: 'encode', segment: s, from, to, frames: to - from });
      }
    }
  });
  return pieces;
}
