/**
 * @surgery-video/editor without side effects: the element class, its events and the pure parts
 * (history, keymap, timeline scale). Import `@surgery-video/editor/clip-editor.js` to register
 * `<clip-editor>`.
 */
export { ClipEditor, type AnnotationInput, type AnnotationPatch, type ClipEditorEventMap } from './editor.component.js';
export {
  ClipChangeEvent,
  ClipEditorErrorEvent,
  ClipSaveEvent,
  ClipSubmitEvent,
  type ClipEditorErrorCode,
  type ClipEditorErrorDetail,
} from './events/editor-events.js';
export { canRedo, canUndo, createHistory, DEFAULT_HISTORY_LIMIT, rebase, record, redo, undo, type EditHistory, type HistoryStep } from './history/edit-history.js';
export { actionFor, DEFAULT_KEYMAP, EDITING_ACTIONS, EDITOR_ACTIONS, keyCombo, type EditorAction, type Keymap } from './keys/keymap.js';
export { formatTimecode, ticks, type Tick } from './timeline/timeline-scale.js';
export { EDITOR_VERSION } from './version.js';
