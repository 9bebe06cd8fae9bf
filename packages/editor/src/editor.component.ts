import { html, LitElement, type PropertyValues } from 'lit';
import type { Annotation, AnnotationKind, Client, Edit, Shape, ShapeType, User } from '@surgery-video/client';
import type { SurgeryPlayer } from '@surgery-video/player';
import { renderAnnotations } from './annotations/annotations-view.js';
import { ListWindowController } from './annotations/list-window-controller.js';
import type { StoredDraft } from './drafts/draft-store.js';
import { DrawingTool } from './drawing/drawing-tool.js';
import { renderDrawingLayer } from './drawing/drawing-layer.js';
import { PictureBoxController } from './drawing/picture-box-controller.js';
import type { AnnotationInput, AnnotationPatch } from './editing/annotation-types.js';
import { EditSession } from './editing/edit-session.js';
import { editorStyles } from './editor.styles.js';
import { canRedo, canUndo, createHistory, type EditHistory } from './history/edit-history.js';
import { SignedInUserController } from './identity/signed-in-user.js';
import { createPort, type EditorPort } from './internal/editor-port.js';
import { KeyController } from './keys/key-controller.js';
import type { Keymap } from './keys/keymap.js';
import { PlaybackController } from './playback/playback-controller.js';
import { renderOffers } from './saving/offers-view.js';
import { SaveController } from './saving/save-controller.js';
import { ThumbnailController } from './timeline/thumbnail-controller.js';
import { TimelineController, type HandleEdge, type TimelineHost } from './timeline/timeline-controller.js';
import { renderTimeline } from './timeline/timeline-view.js';
import { renderToolbar } from './toolbar/toolbar-view.js';
import { EDITOR_VERSION } from './version.js';

export type { AnnotationInput, AnnotationPatch } from './editing/annotation-types.js';
export type { ClipEditorEventMap } from './events/editor-events.js';

