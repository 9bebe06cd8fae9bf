/**
 * The Edit operations and their history: every change of the value goes through `operate` (or an
 * undo, a redo, a committed trim), is recorded as one undo step with a label, then announced,
 * dispatched as a `change` event and handed to `kept` (the saving controller: drafts, autosave).
 */
import {
  addSegment as addSegmentTo,
  createEdit,
  EditValidationError,
  frameTime,
  removeSegment as removeSegmentFrom,
  safeParseEdit,
  snapToFrame,
  trimSegment,
  type Annotation,
  type Edit,
  type EditContext,
} from '@surgery-video/client';
import { ClipChangeEvent } from '../events/editor-events.js';
import { createHistory, record, redo, undo } from '../history/edit-history.js';
import { newId, type EditorPort } from '../internal/editor-port.js';
import type { HandleEdge } from '../timeline/timeline-controller.js';
import type { AnnotationInput, AnnotationPatch } from './annotation-types.js';
import { ClipEditorNotReady, FrameContext } from './frame-context.js';

export class EditSession {
  readonly frames: FrameContext;
  #drag: { base: Edit; label: string } | undefined;
  /** The empty Edit made up when no value was given, while it is still the value as made. */
  untouched: Edit | undefined;

  constructor(
    private readonly port: EditorPort,
    /** Called after every change of the value, with the new value. */
    private readonly kept: (edit: Edit) => void,
  ) {
    this.frames = new FrameContext(port);
  }

  /** The value; a new, empty Edit until one is given or loaded. */
  present(): Edit {
    const { host, state } = this.port;
    if (!state.history) {
      const now = new Date();
      let edit: Edit;
      try {
        edit = createEdit({ id: newId('edit'), assetId: host.asset ?? 'local', title: 'Untitled edit', createdBy: host.authorId, now });
      } catch {
        edit = createEdit({ id: newId('edit'), assetId: 'local', title: 'Untitled edit', createdBy: 'anonymous', now });
      }
      state.history = createHistory(edit);
      this.untouched = edit;
    }
    return state.history.present;
  }

  /** `input` checked whole as a new value; an invalid one is reported (`invalid-edit`) and gives undefined. */
  parse(input: Edit): Edit | undefined {
    const result = safeParseEdit(input, this.frames.known());
    if (!result.ok) {
      const [first] = result.issues;
      this.port.report({
        code: 'invalid-edit',
        message: `value refused: ${first?.message ?? 'not an Edit'}`,
        field: first?.path,
        fatal: false,
        cause: new EditValidationError(result.issues),
      });
      return undefined;
    }
    return result.edit;
  }

  assertEditable(method: string): void {
    if (this.port.host.readonly) throw new Error(`${method}(): this <clip-editor> is readonly; remove the readonly attribute to edit.`);
  }

  // --- Segments ------------------------------------------------------------------------------

  markIn(t?: number): number | undefined {
    this.assertEditable('markIn');
    const at = this.frames.cutTime(t, 'start');
    if (at === undefined) return undefined;
    this.port.state.pendingIn = at;
    this.port.announce(`In at ${this.frames.timecode(at)}`);
    return at;
  }

  markOut(t?: number): Edit | undefined {
    this.assertEditable('markOut');
    const { state, report } = this.port;
    const timecode = (s: number) => this.frames.timecode(s);
    const at = this.frames.cutTime(t, 'end');
    if (at === undefined) return undefined;
    const start = state.pendingIn;
    if (start === undefined) {
      report({ code: 'invalid-operation', message: 'Mark an in point (I) before the out point (O).', fatal: false });
      return undefined;
    }
    if (!(at > start)) {
      report({ code: 'invalid-operation', message: `The out point (${timecode(at)}) must be after the in point (${timecode(start)}).`, fatal: false });
      return undefined;
    }
    const edit = this.#operate(`Add segment ${timecode(start)} to ${timecode(at)}`, (edit, context) => addSegmentTo(edit, { start, end: at }, context));
    state.pendingIn = undefined;
    return edit;
  }

  addSegment(start: number, end: number): Edit | undefined {
    this.assertEditable('addSegment');
    const timecode = (s: number) => this.frames.timecode(s);
    return this.#operate(`Add segment ${timecode(start)} to ${timecode(end)}`, (edit, context) => addSegmentTo(edit, { start, end }, context), true);
  }

  removeSegment(i: number): Edit | undefined {
    this.assertEditable('removeSegment');
    return this.#operate(`Remove segment ${i + 1}`, (edit) => removeSegmentFrom(edit, i), true);
  }

