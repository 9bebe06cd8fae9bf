/** Annotation pins: only the visible stretch, and pins of a kind that would overlap drawn as one. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Annotation, AnnotationKind } from '@surgery-video/client';
import { PIN_MERGE_DISTANCE, pinMarks } from '../../src/timeline/pin-marks.js';

const note = (time: number, kind: AnnotationKind = 'note', text = `at ${time}`): Annotation => ({ id: `n-${time}-${kind}`, time, kind, text, author: 'trainee-1', createdAt: '2026-01-01T00:00:00.000Z' });

it('draws one pin per annotation when they are far apart', () => {
  const marks = pinMarks([note(1), note(2, 'mistake', 'Bleeding'), note(3)], 0, 10, 100);
  assert.deepEqual(marks.map((m) => [m.time, m.kind, m.count, m.title]), [
    [1, 'note', 1, 'note: at 1'],
    [2, 'mistake', 1, 'mistake: Bleeding'],
    [3, 'note', 1, 'note: at 3'],
  ]);
});

it('merges pins of one kind closer than a pin, never pins of different kinds', () => {
  const step = (PIN_MERGE_DISTANCE / 2) / 10; // half the merge distance at 10 px/s
  const annotations = [note(1), note(1 + step), note(1 + 2 * step), note(1 + step, 'question')].sort((a, b) => a.time - b.time);
  const marks = pinMarks(annotations, 0, 60, 10);
  assert.deepEqual(marks.map((m) => [m.kind, m.count]), [
    ['note', 2],
    ['question', 1],
    ['note', 1],
  ]);
  assert.equal(marks[0]!.title, '2 note annotations from 1.00 s');
});

it('leaves out the annotations outside the view', () => {
  const annotations = Array.from({ length: 600 }, (_, i) => note(i / 10));
  const marks = pinMarks(annotations, 20, 21, 1000);
  assert.equal(marks[0]!.time, 20);
  assert.equal(marks.at(-1)!.time, 21);
  assert.equal(marks.length, 11);
});

it('2,000 annotations on a zoomed-out 960 px timeline stay a few hundred pins', () => {
  const kinds: AnnotationKind[] = ['mistake', 'good-practice', 'question', 'note'];
  const annotations = Array.from({ length: 2000 }, (_, i) => note(Math.floor((i * 1800) / 2000) / 30, kinds[i % 4]));
  const marks = pinMarks(annotations, 0, 60, 16);
  assert.ok(marks.length <= (960 / PIN_MERGE_DISTANCE) * 4 + 4, `${marks.length} pins`);
  assert.equal(marks.reduce((sum, m) => sum + m.count, 0), 2000, 'every annotation is in a pin');
});
