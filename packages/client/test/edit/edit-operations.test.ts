import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addSegment,
  createEdit,
  editDuration,
  frameOf,
  frameTime,
  mergeSegments,
  parseEdit,
  removeSegment,
  snapToFrame,
  splitSegment,
  trimSegment,
  type Edit,
  type EditContext,
  type Segment,
} from '../../src/index.js';
import { deepFreeze, frameRate, uniform } from './edit-fixtures.js';

const ASSET: EditContext = { assetDuration: 60, frameRate: 25 };
const NTSC: EditContext = { assetDuration: 60, frameRate: 29.97 };

function draft(segments: Segment[] = []): Edit {
  const edit = createEdit({ id: 'edit-1', assetId: 'case-001', title: 'Draft', createdBy: 'trainee-1', now: '2026-03-01T09:00:00Z' });
  return deepFreeze({ ...edit, segments });
}

describe('addSegment', () => {
  it('snaps to frames and keeps source order', () => {
    let edit = addSegment(draft(), { start: 30.01, end: 40.03 }, ASSET);
    edit = addSegment(edit, { start: 10, end: 20 }, ASSET);
    assert.deepEqual(edit.segments, [
      { start: 10, end: 20 },
      { start: 30, end: 40.04 },
    ]);
    assert.deepEqual(addSegment(draft(), { start: 1, end: 2 }, NTSC).segments, [{ start: 1.001, end: 2.002 }]);
  });

  it('merges the segments it overlaps or touches, and only those', () => {
    const edit = draft([
      { start: 5, end: 12 },
      { start: 20, end: 30 },
      { start: 30, end: 35 },
      { start: 50, end: 55 },
    ]);
    assert.deepEqual(addSegment(edit, { start: 10, end: 20 }, ASSET).segments, [
      { start: 5, end: 30 },
      { start: 30, end: 35 },
      { start: 50, end: 55 },
    ]);
    assert.deepEqual(addSegment(edit, { start: 21, end: 22 }, ASSET).segments, edit.segments, 'inside one: nothing changes');
    assert.deepEqual(addSegment(edit, { start: 40, end: 45 }, ASSET).segments, [...edit.segments.slice(0, 3), { start: 40, end: 45 }, { start: 50, end: 55 }]);
  });

  it('keeps the end on the last frame inside the asset', () => {
    // 60 s at 29.97 fps: the last boundary inside is frame 1798, 59.99327 s.
    assert.deepEqual(addSegment(draft(), { start: 59, end: 60 }, { assetDuration: 60, frameRate: 29.97 }).segments, [
      { start: snapToFrame(59, 29.97), end: (1798 * 1001) / 30000 },
    ]);
    assert.deepEqual(addSegment(draft(), { start: 59, end: 59.99 }, { assetDuration: 59.99, frameRate: 25 }).segments, [{ start: 59, end: 59.96 }]);
  });

  it('throws a RangeError naming the argument, and leaves the edit as it was', () => {
    const edit = draft([{ start: 1, end: 2 }]);
    assert.throws(() => addSegment(edit, { start: 5, end: 4 }, ASSET), { name: 'RangeError', message: /addSegment: `end` \(4\) must be after `start` \(5\)/ });
    assert.throws(() => addSegment(edit, { start: -1, end: 4 }, ASSET), { name: 'RangeError', message: /`start` \(-1\) must be a time in seconds from 0 to the asset duration 60 s/ });
    assert.throws(() => addSegment(edit, { start: 50, end: 61 }, ASSET), { name: 'RangeError', message: /`end` \(61\)/ });
    assert.throws(() => addSegment(edit, { start: 5, end: 5.01 }, ASSET), { name: 'RangeError', message: /`end` must be at least one frame after `start`/ });
    assert.throws(() => addSegment(edit, { start: 5, end: 6 }, { assetDuration: 0, frameRate: 25 }), { name: 'RangeError', message: /`context\.assetDuration`/ });
    assert.throws(() => addSegment(edit, { start: 5, end: 6 }, { assetDuration: 60, frameRate: -1 }), { name: 'RangeError', message: /`context\.frameRate`/ });
    assert.deepEqual(edit.segments, [{ start: 1, end: 2 }]);
  });
});

