/**
 * Unsaved work kept in the browser, per Edit id, so a reload, a crash or a lost connection never
 * loses it: written on every change that is not saved yet, removed once saved, offered back when
 * the same Edit is opened again. Stored JSON is read back through `safeParseEdit`, like any input.
 */
import { safeParseEdit, type Edit } from '@surgery-video/client';

const PREFIX = 'clip-editor:unsaved:';

export interface StoredDraft {
  edit: Edit;
  /** When it was written (ms since the epoch). */
  savedAt: number;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // blocked (a sandboxed iframe, privacy settings)
  }
}

export function writeDraft(edit: Edit, now = Date.now()): void {
  try {
    storage()?.setItem(PREFIX + edit.id, JSON.stringify({ edit, savedAt: now }));
  } catch {
    // Full or blocked: the editor still works, only without this safety net.
  }
}

export function readDraft(id: string): StoredDraft | undefined {
  const text = storage()?.getItem(PREFIX + id);
  if (!text) return undefined;
  try {
    const stored = JSON.parse(text) as { edit?: unknown; savedAt?: unknown };
    const parsed = safeParseEdit(stored.edit);
    if (!parsed.ok || typeof stored.savedAt !== 'number') return undefined;
    return { edit: parsed.edit, savedAt: stored.savedAt };
  } catch {
    return undefined;
  }
}

export function clearDraft(id: string): void {
  try {
    storage()?.removeItem(PREFIX + id);
  } catch {
    // blocked: nothing was stored either
  }
}
