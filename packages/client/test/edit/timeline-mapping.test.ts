import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  editDuration,
  editToSource,
  frameTime,
  nextSegmentStart,
  rebaseAnnotations,
  snapToFrame,
  sourceToEdit,
  type Annotation,
  type Segment,
} from '../../src/index.js';
import { alignedSegments, deepFreeze, goldenEdit, uniform } from './edit-fixtures.js';

// [10, 20) + [30, 35) + [35, 40): a gap, then two touching segments (a split); the edit lasts 20 s.
const SEGMENTS: Segment[] = deepFreeze([
  { start: 10, end: 20 },
  { start: 30, end: 35 },
  { start: 35, end: 40 },
]);

describe('timeline mapping: examples', () => {
  it('editDuration is the sum of the segment lengths', () => {
    assert.equal(editDuration(SEGMENTS), 20);
    assert.equal(editDuration([]), 0);
    assert.equal(editDuration([{ start: 1.001, end: 3.003 }], 29.97), 2.002);
  });

  it('sourceToEdit cuts the gaps out, and is undefined outside every segment', () => {
    assert.equal(sourceToEdit(SEGMENTS, 10), 0);
    assert.equal(sourceToEdit(SEGMENTS, 15), 5);
    assert.equal(sourceToEdit(SEGMENTS, 20), 10, 'a segment holds its end');
    assert.equal(sourceToEdit(SEGMENTS, 30), 10);
    assert.equal(sourceToEdit(SEGMENTS, 36), 16);
    assert.equal(sourceToEdit(SEGMENTS, 40), 20);
    for (const t of [0, 9.99, 25, 40.01, -1]) assert.equal(sourceToEdit(SEGMENTS, t), undefined, `${t}`);
    assert.equal(sourceToEdit([], 0), undefined);
  });

  it('editToSource finds the source time, the next segment at a boundary and the last end at the end', () => {
    assert.equal(editToSource(SEGMENTS, 0), 10);
    assert.equal(editToSource(SEGMENTS, 9.5), 19.5);
    assert.equal(editToSource(SEGMENTS, 10), 30, 'the boundary plays the next segment');
    assert.equal(editToSource(SEGMENTS, 15), 35);
    assert.equal(editToSource(SEGMENTS, 20), 40, 'the end of the edit is the last segment end');
    for (const t of [-0.01, 20.01, Number.NaN]) assert.equal(editToSource(SEGMENTS, t), undefined, `${t}`);
    assert.equal(editToSource([], 0), undefined);
  });

  it('nextSegmentStart is where a player jumps to over a gap', () => {
    assert.equal(nextSegmentStart(SEGMENTS, 0), 10);
    assert.equal(nextSegmentStart(SEGMENTS, 20), 30);
    assert.equal(nextSegmentStart(SEGMENTS, 20.04), 30);
    assert.equal(nextSegmentStart(SEGMENTS, 30), 30);
    assert.equal(nextSegmentStart(SEGMENTS, 40), undefined, 'the edit is over');
  });

  it('rebaseAnnotations keeps the annotations inside segments, on the edit timeline', () => {
    const base = goldenEdit().annotations[1] as Annotation;
    const at = (id: string, time: number, duration?: number): Annotation =>
      duration === undefined ? { ...base, id, time } : { ...base, id, time, duration };
    const edit = deepFreeze({
      segments: SEGMENTS,
      annotations: [at('before', 5), at('in-first', 12, 3), at('in-gap', 25), at('across-gap', 18, 14), at('at-split', 35), at('at-end', 40, 5)],
    });
    const rebased = rebaseAnnotations(edit);
    assert.deepEqual(
      rebased.map(({ id, time, duration }) => ({ id, time, duration })),
      [
        { id: 'in-first', time: 2, duration: 3 },
        // 18..32 plays 18..20 and 30..32: 4 s of the edit.
        { id: 'across-gap', time: 8, duration: 4 },
        { id: 'at-split', time: 15, duration: undefined },
        // Nothing of 40..45 plays: the duration goes.
        { id: 'at-end', time: 20, duration: undefined },
      ],
    );
    assert.equal('duration' in (rebased[3] as object), false);
    assert.equal(rebased[0]?.text, base.text, 'everything else is kept');
  });

  it('rebaseAnnotations of the golden edit keeps a1 and a2 and drops the ones in a gap or after the cut', () => {
    const rebased = rebaseAnnotations(goldenEdit(), 25);
    assert.deepEqual(
      rebased.map(({ id, time, duration }) => [id, time, duration]),
      [
        ['a1', 4, 2.5],
        ['a2', 21.92, undefined],
      ],
    );
  });
});

