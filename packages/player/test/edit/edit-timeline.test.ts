import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Annotation } from '@surgery-video/client';
import { activeAnnotations, annotationTransitions } from '../../src/edit/active-annotations.js';
import { boundaryAction, boundaryWithin, editTimeAt, frameInSegments, sourceTimeAt, stepTarget } from '../../src/edit/edit-timeline.js';
import { containedBox } from '../../src/overlay/picture-box.js';

const segments = [
  { start: 10, end: 12 },
  { start: 30, end: 31.5 },
];

it('maps source positions to edit time, clamping gaps and the ends', () => {
  const table: Array<[source: number, edit: number]> = [
    [0, 0],
    [10, 0],
    [11, 1],
    [12, 2],
    [20, 2],
    [30, 2],
    [30.5, 2.5],
    [31.5, 3.5],
    [50, 3.5],
  ];
  for (const [source, edit] of table) assert.equal(editTimeAt(segments, source, 30), edit, `source ${source}`);
});

it('maps edit time to the source time that shows it, frame-exactly, clamped to the last frame', () => {
  const table: Array<[edit: number, source: number]> = [
    [-1, 10],
    [0, 10],
    [1.5, 11.5],
    [2, 30],
    [2.5, 30.5],
    [3.5, 944.5 / 30],
    [9, 944.5 / 30],
  ];
  for (const [edit, source] of table) assert.equal(sourceTimeAt(segments, edit, 30), source, `edit ${edit}`);
  assert.equal(Math.floor(sourceTimeAt(segments, 2.5, 30)! * 30 + 1e-3), 915);
  assert.equal(sourceTimeAt([], 1, 30), undefined);
});

it('jumps when the frame on screen is the last of its segment, and ends after the last segment', () => {
  const table: Array<[source: number, action: ReturnType<typeof boundaryAction>]> = [
    [5, { type: 'jump', to: 10 }],
    [10.01, { type: 'none' }],
    [358.5 / 30, { type: 'none' }],
    [359.5 / 30, { type: 'jump', to: 30 }],
    [12.01, { type: 'jump', to: 30 }],
    [30.01, { type: 'none' }],
    [943.5 / 30, { type: 'none' }],
    [944.5 / 30, { type: 'end' }],
    [40, { type: 'end' }],
  ];
  for (const [source, action] of table) assert.deepEqual(boundaryAction(segments, source, 30), action, `source ${source}`);
  assert.equal(frameInSegments(segments, 359.5 / 30, 30), true);
  assert.equal(frameInSegments(segments, 12, 30), false);
});

it('acts on the first boundary among the frames from the one on screen to the look-ahead', () => {
  const frame = (n: number) => (n + 0.5) / 30;
  // Three frames before the end of the first segment: one frame ahead plays on, three ahead jumps now.
  assert.deepEqual(boundaryWithin(segments, frame(356), frame(357), 30), { type: 'none' });
  assert.deepEqual(boundaryWithin(segments, frame(356), frame(359), 30), { type: 'jump', to: 30 });
  // A window reaching past the edit's last frame ends it.
  assert.deepEqual(boundaryWithin(segments, frame(940), frame(946), 30), { type: 'end' });
  // A window that spans a two-frame gap and ends inside the next segment still jumps to it.
  const close = [
    { start: 10, end: 11 },
    { start: 11 + 2 / 30, end: 12 },
  ];
  assert.equal(boundaryAction(close, frame(333), 30).type, 'none', 'the far end alone is inside a segment');
  assert.deepEqual(boundaryWithin(close, frame(328), frame(333), 30), { type: 'jump', to: 11 + 2 / 30 });
  // A clock behind the picture (to < from) still looks at the frame on screen.
  assert.deepEqual(boundaryWithin(segments, frame(359), frame(358), 30), { type: 'jump', to: 30 });
});

it('steps frames on the edit timeline, across segment boundaries, stopping at the ends', () => {
  const frameOf = (t: number | undefined) => Math.floor(t! * 30);
  assert.equal(frameOf(stepTarget(segments, 359.5 / 30, 1, 30)), 900);
  assert.equal(frameOf(stepTarget(segments, 900.5 / 30, -1, 30)), 359);
  assert.equal(frameOf(stepTarget(segments, 358.5 / 30, 3, 30)), 901);
  assert.equal(frameOf(stepTarget(segments, 300.5 / 30, -5, 30)), 300);
  assert.equal(frameOf(stepTarget(segments, 943.5 / 30, 10, 30)), 944);
});

const note = (id: string, time: number, duration?: number): Annotation => ({
  id,
  time,
  ...(duration === undefined ? {} : { duration }),
  kind: 'note',
  text: id,
  author: 'specialist-1',
  createdAt: '2026-03-01T09:30:00Z',
});

it('keeps an annotation on for its duration, or 3 s, and orders enter and leave events by time', () => {
  const a = note('a', 0.5, 0.5);
  const b = note('b', 1, 1);
  const c = note('c', 2);
  assert.deepEqual(activeAnnotations([a, b, c], 0.4), []);
  assert.deepEqual(activeAnnotations([a, b, c], 0.5), [a]);
  assert.deepEqual(activeAnnotations([a, b, c], 1), [b]);
  assert.deepEqual(activeAnnotations([a, b, c], 4.9), [c]);
  assert.deepEqual(activeAnnotations([a, b, c], 5), []);
  const names = (events: ReturnType<typeof annotationTransitions>) => events.map((event) => `${event.type.slice(10)} ${event.annotation.id}`);
  assert.deepEqual(names(annotationTransitions([a], [b], true)), ['leave a', 'enter b']);
  assert.deepEqual(names(annotationTransitions([], [b, a], true)), ['enter a', 'enter b']);
  assert.deepEqual(names(annotationTransitions([c], [a], false)), ['leave c', 'enter a']);
});

it('finds the picture inside the element: letterboxed, pillarboxed, exact', () => {
  assert.deepEqual(containedBox(400, 400, 1280, 720), { left: 0, top: 87.5, width: 400, height: 225 });
  assert.deepEqual(containedBox(800, 225, 1280, 720), { left: 200, top: 0, width: 400, height: 225 });
  assert.deepEqual(containedBox(640, 360, 1280, 720), { left: 0, top: 0, width: 640, height: 360 });
  assert.deepEqual(containedBox(640, 360, 0, 0), { left: 0, top: 0, width: 0, height: 0 });
});
