/**
 * What the editor's controllers share: the element (its public surface), its private reactive
 * state (read and written through the element's properties, so Lit renders the change), and the
 * two ways the editor speaks to the user and the page: the live region and the `error` event.
 */
import type { AnnotationKind, Edit, Shape, ShapeType } from '@surgery-video/client';
import type { StoredDraft } from '../drafts/draft-store.js';
import type { ClipEditor } from '../editor.component.js';
import { ClipEditorErrorEvent, type ClipEditorErrorCode, type ClipEditorErrorDetail } from '../events/editor-events.js';
import type { EditHistory } from '../history/edit-history.js';

/** The element's `state: true` properties. */
export interface EditorState {
  history: EditHistory | undefined;
  preview: Edit | undefined;
  pendingIn: number | undefined;
  time: number;
  mediaDuration: number;
  paused: boolean;
  announcement: string;
  filter: AnnotationKind | 'all';
  conflict: { mine: Edit; theirs: Edit } | undefined;
  draftOffer: StoredDraft | undefined;
  busy: boolean;
  drawing: boolean;
  drawTool: ShapeType;
  drawColor: string;
  drawDraft: Shape | undefined;
}

export interface EditorPort {
  readonly host: ClipEditor;
  readonly state: EditorState;
  /** Says `text` in the polite live region. */
  announce(text: string): void;
  /** Announces the message and dispatches an `error` event on the editor. */
  report(detail: ClipEditorErrorDetail & { code: ClipEditorErrorCode }): void;
}

export function createPort(host: ClipEditor, state: EditorState): EditorPort {
  const announce = (text: string): void => {
    // The same words twice in a row must still be read: change the text node's content.
    state.announcement = state.announcement === text ? `${text}\u00a0` : text;
  };
  return {
    host,
    state,
    announce,
    report(detail) {
      announce(detail.message);
      host.dispatchEvent(new ClipEditorErrorEvent(detail));
    },
  };
}

export function newId(prefix: string): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${random}`;
}
