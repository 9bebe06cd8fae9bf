import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { Task } from '@lit/task';
import {
  addSegment as addSegmentTo,
  ApiError,
  createClient,
  createEdit,
  EditValidationError,
  frameOf,
  frameTime,
  removeSegment as removeSegmentFrom,
  safeParseEdit,
  snapToFrame,
  trimSegment,
  type Annotation,
  type AnnotationKind,
  type Client,
  type Edit,
  type EditContext,
  type Shape,
  type ShapeType,
} from '@surgery-video/client';
import type { SurgeryPlayer } from '@surgery-video/player';
import { renderAnnotations } from './annotations/annotations-view.js';
import { fractionOf, renderDrawingLayer, SHAPE_TYPES, shapeOf } from './drawing/drawing-layer.js';
import { clearDraft, readDraft, writeDraft, type StoredDraft } from './drafts/draft-store.js';
import { editorStyles } from './editor.styles.js';
import {
  ClipChangeEvent,
  ClipEditorErrorEvent,
  ClipSaveEvent,
  ClipSubmitEvent,
  type ClipEditorErrorCode,
  type ClipEditorErrorDetail,
} from './events/editor-events.js';
import { canRedo, canUndo, createHistory, rebase, record, redo, undo, type EditHistory } from './history/edit-history.js';
import { actionFor, DEFAULT_KEYMAP, EDITING_ACTIONS, isOwnedByTarget, type EditorAction, type Keymap } from './keys/keymap.js';
import { TimelineController, type HandleEdge, type TimelineHost } from './timeline/timeline-controller.js';
import { formatTimecode } from './timeline/timeline-scale.js';
import { renderTimeline } from './timeline/timeline-view.js';
import { EDITOR_VERSION } from './version.js';

/** What `addAnnotation` needs; the editor fills in `id`, `author` and `createdAt` when left out. */
export type AnnotationInput = Partial<Annotation> & { time: number };
/** What `updateAnnotation` may change. */
export type AnnotationPatch = Partial<Omit<Annotation, 'id' | 'author' | 'createdAt'>>;

export interface ClipEditorEventMap {
  change: ClipChangeEvent;
  save: ClipSaveEvent;
  submit: ClipSubmitEvent;
  error: ClipEditorErrorEvent;
}

const AUTOSAVE_DELAY_MS = 2000;

/**
 * @summary Cuts a recorded case into segments and annotates its moments, frame-accurately, with
 * undo and redo; the result is an Edit (`surgery-video/edit@1`), saved through server-kit's API
 * or handed to the page in `change` events.
 *
 * @event {ClipChangeEvent} change - The Edit changed (an operation, an undo, a redo); `detail: { edit, label }`.
 * @event {ClipSaveEvent} save - The Edit was saved; `detail.edit` (without a server: the value, for the page to store).
 * @event {ClipSubmitEvent} submit - The Edit was sent for review; `detail.edit`.
 * @event {ClipEditorErrorEvent} error - `detail: { code, message, field, fatal, cause }`: `invalid-edit`,
 *   `invalid-operation`, `not-ready`, `version-conflict`, `api-error`. Composed, not bubbling: listen on the editor.
 *
 * @csspart player - The `<surgery-player>`.
 * @csspart drawing - The layer over the picture that shows and takes drawings on the paused frame.
 * @csspart toolbar - The buttons (play, frame steps, mark in/out, note, undo/redo, zoom, save, submit).
 * @csspart timeline - The scrolling timeline; also `timeline-bar`, `segment`, `handle`, `handle-start`,
 *   `handle-end`, `pending-in`, `playhead`, `annotation-pin`.
 * @csspart annotations - The annotations panel; also `annotation`, `annotation-time`, `annotation-text`,
 *   `annotation-delete`, `annotation-filter`.
 * @csspart conflict - The choice offered when the server holds a newer version.
 * @csspart draft-offer - The offer to restore unsaved changes kept in this browser.
 *
 * @cssproperty [--clip-editor-accent=#1565c0] - Segments, focus rings, the primary button.
 * @cssproperty [--clip-editor-background=#fff] - Behind the editor.
 * @cssproperty [--clip-editor-color=#1a1a1a] - Text.
 * @cssproperty [--clip-editor-track=#e3e7ec] - The timeline bar.
 * @cssproperty [--clip-editor-playhead=#d32f2f] - The playhead.
 */
export class ClipEditor extends LitElement implements TimelineHost {
  static readonly version: string = EDITOR_VERSION;
  static override styles = editorStyles;

  /** Declared here, not with decorators, with `declare` fields: see `<surgery-player>`. */
  static override properties = {
    src: {},
    api: {},
    asset: {},
    editId: { attribute: 'edit' },
    readonly: { type: Boolean, reflect: true },
    nohotkeys: { type: Boolean },
    muted: { type: Boolean },
    author: {},
    token: { attribute: false },
    getToken: { attribute: false },
    keymap: { attribute: false },
    client: { attribute: false },
    history: { state: true },
    preview: { state: true },
    pendingIn: { state: true },
    time: { state: true },
    mediaDuration: { state: true },
    paused: { state: true },
    announcement: { state: true },
    filter: { state: true },
    conflict: { state: true },
    draftOffer: { state: true },
    busy: { state: true },
    drawing: { state: true },
    drawTool: { state: true },
    drawColor: { state: true },
    drawDraft: { state: true },
  };

