import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addSegment, createEdit, removeSegment, type Edit } from '@surgery-video/client';
import { canRedo, canUndo, createHistory, rebase, record, redo, undo, type EditHistory } from '../../src/history/edit-history.js';

const context = { assetDuration: 60, frameRate: 30 };
const base = createEdit({ id: 'e1', assetId: 'case-001', title: 'History', createdBy: 'trainee-1', now: '2026-03-01T09:30:00Z' });

/** A small deterministic PRNG (mulberry32), so every run replays the same sequences. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('edit history', () => {
  it('undo and redo walk back and forth through every state, with the labels of the operations', () => {
    let h = createHistory(base);
    const e1 = addSegment(base, { start: 1, end: 2 }, context);
    const e2 = addSegment(e1, { start: 5, end: 6 }, context);
    h = record(h, e1, 'Add segment 1');
    h = record(h, e2, 'Add segment 2');
    const u1 = undo(h)!;
    assert.equal(u1.label, 'Add segment 2');
    assert.equal(u1.history.present, e1);
    const u2 = undo(u1.history)!;
    assert.equal(u2.label, 'Add segment 1');
    assert.equal(u2.history.present, base);
    assert.equal(undo(u2.history), undefined);
    const r1 = redo(u2.history)!;
    assert.equal(r1.label, 'Add segment 1');
    assert.equal(r1.history.present, e1);
    assert.equal(redo(r1.history)!.history.present, e2);
  });

  it('a new operation after an undo drops the redo steps', () => {
    const e1 = addSegment(base, { start: 1, end: 2 }, context);
    const h = undo(record(createHistory(base), e1, 'a'))!.history;
    assert.ok(canRedo(h));
    const e3 = addSegment(base, { start: 3, end: 4 }, context);
    const h2 = record(h, e3, 'b');
    assert.ok(!canRedo(h2));
    assert.ok(canUndo(h2));
  });

  it('keeps at most `limit` undo steps, dropping the oldest', () => {
    let h = createHistory(base, 3);
    let edit = base;
    for (let i = 0; i < 5; i++) {
      edit = addSegment(edit, { start: i * 2, end: i * 2 + 1 }, context);
      h = record(h, edit, `step ${i}`);
    }
    assert.equal(h.past.length, 3);
    assert.deepEqual(
      h.past.map((s) => s.label),
      ['step 2', 'step 3', 'step 4'],
    );
  });

  it('recording the present itself is no step', () => {
    const h = createHistory(base);
    assert.equal(record(h, base, 'nothing'), h);
  });

  it('refuses a limit that is not a whole number of steps', () => {
    assert.throws(() => createHistory(base, 0), /limit/);
  });

  it('rebase gives every state the server facts and keeps the steps', () => {
    const e1 = addSegment(base, { start: 1, end: 2 }, context);
    const h = rebase(record(createHistory(base), e1, 'a'), (edit) => ({ ...edit, version: 7 }));
    assert.equal(h.present.version, 7);
    assert.equal(undo(h)!.history.present.version, 7);
    assert.deepEqual(undo(h)!.history.present.segments, []);
  });

  it('after any sequence of operations, undos and redos, each state is the one the user saw there', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = prng(seed);
      let h: EditHistory = createHistory(base, 50);
      // The states the user went through, as a plain model: a list and a cursor.
      let states: Edit[] = [base];
      let at = 0;
      for (let step = 0; step < 40; step++) {
        const choice = random();
        if (choice < 0.5) {
          const present = h.present;
          const next =
            present.segments.length > 0 && random() < 0.3
              ? removeSegment(present, Math.floor(random() * present.segments.length))
              : ((start) => addSegment(present, { start, end: start + (1 + Math.floor(random() * 90)) / 30 }, context))(Math.floor(random() * 1700) / 30);
          h = record(h, next, `op ${step}`);
          states = [...states.slice(0, at + 1), next];
          at += 1;
          if (states.length > 51) {
            states = states.slice(states.length - 51);
            at = states.length - 1;
          }
        } else if (choice < 0.8) {
          const result = undo(h);
          assert.equal(result === undefined, at === 0, `seed ${seed}: undo available iff there is a past state`);
          if (result) {
            h = result.history;
            at -= 1;
          }
        } else {
          const result = redo(h);
          assert.equal(result === undefined, at === states.length - 1, `seed ${seed}: redo available iff there is a later state`);
          if (result) {
            h = result.history;
            at += 1;
          }
        }
        assert.equal(h.present, states[at], `seed ${seed}, step ${step}`);
      }
    }
  });
});