describe('timeline mapping: properties', () => {
  it('editDuration equals the sum of the segment lengths, exactly on frames with the frame rate', () => {
    fc.assert(
      fc.property(alignedSegments, ({ frameRate, segments, frames }) => {
        assert.equal(
          editDuration(segments),
          segments.reduce((sum, { start, end }) => sum + (end - start), 0),
        );
        const total = frames.reduce((sum, [a, b]) => sum + (b - a), 0);
        assert.equal(editDuration(segments, frameRate), frameTime(total, frameRate));
        assert.ok(Math.abs(editDuration(segments) - editDuration(segments, frameRate)) < 1e-6);
      }),
      { numRuns: 200 },
    );
  });

  it('editToSource(sourceToEdit(t)) === t for every frame-aligned t inside a segment', () => {
    fc.assert(
      fc.property(alignedSegments, fc.nat(), uniform(0, 1), ({ frameRate, segments, frames }, pick, where) => {
        const [a, b] = frames[pick % frames.length] as [number, number];
        const t = frameTime(a + Math.floor(where * (b - a)), frameRate);
        const e = sourceToEdit(segments, t, frameRate);
        assert.notEqual(e, undefined);
        assert.equal(editToSource(segments, e as number, frameRate), t);
        // The last segment's end is inside too: it is the end of the edit.
        const end = segments[segments.length - 1]!.end;
        assert.equal(editToSource(segments, sourceToEdit(segments, end, frameRate)!, frameRate), end);
      }),
      { numRuns: 200 },
    );
  });

  it('sourceToEdit(editToSource(e)) === e for every frame-aligned e in [0, duration), and within 1 ns for any e', () => {
    fc.assert(
      fc.property(alignedSegments, uniform(0, 1), ({ frameRate, segments, frames }, where) => {
        const total = frames.reduce((sum, [a, b]) => sum + (b - a), 0);
        const e = frameTime(Math.floor(where * total), frameRate);
        const t = editToSource(segments, e, frameRate);
        assert.notEqual(t, undefined);
        assert.equal(sourceToEdit(segments, t as number, frameRate), e);
        assert.equal(snapToFrame(t as number, frameRate), t, 'it is a frame boundary');

        const any = where * editDuration(segments);
        const back = sourceToEdit(segments, editToSource(segments, any) as number);
        assert.ok(Math.abs((back as number) - any) < 1e-9, `${any} -> ${back}`);
      }),
      { numRuns: 200 },
    );
  });

  it('rebaseAnnotations puts every kept annotation where sourceToEdit says, and keeps exactly those inside', () => {
    fc.assert(
      fc.property(alignedSegments, fc.array(uniform(0, 1), { maxLength: 10 }), ({ frameRate, segments }, wheres) => {
        const last = segments[segments.length - 1]!.end;
        const base = goldenEdit().annotations[1] as Annotation;
        const annotations = wheres.map((where, i) => ({ ...base, id: `a${i}`, time: where * (last + 10) }));
        const rebased = rebaseAnnotations({ segments, annotations }, frameRate);
        const inside = annotations.filter((a) => sourceToEdit(segments, a.time, frameRate) !== undefined);
        assert.deepEqual(
          rebased.map((a) => [a.id, a.time]),
          inside.map((a) => [a.id, sourceToEdit(segments, a.time, frameRate)]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