  /** An HLS, DASH or MP4 URL, forwarded to the player. */
  declare src: string | undefined;
  /** server-kit's URL: the player asks it for a playback grant, the editor loads and saves Edits there. */
  declare api: string | undefined;
  /** The recorded case to edit (the player's grant, the new Edit's `assetId`). */
  declare asset: string | undefined;
  /** Id of an Edit to load through the API (attribute `edit`). */
  declare editId: string | undefined;
  /** View only: editing keys, handles and buttons are off; methods that edit throw. */
  declare readonly: boolean;
  /** Turns every keyboard shortcut off (WCAG 2.1.4). */
  declare nohotkeys: boolean;
  /** Forwarded to the player. */
  declare muted: boolean;
  /** The user id written as `author` of new annotations and `createdBy` of a new Edit. Default `anonymous`. */
  declare author: string;
  /** Bearer token for `api` (a property only). */
  declare token: string | undefined;
  /** Called before each API request; wins over `token`. */
  declare getToken: (() => string | undefined | Promise<string | undefined>) | undefined;
  /** Action -> keys; merged over the defaults (give an action `[]` to switch its key off). See keys/keymap.ts. */
  declare keymap: Keymap;
  /** The API client; by default one made from `api` and the token. */
  declare client: Client | undefined;

  private declare history: EditHistory | undefined;
  private declare preview: Edit | undefined;
  private declare pendingIn: number | undefined;
  private declare time: number;
  private declare mediaDuration: number;
  private declare paused: boolean;
  private declare announcement: string;
  private declare filter: AnnotationKind | 'all';
  private declare conflict: { mine: Edit; theirs: Edit } | undefined;
  private declare draftOffer: StoredDraft | undefined;
  private declare busy: boolean;
  private declare drawing: boolean;
  private declare drawTool: ShapeType;
  private declare drawColor: string;
  private declare drawDraft: Shape | undefined;

  readonly #player: SurgeryPlayer;
  readonly #timeline: TimelineController;
  #drag: { base: Edit; label: string } | undefined;
  /** The Edit as last saved (or loaded): what "unsaved" is measured against. */
  #saved: Edit | undefined;
  /** The Edit exists on the server (loaded, or created by a save). */
  #remote = false;
  #autosave: ReturnType<typeof setTimeout> | undefined;
  #frameLoop = 0;
  #focusAnnotation: string | undefined;
  #editing: Promise<void> = Promise.resolve();
  #drawPath: [number, number][] | undefined;

