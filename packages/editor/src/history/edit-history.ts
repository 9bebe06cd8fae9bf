/**
 * Undo and redo as values. Every editor operation produces a new Edit (the client's operations
 * never mutate), so a history is just the list of Edits the user went through: `past` (oldest
 * first), `present`, and `future` (the next redo first). Each step keeps the label of the
 * operation that left it ("Add segment"), which is what a screen reader hears on undo or redo.
 * Functions here take a history and return a new one; nothing is mutated, nothing touches the DOM.
 */
import type { Edit } from '@surgery-video/client';

export interface HistoryStep {
  /** The Edit on that side of the step. */
  readonly edit: Edit;
  /** What the operation between this Edit and its neighbour did, e.g. "Add segment". */
  readonly label: string;
}

export interface EditHistory {
  readonly past: readonly HistoryStep[];
  readonly present: Edit;
  readonly future: readonly HistoryStep[];
  /** The most undo steps kept; the oldest are dropped first. */
  readonly limit: number;
}

export const DEFAULT_HISTORY_LIMIT = 200;

/** A history holding `edit` and nothing to undo or redo. */
export function createHistory(edit: Edit, limit: number = DEFAULT_HISTORY_LIMIT): EditHistory {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`createHistory: \`limit\` must be a whole number of steps, at least 1; got ${String(limit)}.`);
  return { past: [], present: edit, future: [], limit };
}

/** `edit` becomes the present after the operation `label`; the redo steps are dropped. Recording the present itself changes nothing. */
export function record(history: EditHistory, edit: Edit, label: string): EditHistory {
  if (edit === history.present) return history;
  const past = [...history.past, { edit: history.present, label }];
  return { ...history, past: past.length > history.limit ? past.slice(past.length - history.limit) : past, present: edit, future: [] };
}

/** One step back, with the label of the operation undone; `undefined` when there is nothing to undo. */
export function undo(history: EditHistory): { history: EditHistory; label: string } | undefined {
  const step = history.past[history.past.length - 1];
  if (!step) return undefined;
  return {
    label: step.label,
    history: { ...history, past: history.past.slice(0, -1), present: step.edit, future: [{ edit: history.present, label: step.label }, ...history.future] },
  };
}

/** One step forward, with the label of the operation redone; `undefined` when there is nothing to redo. */
export function redo(history: EditHistory): { history: EditHistory; label: string } | undefined {
  const [step, ...future] = history.future;
  if (!step) return undefined;
  return {
    label: step.label,
    history: { ...history, past: [...history.past, { edit: history.present, label: step.label }], present: step.edit, future },
  };
}

export const canUndo = (history: EditHistory): boolean => history.past.length > 0;
export const canRedo = (history: EditHistory): boolean => history.future.length > 0;

/**
 * Applies `change` to every Edit of the history, for facts that are not the user's to undo: the
 * version a save returned (undoing after a save must not bring back a stale version).
 */
export function rebase(history: EditHistory, change: (edit: Edit) => Edit): EditHistory {
  const step = (s: HistoryStep): HistoryStep => ({ ...s, edit: change(s.edit) });
  return { ...history, past: history.past.map(step), present: change(history.present), future: history.future.map(step) };
}
