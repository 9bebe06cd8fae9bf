/**
 * The events `<clip-editor>` dispatches, one class each. All are composed (they leave the shadow
 * root); all but `error` bubble. `error` does not bubble, as on `<surgery-player>`: a bubbling
 * `error` reaches `window.onerror`, which error reporters and test runners take for a crash.
 */
import type { Edit } from '@surgery-video/client';

/** `change`: the Edit changed through the editor (an operation, an undo or a redo); `detail.edit` is the new value. */
export class ClipChangeEvent extends CustomEvent<{ edit: Edit; label: string }> {
  constructor(edit: Edit, label: string) {
    super('change', { bubbles: true, composed: true, detail: { edit, label } });
  }
}

/** `save`: the Edit was saved (`detail.edit` is what the server returned, or the value when there is no server). */
export class ClipSaveEvent extends CustomEvent<{ edit: Edit }> {
  constructor(edit: Edit) {
    super('save', { bubbles: true, composed: true, detail: { edit } });
  }
}

/** `submit`: the Edit was sent for review (`detail.edit`, status `submitted` when a server took it). */
export class ClipSubmitEvent extends CustomEvent<{ edit: Edit }> {
  constructor(edit: Edit) {
    super('submit', { bubbles: true, composed: true, detail: { edit } });
  }
}

export type ClipEditorErrorCode =
  /** `value` was given something that is not a valid Edit; `field` names the first field at fault. */
  | 'invalid-edit'
  /** An operation could not be done (an out before an in, a segment shorter than a frame...). */
  | 'invalid-operation'
  /** The source's duration is not known yet: editing waits for the media. */
  | 'not-ready'
  /** The Edit was changed on the server since it was read; the editor asks the user which to keep. */
  | 'version-conflict'
  /** Loading, saving or submitting through the API failed. */
  | 'api-error';

export interface ClipEditorErrorDetail {
  code: ClipEditorErrorCode;
  message: string;
  /** The field at fault (`segments[0].end`), for `invalid-edit` and API input errors. */
  field?: string | undefined;
  fatal: boolean;
  cause?: unknown;
}

/** `error`: `detail: { code, message, field, fatal, cause }`. Composed, not bubbling: listen on the editor. */
export class ClipEditorErrorEvent extends CustomEvent<ClipEditorErrorDetail> {
  constructor(detail: ClipEditorErrorDetail) {
    super('error', { bubbles: false, composed: true, detail });
  }
}

/** The editor's events by name. */
export interface ClipEditorEventMap {
  change: ClipChangeEvent;
  save: ClipSaveEvent;
  submit: ClipSubmitEvent;
  error: ClipEditorErrorEvent;
}

declare global {
  interface GlobalEventHandlersEventMap {
    save: ClipSaveEvent;
  }
}