  readonly #load = new Task(this, {
    args: () => [this.editId, this.api, this.client] as const,
    task: async ([id]) => {
      const client = this.#client();
      if (!id || !client) return undefined;
      try {
        const edit = await client.edits.get(id);
        this.#adopt(edit, true);
        return edit;
      } catch (cause) {
        this.#report(apiErrorDetail(cause, `The Edit "${id}" could not be loaded`));
        throw cause;
      }
    },
  });

  constructor() {
    super();
    this.readonly = false;
    this.nohotkeys = false;
    this.muted = false;
    this.author = 'anonymous';
    this.keymap = {};
    this.time = 0;
    this.mediaDuration = NaN;
    this.paused = true;
    this.announcement = '';
    this.filter = 'all';
    this.busy = false;
    this.drawing = false;
    this.drawTool = 'arrow';
    this.drawColor = '#e53935';
    const player = document.createElement('surgery-player');
    player.setAttribute('part', 'player');
    player.nohotkeys = true;
    this.#player = player;
    for (const type of ['timeupdate', 'seeked', 'loadedmetadata', 'durationchange', 'play', 'pause']) {
      player.addEventListener(type, this.#syncFromPlayer);
    }
    this.#timeline = new TimelineController(this);
    this.addEventListener('keydown', this.#onKeydown);
    // The host takes focus for the shortcuts: give it a role and a name (a page's aria-label wins).
    const internals = this.attachInternals();
    internals.role = 'group';
    internals.ariaLabel = 'Clip editor';
    internals.ariaRoleDescription = 'video editor';
  }

  // --- The Edit ----------------------------------------------------------------------------

  /**
   * The Edit being worked on. Setting it checks the value whole (`parseEdit`, and against the
   * case once its duration is known): an invalid Edit is refused with an `error` event naming the
   * field, and the editor keeps its value. A new value starts a new undo history.
   */
  get value(): Edit {
    return this.#present();
  }
  set value(input: Edit) {
    const result = safeParseEdit(input, this.#knownContext());
    if (!result.ok) {
      const [first] = result.issues;
      this.#report({
        code: 'invalid-edit',
        message: `value refused: ${first?.message ?? 'not an Edit'}`,
        field: first?.path,
        fatal: false,
        cause: new EditValidationError(result.issues),
      });
      return;
    }
    this.#adopt(result.edit, false);
  }

  /** The underlying player, for anything the editor does not forward. */
  get player(): SurgeryPlayer {
    return this.#player;
  }

  /** True when the value has changes that are not saved. */
  get dirty(): boolean {
    return this.history !== undefined && this.history.present !== this.#saved;
  }

  // --- Segments ------------------------------------------------------------------------------

  /**
   * Marks the in point of the next segment: at `t` snapped to the nearest frame boundary, or, by
   * default, at the start of the frame on screen. Returns the time marked.
   */
  markIn(t?: number): number | undefined {
    this.#assertEditable('markIn');
    const at = this.#cutTime(t, 'start');
    if (at === undefined) return undefined;
    this.pendingIn = at;
    this.#announce(`In at ${this.#timecode(at)}`);
    return at;
  }

  /**
   * Marks the out point: at `t` snapped to the nearest frame boundary, or, by default, at the end
   * of the frame on screen (that frame is kept). With an in point marked, adds the segment
   * between them and returns the new value; without one, reports `invalid-operation`.
   */
  markOut(t?: number): Edit | undefined {
    this.#assertEditable('markOut');
    const at = this.#cutTime(t, 'end');
    if (at === undefined) return undefined;
    const start = this.pendingIn;
    if (start === undefined) {
      this.#report({ code: 'invalid-operation', message: 'Mark an in point (I) before the out point (O).', fatal: false });
      return undefined;
    }
    if (!(at > start)) {
      this.#report({ code: 'invalid-operation', message: `The out point (${this.#timecode(at)}) must be after the in point (${this.#timecode(start)}).`, fatal: false });
      return undefined;
    }
    const edit = this.#operate(`Add segment ${this.#timecode(start)} to ${this.#timecode(at)}`, (edit, context) => addSegmentTo(edit, { start, end: at }, context));
    this.pendingIn = undefined;
    return edit;
  }

  /** Adds the segment [start, end) (seconds, snapped to frames), merged with any it overlaps or touches. Throws a RangeError for a bad range. */
  addSegment(start: number, end: number): Edit | undefined {
    this.#assertEditable('addSegment');
    return this.#operate(`Add segment ${this.#timecode(start)} to ${this.#timecode(end)}`, (edit, context) => addSegmentTo(edit, { start, end }, context), true);
  }

  /** Removes segment `i` (0-based). Throws a RangeError for an index that is not a segment. */
  removeSegment(i: number): Edit | undefined {
    this.#assertEditable('removeSegment');
    return this.#operate(`Remove segment ${i + 1}`, (edit) => removeSegmentFrom(edit, i), true);
  }

  // --- Annotations ---------------------------------------------------------------------------

  /**
   * Adds an annotation (default kind `note`, empty text) at `a.time`, snapped to the frame
   * boundary. Returns it as stored. Throws an EditValidationError naming the field for an invalid one.
   */
  addAnnotation(a: AnnotationInput): Annotation {
    this.#assertEditable('addAnnotation');
    const fps = this.#player.frameRate;
    const annotation: Annotation = {
      id: a.id ?? newId('note'),
      time: Number.isFinite(a.time) ? snapToFrame(a.time, fps) : a.time,
      kind: a.kind ?? 'note',
      text: a.text ?? '',
      author: a.author ?? this.author,
      createdAt: a.createdAt ?? new Date().toISOString(),
      ...(a.duration !== undefined ? { duration: a.duration } : {}),
      ...(a.drawing !== undefined ? { drawing: a.drawing } : {}),
    };
    const label = `Add ${annotation.kind.replace('-', ' ')} at ${this.#timecode(annotation.time)}`;
    this.#operate(label, (edit) => this.#checked({ ...edit, annotations: sortByTime([...edit.annotations, annotation]) }), true);
    return annotation;
  }

  /** Changes annotation `id` (text, kind, time, duration, drawing). Throws for an unknown id or an invalid result. */
  updateAnnotation(id: string, patch: AnnotationPatch): Annotation {
    this.#assertEditable('updateAnnotation');
    const current = this.#present().annotations.find((a) => a.id === id);
    if (!current) throw new RangeError(`updateAnnotation: no annotation has the id "${id}".`);
    const updated = { ...current, ...patch } as Annotation;
    // A field left as it was (a text field losing focus unchanged) is no undo step.
    if (JSON.stringify(updated) === JSON.stringify(current)) return current;
    const what = patch.text !== undefined ? 'text' : patch.kind !== undefined ? 'kind' : patch.drawing !== undefined ? 'drawing' : 'annotation';
    this.#operate(
      `Change ${what} of the annotation at ${this.#timecode(current.time)}`,
      (edit) => this.#checked({ ...edit, annotations: sortByTime(edit.annotations.map((a) => (a.id === id ? updated : a))) }),
      true,
    );
    return updated;
  }

  /** Removes annotation `id`. Throws a RangeError for an unknown id. */
  removeAnnotation(id: string): Edit | undefined {
    this.#assertEditable('removeAnnotation');
    const current = this.#present().annotations.find((a) => a.id === id);
    if (!current) throw new RangeError(`removeAnnotation: no annotation has the id "${id}".`);
    return this.#operate(`Delete the annotation at ${this.#timecode(current.time)}`, (edit) => ({ ...edit, annotations: edit.annotations.filter((a) => a.id !== id) }));
  }

  // --- History -------------------------------------------------------------------------------

  /** Undoes the last operation; returns the value, or undefined when there was nothing to undo. */
  undo(): Edit | undefined {
    this.#assertEditable('undo');
    const result = this.history && undo(this.history);
    if (!result) {
      this.#announce('Nothing to undo');
      return undefined;
    }
    this.history = result.history;
    this.#changed(`Undone: ${result.label}`);
    return result.history.present;
  }

  /** Redoes the last undone operation; returns the value, or undefined when there was nothing to redo. */
  redo(): Edit | undefined {
    this.#assertEditable('redo');
    const result = this.history && redo(this.history);
    if (!result) {
      this.#announce('Nothing to redo');
      return undefined;
    }
    this.history = result.history;
    this.#changed(`Redone: ${result.label}`);
    return result.history.present;
  }

  // --- Saving --------------------------------------------------------------------------------

  /**
   * Saves the value through the API (`edits.create` the first time, then `edits.update` with the
   * version it was read at) and resolves with what the server stored. Without a server it
   * dispatches `save` with the value for the page to store. A newer version on the server
   * (409) is never overwritten: the editor shows both choices and resolves undefined, as it does
   * for any failure, reported in an `error` event.
   */
  async save(): Promise<Edit | undefined> {
    clearTimeout(this.#autosave);
    const edit = this.#present();
    const client = this.#client();
    if (!client) {
      this.#markSaved(edit, edit);
      this.dispatchEvent(new ClipSaveEvent(edit));
      return edit;
    }
    this.busy = true;
    try {
      const stored = this.#remote ? await client.edits.update(edit) : await client.edits.create(edit);
      this.#remote = true;
      this.#markSaved(edit, stored);
      this.#announce('Saved');
      this.dispatchEvent(new ClipSaveEvent(stored));
      return stored;
    } catch (cause) {
      if (cause instanceof ApiError && cause.code === 'version-conflict') {
        await this.#offerConflict(client, edit, cause);
      } else {
        this.#report(apiErrorDetail(cause, 'The Edit could not be saved; your changes are kept in this browser'));
      }
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Saves, then sends the Edit for review (`reviews.submit`); without a server, dispatches `submit` with the value. */
  async submit(): Promise<Edit | undefined> {
    this.#assertEditable('submit');
    const client = this.#client();
    if (!client) {
      const edit = this.#present();
      this.dispatchEvent(new ClipSubmitEvent(edit));
      return edit;
    }
    const saved = await this.save();
    if (!saved) return undefined;
    try {
      const submitted = await client.reviews.submit(saved.id);
      this.#markSaved(this.#present(), submitted);
      this.#announce('Sent for review');
      this.dispatchEvent(new ClipSubmitEvent(submitted));
      return submitted;
    } catch (cause) {
      this.#report(apiErrorDetail(cause, 'The Edit could not be sent for review'));
      return undefined;
    }
  }

  // --- TimelineHost ----------------------------------------------------------------------------

  get timelineDuration(): number {
    return Number.isFinite(this.mediaDuration) && this.mediaDuration > 0 ? this.mediaDuration : 0;
  }

  get timelineFrameRate(): number {
    return this.#player.frameRate;
  }

  previewTrim(index: number, edge: HandleEdge, time: number): void {
    if (this.readonly) return;
    const context = this.#knownContext();
    if (!context.assetDuration) return;
    this.#drag ??= { base: this.#present(), label: `Move segment ${index + 1} ${edge === 'start' ? 'in' : 'out'} point` };
    try {
      this.preview = trimSegment(this.#drag.base, index, { [edge]: time }, context as EditContext);
    } catch {
      // Into a neighbour or under a frame: the handle stays at its last valid place.
    }
  }

  commitTrim(): void {
    const drag = this.#drag;
    const preview = this.preview;
    this.#drag = undefined;
    this.preview = undefined;
    if (!drag || !preview || preview === drag.base || this.history === undefined) return;
    this.history = record(this.history, preview, drag.label);
    this.#changed(drag.label);
  }

  seekTo(time: number): void {
    void this.#player.seek(time).catch(() => undefined);
  }

  // --- Lifecycle -----------------------------------------------------------------------------

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#frameLoop);
    clearTimeout(this.#autosave);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const player = this.#player;
    if (changed.has('src')) player.src = this.src;
    if (changed.has('api')) player.api = this.api;
    if (changed.has('asset')) player.asset = this.asset;
    if (changed.has('token')) player.token = this.token;
    if (changed.has('getToken')) player.getToken = this.getToken;
    if (changed.has('muted')) player.muted = this.muted;
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
  }

  protected override updated(): void {
    if (this.#focusAnnotation) {
      const input = this.renderRoot.querySelector<HTMLInputElement>(`[data-id="${this.#focusAnnotation}"] input.text`);
      this.#focusAnnotation = undefined;
      input?.focus();
    }
  }

  protected override render(): unknown {
    const edit = this.preview ?? this.history?.present;
    const fps = this.#player.frameRate;
    const ro = this.readonly;
    const history = this.history;
    const zoomable = this.timelineDuration > 0;
    return html`
      <div class="stage">
        ${this.#player}
        ${renderDrawingLayer({
          shapes: this.#shapesOnScreen(edit),
          draft: this.drawDraft,
          active: this.drawing && !ro,
          onDown: this.#drawDown,
          onMove: this.#drawMove,
          onUp: this.#drawUp,
        })}
      </div>
      <div class="toolbar" part="toolbar" role="toolbar" aria-label="Editing">
        <button type="button" @click=${() => this.#run('play-pause')} aria-label=${this.paused ? 'Play' : 'Pause'}>${this.paused ? 'Play' : 'Pause'}</button>
        <button type="button" @click=${() => this.#run('frame-back')} aria-label="One frame back">◀︎ 1f</button>
        <button type="button" @click=${() => this.#run('frame-forward')} aria-label="One frame forward">1f ▶︎</button>
        <span class="clock" aria-hidden="true">${this.#timecode(this.time)}</span>
        <span class="sep"></span>
        <button type="button" ?disabled=${ro} @click=${() => this.#run('mark-in')}>Mark in</button>
        <button type="button" ?disabled=${ro} @click=${() => this.#run('mark-out')}>Mark out</button>
        <button type="button" ?disabled=${ro} @click=${() => this.#run('annotate')}>Add note</button>
        <button type="button" ?disabled=${ro || !zoomable} aria-pressed=${this.drawing && !ro ? 'true' : 'false'} @click=${this.#toggleDrawing}>Draw</button>
        ${this.drawing && !ro
          ? html`<select aria-label="Shape" .value=${this.drawTool} @change=${(e: Event) => (this.drawTool = (e.target as HTMLSelectElement).value as ShapeType)}>
                ${SHAPE_TYPES.map((type) => html`<option value=${type} ?selected=${type === this.drawTool}>${type}</option>`)}
              </select>
              <input type="color" aria-label="Colour" .value=${this.drawColor} @input=${(e: Event) => (this.drawColor = (e.target as HTMLInputElement).value)} />`
          : nothing}
        <button type="button" ?disabled=${ro || !history || !canUndo(history)} @click=${() => this.#run('undo')}>Undo</button>
        <button type="button" ?disabled=${ro || !history || !canRedo(history)} @click=${() => this.#run('redo')}>Redo</button>
        <span class="sep"></span>
        <button type="button" ?disabled=${!zoomable || !this.#timeline.zoomedIn} @click=${() => this.#timeline.zoom(1 / 2, this.time)} aria-label="Zoom out">−</button>
        <button type="button" ?disabled=${!zoomable || this.#timeline.atMaxZoom} @click=${() => this.#timeline.zoom(2, this.time)} aria-label="Zoom in">+</button>
        <button type="button" ?disabled=${!zoomable} @click=${() => this.#timeline.fit()}>Whole case</button>
        <span class="sep"></span>
        <button type="button" ?disabled=${ro || this.busy} @click=${() => void this.save()}>Save</button>
        <button type="button" class="primary" ?disabled=${ro || this.busy} @click=${() => void this.submit()}>Submit for review</button>
      </div>
      ${this.#renderOffers()}
      ${renderTimeline({
        controller: this.#timeline,
        duration: this.timelineDuration,
        frameRate: fps,
        segments: edit?.segments ?? [],
        annotations: edit?.annotations ?? [],
        time: this.time,
        pendingIn: this.pendingIn,
        readonly: ro,
        nudge: (i, edgeName, frames) => this.#nudge(i, edgeName, frames),
      })}
      ${renderAnnotations({
        annotations: edit?.annotations ?? [],
        frameRate: fps,
        filter: this.filter,
        readonly: ro,
        setFilter: (filter) => (this.filter = filter),
        seek: (t) => this.seekTo(t),
        update: (id, patch) => this.#guarded(() => this.updateAnnotation(id, patch)),
        remove: (id) => this.#guarded(() => this.removeAnnotation(id)),
        done: () => this.focus(),
      })}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }

  #renderOffers(): unknown {
    const conflict = this.conflict;
    const offer = this.draftOffer;
    return html`${conflict
      ? html`<div class="offer" part="conflict" role="alertdialog" aria-labelledby="conflict-text">
          <p id="conflict-text">
            This Edit was changed elsewhere (version ${conflict.theirs.version}, ${conflict.theirs.updatedAt}) after you opened it. Nothing was
            overwritten. Which one do you want to keep?
          </p>
          <button type="button" class="primary" @click=${() => void this.#resolveConflict('mine')}>Keep mine</button>
          <button type="button" @click=${() => void this.#resolveConflict('theirs')}>Take theirs</button>
        </div>`
      : nothing}
    ${offer
      ? html`<div class="offer" part="draft-offer" role="region" aria-label="Unsaved changes">
          <p>Unsaved changes to this Edit from ${new Date(offer.savedAt).toLocaleString()} were kept in this browser.</p>
          <button type="button" class="primary" @click=${() => this.#restoreDraft(true)}>Restore them</button>
          <button type="button" @click=${() => this.#restoreDraft(false)}>Discard them</button>
        </div>`
      : nothing}`;
  }

  // --- Drawing -------------------------------------------------------------------------------

  readonly #toggleDrawing = (): void => {
    this.drawing = !this.drawing;
    // Drawings belong to one frame: drawing pauses on the frame on screen.
    if (this.drawing && !this.#player.paused) this.#player.pause();
    this.#announce(this.drawing ? `Drawing a ${this.drawTool} on the paused frame` : 'Drawing off');
  };

  /** The shapes of the annotations on the frame on screen. */
  #shapesOnScreen(edit: Edit | undefined): Shape[] {
    if (!edit || !this.#player.paused) return [];
    const fps = this.#player.frameRate;
    const frame = Math.floor(this.time * fps + 1e-3);
    return edit.annotations.filter((a) => a.drawing && Math.round(a.time * fps) === frame).flatMap((a) => a.drawing!.shapes);
  }

  readonly #drawDown = (event: PointerEvent): void => {
    if (event.button !== 0 || this.readonly) return;
    const layer = event.currentTarget as Element;
    layer.setPointerCapture(event.pointerId);
    if (!this.#player.paused) this.#player.pause();
    this.#drawPath = [fractionOf(event, layer)];
    this.drawDraft = shapeOf(this.drawTool, this.drawColor, this.#drawPath);
  };

  readonly #drawMove = (event: PointerEvent): void => {
    if (!this.#drawPath) return;
    const point = fractionOf(event, event.currentTarget as Element);
    this.#drawPath = this.drawTool === 'freehand' ? [...this.#drawPath, point] : [this.#drawPath[0]!, point];
    this.drawDraft = shapeOf(this.drawTool, this.drawColor, this.#drawPath);
  };

  readonly #drawUp = (): void => {
    const path = this.#drawPath;
    this.#drawPath = undefined;
    this.drawDraft = undefined;
    if (!path || path.length < 2) return; // a click, not a drag
    const shape = shapeOf(this.drawTool, this.drawColor, path);
    const time = this.#frameOnScreenStart() ?? 0;
    const fps = this.#player.frameRate;
    const here = this.#present().annotations.find((a) => Math.round(a.time * fps) === Math.round(time * fps));
    this.#guarded(() => {
      if (here) this.updateAnnotation(here.id, { drawing: { shapes: [...(here.drawing?.shapes ?? []), shape] } });
      else this.addAnnotation({ time, kind: 'note', drawing: { shapes: [shape] } });
    });
  };

  // --- Internals -----------------------------------------------------------------------------

  readonly #syncFromPlayer = (event: Event): void => {
    const player = this.#player;
    this.time = player.currentTime;
    this.paused = player.paused;
    // `durationchange` is not re-emitted by every player version: any event may bring the duration.
    if (Number.isFinite(player.duration) && player.duration !== this.mediaDuration) {
      this.mediaDuration = player.duration;
      this.#timeline.durationChanged();
    }
    if (event.type === 'play') this.#followPlayback();
    if (event.type === 'seeked' || event.type === 'pause') this.#timeline.reveal(this.time);
  };

  /** The playhead moves every frame while playing (`timeupdate` alone is four times a second). */
  #followPlayback(): void {
    cancelAnimationFrame(this.#frameLoop);
    const tick = () => {
      if (this.#player.paused || !this.isConnected) return;
      this.time = this.#player.currentTime;
      this.#timeline.reveal(this.time);
      this.#frameLoop = requestAnimationFrame(tick);
    };
    this.#frameLoop = requestAnimationFrame(tick);
  }

  readonly #onKeydown = (event: KeyboardEvent): void => {
    if (this.nohotkeys || event.defaultPrevented || event.isComposing) return;
    if (isOwnedByTarget(event.composedPath()[0], event.key)) return;
    const action = actionFor(event, { ...DEFAULT_KEYMAP, ...this.keymap });
    if (!action) return;
    if (this.readonly && EDITING_ACTIONS.has(action)) return;
    event.preventDefault();
    this.#run(action);
  };

  #run(action: EditorAction): void {
    const player = this.#player;
    const seconds = (delta: number) => this.seekTo(Math.max(0, Math.min(this.timelineDuration || Infinity, player.currentTime + delta)));
    switch (action) {
      case 'play-pause':
        if (player.paused) void player.play().catch(() => undefined);
        else player.pause();
        return;
      case 'frame-back':
        void player.stepFrame(-1).catch(() => undefined);
        return;
      case 'frame-forward':
        void player.stepFrame(1).catch(() => undefined);
        return;
      case 'second-back':
        return seconds(-1);
      case 'second-forward':
        return seconds(1);
      default:
        void this.#runEditing(action);
    }
  }

  /**
   * Editing keys run in the order pressed, each after the frame steps asked before it (I after
   * `.` marks the frame stepped to): a paused player's `stepFrame(0)` resolves once the steps
   * queued before it are on screen.
   */
  #runEditing(action: EditorAction): Promise<void> {
    this.#editing = this.#editing.then(async () => {
      if (this.readonly) return;
      if (this.#player.paused && this.timelineDuration > 0) await this.#player.stepFrame(0).catch(() => undefined);
      this.#edit(action);
    });
    return this.#editing;
  }

  #edit(action: EditorAction): void {
    this.#guarded(() => {
      if (action === 'mark-in') this.markIn();
      else if (action === 'mark-out') this.markOut();
      else if (action === 'undo') this.undo();
      else if (action === 'redo') this.redo();
      else if (action === 'annotate') {
        const annotation = this.addAnnotation({ time: this.#frameOnScreenStart() ?? 0 });
        this.filter = this.filter === 'all' || this.filter === annotation.kind ? this.filter : 'all';
        this.#focusAnnotation = annotation.id;
      }
    });
  }

  /** Runs an operation started by the user; a refused one becomes a non-fatal `error` and an announcement. */
  #guarded(operation: () => unknown): void {
    try {
      operation();
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      const field = cause instanceof EditValidationError ? cause.issues[0]?.path : undefined;
      this.#report({ code: cause instanceof ClipEditorNotReady ? 'not-ready' : 'invalid-operation', message, field, fatal: false, cause });
    }
  }

  #nudge(index: number, edge: HandleEdge, frames: number): void {
    const segment = this.#present().segments[index];
    if (!segment) return;
    const fps = this.#player.frameRate;
    const target = frameTime(Math.max(0, Math.round(segment[edge] * fps) + frames), fps);
    this.#guarded(() =>
      this.#operate(`Move segment ${index + 1} ${edge === 'start' ? 'in' : 'out'} point to ${this.#timecode(target)}`, (edit, context) =>
        trimSegment(edit, index, { [edge]: Math.min(target, context.assetDuration) }, context),
      ),
    );
  }

  /**
   * Applies `operation` to the value and records it. `throws`: a refused operation throws (a
   * method called with bad arguments); otherwise it is reported as an `error` event.
   */
  #operate(label: string, operation: (edit: Edit, context: EditContext) => Edit, throws = false): Edit | undefined {
    const run = () => {
      const base = this.#present();
      const next = operation(base, this.#context());
      if (next === base) return base;
      this.history = record(this.history ?? createHistory(base), next, label);
      this.#changed(label);
      return next;
    };
    if (throws) return run();
    let result: Edit | undefined;
    this.#guarded(() => (result = run()));
    return result;
  }

  /** After any change of the value: tell the page, the user, and keep the work safe. */
  #changed(label: string): void {
    const edit = this.#present();
    this.#announce(label);
    this.dispatchEvent(new ClipChangeEvent(edit, label));
    if (this.dirty) writeDraft(edit);
    else clearDraft(edit.id);
    if (this.#remote && this.dirty) {
      clearTimeout(this.#autosave);
      // Not while a conflict waits for the user's choice: that would only ask again.
      this.#autosave = setTimeout(() => void (this.conflict ? undefined : this.save()), AUTOSAVE_DELAY_MS);
    }
  }

  /** Takes `edit` as the value, with a fresh history (`fromServer`: it is saved as it is). */
  #adopt(edit: Edit, fromServer: boolean): void {
    this.history = createHistory(edit);
    this.pendingIn = undefined;
    this.conflict = undefined;
    if (fromServer) {
      this.#remote = true;
      this.#saved = edit;
      const draft = readDraft(edit.id);
      this.draftOffer = draft && JSON.stringify(draft.edit) !== JSON.stringify(edit) ? draft : undefined;
    } else {
      this.#saved = undefined;
    }
  }

  #markSaved(sent: Edit, stored: Edit): void {
    if (!this.history) return;
    // The version and times are the server's facts: every state of the history takes them, so an
    // undo after a save is saved over the right version.
    const facts = { version: stored.version, updatedAt: stored.updatedAt, status: stored.status };
    const unchanged = this.history.present === sent;
    this.history = rebase(this.history, (edit) => (edit === sent && unchanged ? stored : { ...edit, ...facts }));
    if (unchanged) {
      this.#saved = this.history.present;
      clearDraft(stored.id);
    } else {
      writeDraft(this.history.present);
    }
  }

  async #offerConflict(client: Client, mine: Edit, cause: ApiError): Promise<void> {
    try {
      const theirs = await client.edits.get(mine.id);
      this.conflict = { mine, theirs };
    } catch {
      // Theirs cannot be read: say so; the user's work stays as it is.
    }
    writeDraft(this.#present());
    this.#report({
      code: 'version-conflict',
      message: 'This Edit was changed elsewhere since you opened it; nothing was overwritten. Choose to keep your version or take theirs.',
      fatal: false,
      cause,
    });
  }

  async #resolveConflict(choice: 'mine' | 'theirs'): Promise<void> {
    const conflict = this.conflict;
    if (!conflict || !this.history) return;
    this.conflict = undefined;
    if (choice === 'theirs') {
      // Undoable: "take theirs" by mistake gives mine back with Ctrl+Z.
      this.history = record(rebase(this.history, (edit) => ({ ...edit, version: conflict.theirs.version })), conflict.theirs, 'Take the version saved elsewhere');
      this.#saved = conflict.theirs;
      this.#changed('Took the version saved elsewhere');
      return;
    }
    this.history = rebase(this.history, (edit) => ({ ...edit, version: conflict.theirs.version }));
    await this.save();
  }

  #restoreDraft(restore: boolean): void {
    const offer = this.draftOffer;
    this.draftOffer = undefined;
    if (!offer || !this.history) return;
    if (!restore) {
      clearDraft(offer.edit.id);
      return;
    }
    this.history = record(this.history, offer.edit, 'Restore unsaved changes');
    this.#changed('Restored unsaved changes');
  }

  #present(): Edit {
    if (!this.history) {
      const now = new Date();
      let edit: Edit;
      try {
        edit = createEdit({ id: newId('edit'), assetId: this.asset ?? 'local', title: 'Untitled edit', createdBy: this.author, now });
      } catch {
        edit = createEdit({ id: newId('edit'), assetId: 'local', title: 'Untitled edit', createdBy: 'anonymous', now });
      }
      this.history = createHistory(edit);
    }
    return this.history.present;
  }

  #client(): Client | undefined {
    if (this.client) return this.client;
    if (!this.api) return undefined;
    return createClient({ baseUrl: new URL(this.api, location.href).href, token: this.token, getToken: this.getToken });
  }

  /** The case's duration and frame rate once the media says them, for validation. */
  #knownContext(): Partial<EditContext> {
    return this.timelineDuration > 0 ? { assetDuration: this.timelineDuration, frameRate: this.#player.frameRate } : {};
  }

  #context(): EditContext {
    const context = this.#knownContext();
    if (!context.assetDuration) throw new ClipEditorNotReady();
    return context as EditContext;
  }

  /** `t` snapped to the nearest boundary, or the edge (`start`/`end`) of the frame on screen. */
  #cutTime(t: number | undefined, edge: 'start' | 'end'): number | undefined {
    const fps = this.#player.frameRate;
    if (t !== undefined) {
      if (!Number.isFinite(t) || t < 0) throw new RangeError(`\`t\` must be a time in seconds, 0 or more; got ${String(t)}.`);
      return snapToFrame(t, fps);
    }
    const start = this.#frameOnScreenStart();
    if (start === undefined) {
      this.#report({ code: 'not-ready', message: 'The video is not loaded yet: marks wait for its first frame.', fatal: false });
      return undefined;
    }
    return edge === 'start' ? start : Math.min(frameTime(frameOf(start, fps) + 1, fps), this.timelineDuration);
  }

  #frameOnScreenStart(): number | undefined {
    if (!(this.timelineDuration > 0)) return undefined;
    const fps = this.#player.frameRate;
    // The player shows frame floor(t * fps) (plus a thousandth against float error).
    return frameTime(Math.floor(this.#player.currentTime * fps + 1e-3), fps);
  }

  /** Validates a whole new value (an annotation's fields, ids, inside the case). */
  #checked(edit: Edit): Edit {
    const result = safeParseEdit(edit, this.#knownContext());
    if (!result.ok) throw new EditValidationError(result.issues);
    return result.edit;
  }

  #assertEditable(method: string): void {
    if (this.readonly) throw new Error(`${method}(): this <clip-editor> is readonly; remove the readonly attribute to edit.`);
  }

  #timecode(t: number): string {
    return Number.isFinite(t) ? formatTimecode(t, this.#player.frameRate) : String(t);
  }

  #announce(text: string): void {
    // The same words twice in a row must still be read: change the text node's content.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  #report(detail: ClipEditorErrorDetail & { code: ClipEditorErrorCode }): void {
    this.#announce(detail.message);
    this.dispatchEvent(new ClipEditorErrorEvent(detail));
  }
}

/** Editing before the media's duration is known. */
class ClipEditorNotReady extends Error {
  constructor() {
    super('The video is not loaded yet: segments need the case duration and frame rate.');
  }
}

function sortByTime(annotations: Annotation[]): Annotation[] {
  return annotations.map((a, i) => [a, i] as const).sort(([a, i], [b, j]) => a.time - b.time || i - j).map(([a]) => a);
}

function newId(prefix: string): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${random}`;
}

function apiErrorDetail(cause: unknown, what: string): ClipEditorErrorDetail {
  const api = cause instanceof ApiError ? cause : undefined;
  return {
    code: 'api-error',
    message: `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    field: api?.field,
    fatal: false,
    cause,
  };
}