  /** A handle's arrow key: moves segment `index`'s `edge` by `frames`. */
  nudge(index: number, edge: HandleEdge, frames: number): void {
    const segment = this.present().segments[index];
    if (!segment) return;
    const fps = this.port.host.player.frameRate;
    const target = frameTime(Math.max(0, Math.round(segment[edge] * fps) + frames), fps);
    this.guarded(() =>
      this.#operate(`Move segment ${index + 1} ${edge === 'start' ? 'in' : 'out'} point to ${this.frames.timecode(target)}`, (edit, context) =>
        trimSegment(edit, index, { [edge]: Math.min(target, context.assetDuration) }, context),
      ),
    );
  }

  /** A trim in progress: shown as the preview, not recorded. */
  previewTrim(index: number, edge: HandleEdge, time: number): void {
    const { host, state } = this.port;
    if (host.readonly) return;
    const context = this.frames.known();
    if (!context.assetDuration) return;
    this.#drag ??= { base: this.present(), label: `Move segment ${index + 1} ${edge === 'start' ? 'in' : 'out'} point` };
    try {
      state.preview = trimSegment(this.#drag.base, index, { [edge]: time }, context as EditContext);
    } catch {
      // Into a neighbour or under a frame: the handle stays at its last valid place.
    }
  }

  /** The drag ended: records the previewed trim as one step (or nothing if it did not move). */
  commitTrim(): void {
    const state = this.port.state;
    const drag = this.#drag;
    const preview = state.preview;
    this.#drag = undefined;
    state.preview = undefined;
    if (!drag || !preview || preview === drag.base || state.history === undefined) return;
    state.history = record(state.history, preview, drag.label);
    this.changed(drag.label);
  }

  // --- Annotations ---------------------------------------------------------------------------

  addAnnotation(a: AnnotationInput): Annotation {
    this.assertEditable('addAnnotation');
    const host = this.port.host;
    const fps = host.player.frameRate;
    const annotation: Annotation = {
      id: a.id ?? newId('note'),
      time: Number.isFinite(a.time) ? snapToFrame(a.time, fps) : a.time,
      kind: a.kind ?? 'note',
      text: a.text ?? '',
      author: a.author ?? host.authorId,
      createdAt: a.createdAt ?? new Date().toISOString(),
      ...(a.duration !== undefined ? { duration: a.duration } : {}),
      ...(a.drawing !== undefined ? { drawing: a.drawing } : {}),
    };
    const label = `Add ${annotation.kind.replace('-', ' ')} at ${this.frames.timecode(annotation.time)}`;
    this.#operate(label, (edit) => this.frames.checked({ ...edit, annotations: sortByTime([...edit.annotations, annotation]) }), true);
    return annotation;
  }

  updateAnnotation(id: string, patch: AnnotationPatch): Annotation {
    this.assertEditable('updateAnnotation');
    const current = this.present().annotations.find((a) => a.id === id);
    if (!current) throw new RangeError(`updateAnnotation: no annotation has the id "${id}".`);
    const updated = { ...current, ...patch } as Annotation;
    // A field left as it was (a text field losing focus unchanged) is no undo step.
    if (JSON.stringify(updated) === JSON.stringify(current)) return current;
    const what = patch.text !== undefined ? 'text' : patch.kind !== undefined ? 'kind' : patch.drawing !== undefined ? 'drawing' : 'annotation';
    this.#operate(
      `Change ${what} of the annotation at ${this.frames.timecode(current.time)}`,
      (edit) => this.frames.checked({ ...edit, annotations: sortByTime(edit.annotations.map((a) => (a.id === id ? updated : a))) }),
      true,
    );
    return updated;
  }

  removeAnnotation(id: string): Edit | undefined {
    this.assertEditable('removeAnnotation');
    const current = this.present().annotations.find((a) => a.id === id);
    if (!current) throw new RangeError(`removeAnnotation: no annotation has the id "${id}".`);
    return this.#operate(`Delete the annotation at ${this.frames.timecode(current.time)}`, (edit) => ({ ...edit, annotations: edit.annotations.filter((a) => a.id !== id) }));
  }

  // --- History -------------------------------------------------------------------------------

  undo(): Edit | undefined {
    this.assertEditable('undo');
    const state = this.port.state;
    const result = state.history && undo(state.history);
    if (!result) {
      this.port.announce('Nothing to undo');
      return undefined;
    }
    state.history = result.history;
    this.changed(`Undone: ${result.label}`);
    return result.history.present;
  }

  redo(): Edit | undefined {
    this.assertEditable('redo');
    const state = this.port.state;
    const result = state.history && redo(state.history);
    if (!result) {
      this.port.announce('Nothing to redo');
      return undefined;
    }
    state.history = result.history;
    this.changed(`Redone: ${result.label}`);
    return result.history.present;
  }

  /** Runs an operation started by the user; a refused one becomes a non-fatal `error` and an announcement. */
  guarded(operation: () => unknown): void {
    try {
      operation();
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      const field = cause instanceof EditValidationError ? cause.issues[0]?.path : undefined;
      this.port.report({ code: cause instanceof ClipEditorNotReady ? 'not-ready' : 'invalid-operation', message, field, fatal: false, cause });
    }
  }

  /** After any change of the value: tell the page, the user, and keep the work safe. */
  changed(label: string): void {
    const edit = this.present();
    this.port.announce(label);
    this.port.host.dispatchEvent(new ClipChangeEvent(edit, label));
    this.kept(edit);
  }

  /**
   * Applies `operation` to the value and records it. `throws`: a refused operation throws (a
   * method called with bad arguments); otherwise it is reported as an `error` event.
   */
  #operate(label: string, operation: (edit: Edit, context: EditContext) => Edit, throws = false): Edit | undefined {
    const run = () => {
      const base = this.present();
      const next = operation(base, this.frames.required());
      if (next === base) return base;
      const state = this.port.state;
      state.history = record(state.history ?? createHistory(base), next, label);
      this.changed(label);
      return next;
    };
    if (throws) return run();
    let result: Edit | undefined;
    this.guarded(() => (result = run()));
    return result;
  }
}

function sortByTime(annotations: Annotation[]): Annotation[] {
  return annotations.map((a, i) => [a, i] as const).sort(([a, i], [b, j]) => a.time - b.time || i - j).map(([a]) => a);
}
