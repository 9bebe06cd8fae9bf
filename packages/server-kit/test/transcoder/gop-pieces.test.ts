import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gopPieces, type GopPiece } from '../../src/transcoder/gop-pieces.js';

/** The source frames the pieces hold, in order, read back from segment starts. */
function framesOf(pieces: readonly GopPiece[], starts: readonly number[], frameCount: number): number[] {
  const bounds = [...starts, frameCount];
  return pieces.flatMap((piece) => {
    const [from, to] = piece.kind === 'copy' ? [bounds[piece.first]!, bounds[piece.last + 1]!] : [bounds[piece.segment]! + piece.from, bounds[piece.segment]! + piece.to];
    return Array.from({ length: to - from }, (_, i) => from + i);
  });
}

describe('gopPieces: copy whole source segments, encode only the cut ones', () => {
  const STARTS = [0, 60, 120, 180, 240];

  it('a clip from mid-segment to mid-segment: encoded head, copied middle, encoded tail', () => {
    assert.deepEqual(gopPieces([[31, 200]], STARTS, 300), [
      { kind: 'encode', segment: 0, from: 31, to: 60, frames: 29 },
      { kind: 'copy', first: 1, last: 2, frames: 120 },
      { kind: 'encode', segment: 3, from: 0, to: 20, frames: 20 },
    ]);
  });

  it('a clip on segment boundaries is all copy; a clip inside one segment is one encode', () => {
    assert.deepEqual(gopPieces([[60, 180]], STARTS, 300), [{ kind: 'copy', first: 1, last: 2, frames: 120 }]);
    assert.deepEqual(gopPieces([[61, 70]], STARTS, 300), [{ kind: 'encode', segment: 1, from: 1, to: 10, frames: 9 }]);
  });

  it('a short last segment and a clip to the end of the source', () => {
    assert.deepEqual(gopPieces([[200, 270]], STARTS, 270), [
      { kind: 'encode', segment: 3, from: 20, to: 60, frames: 40 },
      { kind: 'copy', first: 4, last: 4, frames: 30 },
    ]);
  });

  it('holds exactly the clipped frames, in order, for 500 random clip lists over random segmentations', () => {
    // A fixed-seed generator (xorshift32): the same cases every run.
    let state = 0x9e3779b9;
    const next = (below: number) => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % below;
    };
    for (let round = 0; round < 500; round++) {
      const lengths = Array.from({ length: 1 + next(12) }, () => 1 + next(90));
      const starts = lengths.slice(0, -1).reduce<number[]>((acc, length) => [...acc, acc.at(-1)! + length], [0]);
      const frameCount = lengths.reduce((sum, length) => sum + length, 0);
      const clips = Array.from({ length: 1 + next(4) }, () => {
        const a = next(frameCount);
        return [a, a + 1 + next(frameCount - a)] as const;
      });
      const pieces = gopPieces(clips, starts, frameCount);
      const expected = clips.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i));
      assert.deepEqual(framesOf(pieces, starts, frameCount), expected, JSON.stringify({ starts, frameCount, clips }));
      for (const piece of pieces) assert.ok(piece.frames > 0, JSON.stringify(piece));
      // Nothing is encoded that a copy could carry: every encoded piece is a part of its segment.
      for (const piece of pieces) if (piece.kind === 'encode') assert.ok(piece.to - piece.from < lengths[piece.segment]!, JSON.stringify(piece));
    }
  });

  it('refuses clips outside the source and segments out of order', () => {
    assert.throws(() => gopPieces([[250, 301]], STARTS, 300), /clip 0 \(frames 250–300\) is not inside frames 0–299/);
    assert.throws(() => gopPieces([[0, 10]], [0, 60, 60], 300), /segment 2 does not start after segment 1/);
    assert.throws(() => gopPieces([[0, 10]], [5, 60], 300), /the first segment must start at frame 0/);
  });
});
