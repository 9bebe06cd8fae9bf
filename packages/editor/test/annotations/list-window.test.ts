/** The annotations list's window: the rows in view and a few more, spacers for the rest, a revealed row scrolled into view. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { listWindow } from '../../src/annotations/list-window.js';

it('draws the rows in view plus the overscan, with spacers as tall as the rows left out', () => {
  const w = listWindow({ count: 2000, rowHeight: 40, scrollTop: 4000, viewport: 320, overscan: 5 });
  assert.deepEqual(w, { first: 95, end: 113, before: 95 * 40, after: (2000 - 113) * 40, scrollTop: 4000 });
  assert.equal(w.before + (w.end - w.first) * 40 + w.after, 2000 * 40, 'the list keeps its full height');
});

it('draws everything for a short list', () => {
  assert.deepEqual(listWindow({ count: 3, rowHeight: 40, scrollTop: 0, viewport: 320 }), { first: 0, end: 3, before: 0, after: 0, scrollTop: 0 });
  assert.deepEqual(listWindow({ count: 0, rowHeight: 40, scrollTop: 0, viewport: 320 }), { first: 0, end: 0, before: 0, after: 0, scrollTop: 0 });
});

it('keeps the scroll inside the list when it shrank', () => {
  const w = listWindow({ count: 10, rowHeight: 40, scrollTop: 5000, viewport: 320, overscan: 0 });
  assert.equal(w.scrollTop, 80);
  assert.deepEqual([w.first, w.end], [2, 10]);
});

it('scrolls a row to reveal into the middle of the view, and leaves a visible one where it is', () => {
  const w = listWindow({ count: 2000, rowHeight: 40, scrollTop: 0, viewport: 320, overscan: 0, reveal: 1500 });
  assert.equal(w.scrollTop, 1500 * 40 - 140);
  assert.ok(w.first <= 1500 && 1500 < w.end);
  assert.equal(listWindow({ count: 2000, rowHeight: 40, scrollTop: 0, viewport: 320, reveal: 3 }).scrollTop, 0);
});