describe('trimSegment, splitSegment, mergeSegments, removeSegment', () => {
  const edit = draft([
    { start: 10, end: 20 },
    { start: 30, end: 40 },
    { start: 40, end: 50 },
  ]);

  it('trimSegment moves either end, snapped, up to its neighbours', () => {
    assert.deepEqual(trimSegment(edit, 0, { start: 12.01 }, ASSET).segments[0], { start: 12, end: 20 });
    assert.deepEqual(trimSegment(edit, 0, { end: 30 }, ASSET).segments[0], { start: 10, end: 30 }, 'touching is fine');
    assert.deepEqual(trimSegment(edit, 1, { start: 20, end: 39.5 }, ASSET).segments[1], { start: 20, end: 39.52 });
    assert.equal(trimSegment(edit, 1, { start: 25 }, ASSET).segments[2], edit.segments[2], 'the others are shared, not copied');
    assert.throws(() => trimSegment(edit, 0, { end: 30.04 }, ASSET), { name: 'RangeError', message: /`end` \(30\.04 s\) must not be after the start of segment 1 \(30 s\)/ });
    assert.throws(() => trimSegment(edit, 2, { start: 39.96 }, ASSET), { name: 'RangeError', message: /`start` \(39\.96 s\) must not be before the end of segment 1/ });
    assert.throws(() => trimSegment(edit, 0, { start: 19.99 }, ASSET), { name: 'RangeError', message: /`start` would leave segment 0 .* shorter than one frame/ });
    assert.throws(() => trimSegment(edit, 3, { start: 1 }, ASSET), { name: 'RangeError', message: /trimSegment: `index` \(3\) is not a segment index; 0 to 2/ });
  });

  it('splitSegment cuts one segment into two touching ones', () => {
    assert.deepEqual(splitSegment(edit, 0, 15.01, ASSET).segments, [
      { start: 10, end: 15 },
      { start: 15, end: 20 },
      ...edit.segments.slice(1),
    ]);
    assert.throws(() => splitSegment(edit, 0, 10.01, ASSET), { name: 'RangeError', message: /`time` \(10\.01 s\) must be at least one frame inside segment 0 \(10 s–20 s\)/ });
    assert.throws(() => splitSegment(edit, 0, 25, ASSET), { name: 'RangeError', message: /`time`/ });
    assert.throws(() => splitSegment(edit, -1, 15, ASSET), { name: 'RangeError', message: /`index` \(-1\)/ });
  });

  it('mergeSegments joins a run of segments, gaps included, in either order', () => {
    assert.deepEqual(mergeSegments(edit, 0, 2).segments, [{ start: 10, end: 50 }]);
    assert.deepEqual(mergeSegments(edit, 2, 1).segments, [{ start: 10, end: 20 }, { start: 30, end: 50 }]);
    assert.throws(() => mergeSegments(edit, 1, 1), { name: 'RangeError', message: /`j` \(1\) must name another segment than `i` \(1\)/ });
    assert.throws(() => mergeSegments(edit, 0, 1.5), { name: 'RangeError', message: /`j` \(1\.5\) is not a segment index/ });
  });

  it('removeSegment removes one, down to none', () => {
    assert.deepEqual(removeSegment(edit, 1).segments, [edit.segments[0], edit.segments[2]]);
    assert.deepEqual(removeSegment(draft([{ start: 1, end: 2 }]), 0).segments, []);
    assert.throws(() => removeSegment(draft(), 0), { name: 'RangeError', message: /`index` \(0\) is not a segment index; the edit has no segments/ });
  });

  it('return a new Edit with everything but the segments as it was', () => {
    const next = splitSegment(edit, 1, 35, ASSET);
    assert.notEqual(next, edit);
    assert.equal(next.annotations, edit.annotations);
    assert.deepEqual({ ...next, segments: edit.segments }, edit);
  });
});

type Operation =
  | { op: 'add'; start: number; length: number }
  | { op: 'trim'; index: number; side: 'start' | 'end' | 'both'; frames: number; at: number }
  | { op: 'split'; index: number; where: number }
  | { op: 'merge'; i: number; j: number }
  | { op: 'remove'; index: number };

const fraction = uniform(-0.02, 1.02);
/** A segment index as a fraction of the segment count: mostly valid, sometimes one before or after. */
const index = uniform(-0.1, 1.1);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('add' as const), start: fraction, length: uniform(-0.01, 0.08) }), weight: 4 },
  {
    arbitrary: fc.record({
      op: fc.constant('trim' as const),
      index,
      side: fc.constantFrom('start' as const, 'end' as const, 'both' as const),
      frames: fc.integer({ min: -40, max: 40 }),
      at: fraction,
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constant('split' as const), index, where: fraction }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('merge' as const), i: index, j: index }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), index }), weight: 1 },
);