/**
 * @tagname clip-editor
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
 * @csspart drawing - The layer over the picture (not the letterbox bars) that shows and takes drawings on the paused frame.
 * @csspart toolbar - The buttons (play, frame steps, mark in/out, note, draw, undo/redo, zoom, save, submit).
 * @csspart timeline - The scrolling timeline.
 * @csspart timeline-bar - The case as a bar, under the segments.
 * @csspart timeline-thumbnails - The thumbnail strip along the bar (the case's WebVTT sprite), drawn for the visible stretch only.
 * @csspart timeline-thumbnail - One tile of the strip.
 * @csspart segment - A kept segment.
 * @csspart handle - A segment's in or out handle (`role="slider"`); also `handle-start`, `handle-end`.
 * @csspart handle-start - A segment's in handle.
 * @csspart handle-end - A segment's out handle.
 * @csspart pending-in - The in point marked, waiting for its out point.
 * @csspart playhead - The playhead.
 * @csspart annotation-pin - An annotation's pin (pins of one kind that would overlap are one pin, `data-count` of them).
 * @csspart annotations - The annotations panel.
 * @csspart annotation - One annotation's row (only the rows in the list's view are drawn).
 * @csspart annotation-time - The row's time (a button that seeks there).
 * @csspart annotation-text - The row's text field.
 * @csspart annotation-delete - The row's delete button.
 * @csspart annotation-filter - The filter by kind.
 * @csspart conflict - The choice offered when the server holds a newer version.
 * @csspart draft-offer - The offer to restore unsaved changes kept in this browser.
 *
 * @cssproperty [--clip-editor-accent=#1565c0] - Segments, focus rings, the primary button.
 * @cssproperty [--clip-editor-background=#fff] - Behind the editor.
 * @cssproperty [--clip-editor-color=#1a1a1a] - Text.
 * @cssproperty [--clip-editor-track=#e3e7ec] - The timeline bar.
 * @cssproperty [--clip-editor-playhead=#d32f2f] - The playhead.
 * @cssproperty [--clip-editor-annotations-height=20rem] - The most the annotations list grows before it scrolls.
 * @cssproperty [--surgery-aspect-ratio=16 / 9] - The player's box (inherited by the embedded player); a picture of another shape is letterboxed or pillarboxed.
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
    thumbnails: {},
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
  /**
   * URL of a WebVTT thumbnail sprite index (`sprite.jpg#xywh=x,y,w,h` cues) for the timeline's
   * strip. Default: the playback grant's (`api` + `asset`); without either, no strip.
   */
  declare thumbnails: string | undefined;
  /** View only: editing keys, handles and buttons are off; methods that edit throw. */
  declare readonly: boolean;
  /** Turns every keyboard shortcut off (WCAG 2.1.4). */
  declare nohotkeys: boolean;
  /** Forwarded to the player. */
  declare muted: boolean;
  /**
   * The user id written as `author` of new annotations and `createdBy` of a new Edit. Unset (the
   * default), it is the signed-in user's id (`GET /api/v1/me` with `api` and a token), and
   * `anonymous` without a server or before the user is known.
   */
  declare author: string | undefined;
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
  readonly #port: EditorPort = this.#createPort();
  readonly #session: EditSession = new EditSession(this.#port, (edit) => this.#saving.keep(edit));
  readonly #saving: SaveController = new SaveController(this.#port, this.#session);
  readonly #drawing: DrawingTool = new DrawingTool(this.#port, this.#session);
  readonly #timeline: TimelineController;
  readonly #thumbnails: ThumbnailController = new ThumbnailController(this);
  readonly #annotationList: ListWindowController = new ListWindowController(this);
  readonly #user: SignedInUserController = new SignedInUserController(this, (user) => this.#adoptUser(user));
  readonly #picture: PictureBoxController = new PictureBoxController(this, () => this.#player.media);
  readonly #keys: KeyController;

  constructor() {
    super();
    this.readonly = false;
    this.nohotkeys = false;
    this.muted = false;
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
    this.#timeline = new TimelineController(this);
    new PlaybackController(this.#port, this.#timeline); // registers itself with the element and the player
    this.#keys = new KeyController(this.#port, this.#session);
    // The host takes focus for the shortcuts: give it a role and a name (a page's aria-label wins).
    const internals = this.attachInternals();
    internals.role = 'group';
    internals.ariaLabel = 'Clip editor';
    internals.ariaRoleDescription = 'video editor';
  }

  /** The private reactive properties, for the controllers: read and written through the element, so Lit renders each change. */
  #createPort(): EditorPort {
    const el = this;
    return createPort(this, {
      get history() { return el.history; }, set history(v) { el.history = v; },
      get preview() { return el.preview; }, set preview(v) { el.preview = v; },
      get pendingIn() { return el.pendingIn; }, set pendingIn(v) { el.pendingIn = v; },
      get time() { return el.time; }, set time(v) { el.time = v; },
      get mediaDuration() { return el.mediaDuration; }, set mediaDuration(v) { el.mediaDuration = v; },
      get paused() { return el.paused; }, set paused(v) { el.paused = v; },
      get announcement() { return el.announcement; }, set announcement(v) { el.announcement = v; },
      get filter() { return el.filter; }, set filter(v) { el.filter = v; },
      get conflict() { return el.conflict; }, set conflict(v) { el.conflict = v; },
      get draftOffer() { return el.draftOffer; }, set draftOffer(v) { el.draftOffer = v; },
      get busy() { return el.busy; }, set busy(v) { el.busy = v; },
      get drawing() { return el.drawing; }, set drawing(v) { el.drawing = v; },
      get drawTool() { return el.drawTool; }, set drawTool(v) { el.drawTool = v; },
      get drawColor() { return el.drawColor; }, set drawColor(v) { el.drawColor = v; },
      get drawDraft() { return el.drawDraft; }, set drawDraft(v) { el.drawDraft = v; },
    });
  }

  // --- The Edit ----------------------------------------------------------------------------

  /**
   * The Edit being worked on. Setting it checks the value whole (`parseEdit`, and against the
   * case once its duration is known): an invalid Edit is refused with an `error` event naming the
   * field, and the editor keeps its value. A new value starts a new undo history.
   */
  get value(): Edit {
    return this.#session.present();
  }
  set value(input: Edit) {
    const edit = this.#session.parse(input);
    if (edit) this.#saving.adopt(edit, false);
  }

  /** The underlying player, for anything the editor does not forward. */
  get player(): SurgeryPlayer {
    return this.#player;
  }

  /** The signed-in user (`GET /api/v1/me` with `api` and a token); undefined without a server or until known. */
  get user(): User | undefined {
    return this.#user.user;
  }

  /** The id new annotations and a new Edit are written with: `author`, else the signed-in user's, else `anonymous`. */
  get authorId(): string {
    return this.author ?? this.#user.user?.id ?? 'anonymous';
  }

  /** True when the value has changes that are not saved. */
  get dirty(): boolean {
    return this.#saving.dirty;
  }

  /** The user became known: the new, untouched Edit the editor made up before is theirs. */
  #adoptUser(user: User): void {
    const history = this.history;
    if (this.author !== undefined || !history || history.present !== this.#session.untouched || history.present.createdBy === user.id) return;
    const edit = { ...history.present, createdBy: user.id };
    this.#session.untouched = edit;
    this.history = createHistory(edit);
  }

  // --- Segments ------------------------------------------------------------------------------

  /**
   * Marks the in point of the next segment: at `t` snapped to the nearest frame boundary, or, by
   * default, at the start of the frame on screen. Returns the time marked.
   */
  markIn(t?: number): number | undefined {
    return this.#session.markIn(t);
  }

  /**
   * Marks the out point: at `t` snapped to the nearest frame boundary, or, by default, at the end
   * of the frame on screen (that frame is kept). With an in point marked, adds the segment
   * between them and returns the new value; without one, reports `invalid-operation`.
   */
  markOut(t?: number): Edit | undefined {
    return this.#session.markOut(t);
  }

  /** Adds the segment [start, end) (seconds, snapped to frames), merged with any it overlaps or touches. Throws a RangeError for a bad range. */
  addSegment(start: number, end: number): Edit | undefined {
    return this.#session.addSegment(start, end);
  }

  /** Removes segment `i` (0-based). Throws a RangeError for an index that is not a segment. */
  removeSegment(i: number): Edit | undefined {
    return this.#session.removeSegment(i);
  }

  // --- Annotations ---------------------------------------------------------------------------

  /**
   * Adds an annotation (default kind `note`, empty text) at `a.time`, snapped to the frame
   * boundary. Returns it as stored. Throws an EditValidationError naming the field for an invalid one.
   */
  addAnnotation(a: AnnotationInput): Annotation {
    return this.#session.addAnnotation(a);
  }

  /** Changes annotation `id` (text, kind, time, duration, drawing). Throws for an unknown id or an invalid result. */
  updateAnnotation(id: string, patch: AnnotationPatch): Annotation {
    return this.#session.updateAnnotation(id, patch);
  }

  /** Removes annotation `id`. Throws a RangeError for an unknown id. */
  removeAnnotation(id: string): Edit | undefined {
    return this.#session.removeAnnotation(id);
  }

  // --- History -------------------------------------------------------------------------------

  /** Undoes the last operation; returns the value, or undefined when there was nothing to undo. */
  undo(): Edit | undefined {
    return this.#session.undo();
  }

  /** Redoes the last undone operation; returns the value, or undefined when there was nothing to redo. */
  redo(): Edit | undefined {
    return this.#session.redo();
  }

  // --- Saving --------------------------------------------------------------------------------

  /**
   * Saves the value through the API (`edits.create` the first time, then `edits.update` with the
   * version it was read at) and resolves with what the server stored. Without a server it
   * dispatches `save` with the value for the page to store. A newer version on the server
   * (409) is never overwritten: the editor shows both choices and resolves undefined, as it does
   * for any failure, reported in an `error` event.
   */
  save(): Promise<Edit | undefined> {
    return this.#saving.save();
  }

  /** Saves, then sends the Edit for review (`reviews.submit`); without a server, dispatches `submit` with the value. */
  submit(): Promise<Edit | undefined> {
    return this.#saving.submit();
  }

  // --- TimelineHost ----------------------------------------------------------------------------

  get timelineDuration(): number {
    return Number.isFinite(this.mediaDuration) && this.mediaDuration > 0 ? this.mediaDuration : 0;
  }

  get timelineFrameRate(): number {
    return this.#player.frameRate;
  }

  previewTrim(index: number, edge: HandleEdge, time: number): void {
    this.#session.previewTrim(index, edge, time);
  }

  commitTrim(): void {
    this.#session.commitTrim();
  }

  seekTo(time: number): void {
    void this.#player.seek(time).catch(() => undefined);
  }

  // --- Lifecycle -----------------------------------------------------------------------------

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

  protected override render(): unknown {
    const edit = this.preview ?? this.history?.present;
    const fps = this.#player.frameRate;
    const ro = this.readonly;
    return html`
      <div class="stage">
        ${this.#player}
        ${renderDrawingLayer({
          shapes: this.#drawing.shapesOnScreen(edit),
          draft: this.drawDraft,
          active: this.drawing && !ro,
          picture: this.#picture.box,
          onDown: this.#drawing.down,
          onMove: this.#drawing.move,
          onUp: this.#drawing.up,
        })}
      </div>
      ${renderToolbar({
        paused: this.paused,
        clock: this.#session.frames.timecode(this.time),
        readonly: ro,
        zoomable: this.timelineDuration > 0,
        drawing: this.drawing,
        drawTool: this.drawTool,
        drawColor: this.drawColor,
        canUndo: !!this.history && canUndo(this.history),
        canRedo: !!this.history && canRedo(this.history),
        zoomedIn: this.#timeline.zoomedIn,
        atMaxZoom: this.#timeline.atMaxZoom,
        busy: this.busy,
        run: (action) => this.#keys.run(action),
        toggleDrawing: this.#drawing.toggle,
        setDrawTool: (tool) => (this.drawTool = tool),
        setDrawColor: (color) => (this.drawColor = color),
        zoom: (factor) => this.#timeline.zoom(factor, this.time),
        fit: () => this.#timeline.fit(),
        save: () => void this.save(),
        submit: () => void this.submit(),
      })}
      ${renderOffers({
        conflict: this.conflict,
        offer: this.draftOffer,
        resolveConflict: (choice) => void this.#saving.resolveConflict(choice),
        restoreDraft: (restore) => this.#saving.restoreDraft(restore),
      })}
      ${renderTimeline({
        controller: this.#timeline,
        duration: this.timelineDuration,
        frameRate: fps,
        segments: edit?.segments ?? [],
        annotations: edit?.annotations ?? [],
        time: this.time,
        pendingIn: this.pendingIn,
        readonly: ro,
        thumbnails: this.#thumbnails.value,
        nudge: (i, edgeName, frames) => this.#session.nudge(i, edgeName, frames),
      })}
      ${renderAnnotations({
        annotations: edit?.annotations ?? [],
        frameRate: fps,
        filter: this.filter,
        readonly: ro,
        list: this.#annotationList,
        reveal: this.#keys.pendingFocus,
        setFilter: (filter) => (this.filter = filter),
        seek: (t) => this.seekTo(t),
        update: (id, patch) => this.#session.guarded(() => this.updateAnnotation(id, patch)),
        remove: (id) => this.#session.guarded(() => this.removeAnnotation(id)),
        done: () => this.focus(),
      })}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }
}