function apply(edit: Edit, operation: Operation, context: EditContext): Edit {
  const { assetDuration: duration, frameRate: rate } = context;
  const at = (fraction: number) => Math.floor(fraction * edit.segments.length);
  const segment = operation.op === 'add' || operation.op === 'merge' ? undefined : edit.segments[at(operation.index)];
  switch (operation.op) {
    case 'add':
      return addSegment(edit, { start: operation.start * duration, end: (operation.start + operation.length) * duration }, context);
    case 'trim': {
      // Mostly nudges by a few frames (which usually succeed), sometimes a jump anywhere.
      const nudge = (t: number | undefined) => (t === undefined ? operation.at * duration : t + operation.frames / rate);
      const patch = operation.side === 'start' ? { start: nudge(segment?.start) } : operation.side === 'end' ? { end: nudge(segment?.end) } : { start: nudge(segment?.start), end: operation.at * duration };
      return trimSegment(edit, at(operation.index), patch, context);
    }
    case 'split':
      return splitSegment(edit, at(operation.index), segment ? segment.start + operation.where * (segment.end - segment.start) : operation.where * duration, context);
    case 'merge':
      return mergeSegments(edit, at(operation.i), at(operation.j));
    case 'remove':
      return removeSegment(edit, at(operation.index));
  }
}

function assertInvariants(edit: Edit, context: EditContext): void {
  const { assetDuration, frameRate: rate } = context;
  edit.segments.forEach((segment, i) => {
    const where = `segments[${i}] ${JSON.stringify(segment)}`;
    assert.equal(snapToFrame(segment.start, rate), segment.start, `${where} starts on a frame boundary`);
    assert.equal(snapToFrame(segment.end, rate), segment.end, `${where} ends on a frame boundary`);
    assert.ok(segment.start >= 0 && segment.end <= assetDuration, `${where} is inside the asset`);
    assert.ok(frameOf(segment.end, rate) - frameOf(segment.start, rate) >= 1, `${where} is a frame or longer`);
    const previous = edit.segments[i - 1];
    if (previous) assert.ok(previous.end <= segment.start, `${where} is after segments[${i - 1}] and does not overlap it`);
  });
  assert.deepEqual(parseEdit(edit, context), edit, 'parseEdit accepts it');
}

describe('segment operations: properties', () => {
  it('after any sequence of operations the segments stay sorted, apart, frame-aligned, inside the asset, and parse', () => {
    const context = fc.record({ assetDuration: fc.oneof(uniform(0.5, 120), uniform(120, 4 * 3600)), frameRate });
    const succeeded = { add: 0, trim: 0, split: 0, merge: 0, remove: 0 };
    fc.assert(
      fc.property(context, fc.array(operation, { minLength: 5, maxLength: 40 }), (asset, operations) => {
        let edit = draft();
        for (const step of operations) {
          const before = edit;
          try {
            edit = deepFreeze(apply(edit, step, asset));
            succeeded[step.op]++;
          } catch (error) {
            assert.ok(error instanceof RangeError, `only RangeErrors: ${String(error)}`);
            assert.equal(edit, before);
            continue;
          }
          assertInvariants(edit, asset);
          if (step.op === 'split') {
            assert.equal(edit.segments.length, before.segments.length + 1);
            assert.equal(editDuration(edit.segments, asset.frameRate), editDuration(before.segments, asset.frameRate), 'a split keeps the duration');
          }
          if (step.op === 'remove') assert.equal(edit.segments.length, before.segments.length - 1);
          if (step.op === 'merge') {
            const [i, j] = [step.i, step.j].map((f) => Math.floor(f * before.segments.length)) as [number, number];
            assert.equal(edit.segments.length, before.segments.length - Math.abs(i - j));
          }
          if (step.op === 'add') assert.ok(editDuration(edit.segments) >= editDuration(before.segments) - 1e-9, 'adding never shortens the edit');
        }
      }),
      { numRuns: 200 },
    );
    // The sequences exercise every operation, not only its refusals.
    for (const [op, count] of Object.entries(succeeded)) assert.ok(count >= 20, `${op} succeeded ${count} times`);
  });

  it('an added range is covered by one segment, with nothing touching it on either side', () => {
    fc.assert(
      fc.property(
        frameRate,
        fc.array(fc.record({ start: uniform(0, 590), length: uniform(0.5, 30) }), { minLength: 1, maxLength: 12 }),
        (rate, ranges) => {
          const context = { assetDuration: 600, frameRate: rate };
          let edit = draft();
          for (const { start, length } of ranges) {
            const end = Math.min(start + length, 600);
            edit = addSegment(edit, { start, end }, context);
            const lastBoundary = frameTime(frameOf(600, rate), rate);
            const [a, b] = [snapToFrame(start, rate), Math.min(snapToFrame(end, rate), lastBoundary)];
            const holding = edit.segments.findIndex((s) => s.start <= a && s.end >= b);
            assert.ok(holding >= 0, `[${a}, ${b}] is covered`);
            assert.ok((edit.segments[holding - 1]?.end ?? -1) < edit.segments[holding]!.start, 'no segment touches it before');
            assert.ok((edit.segments[holding + 1]?.start ?? Infinity) > edit.segments[holding]!.end, 'no segment touches it after');
            assertInvariants(edit, context);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
