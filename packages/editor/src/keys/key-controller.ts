/**
 * The editor's actions, from its keyboard shortcuts (see keymap.ts) and its toolbar buttons:
 * playback and frame steps run at once; editing actions run in the order asked, each after the
 * frame steps asked before it. A note added with M opens with its text field focused.
 */
import type { ReactiveController } from 'lit';
import type { EditSession } from '../editing/edit-session.js';
import type { EditorPort } from '../internal/editor-port.js';
import { actionFor, DEFAULT_KEYMAP, EDITING_ACTIONS, isOwnedByTarget, type EditorAction } from './keymap.js';

export class KeyController implements ReactiveController {
  #editing: Promise<void> = Promise.resolve();
  /** The annotation whose text field takes focus after the next render. */
  #focusAnnotation: string | undefined;

  constructor(
    private readonly port: EditorPort,
    private readonly session: EditSession,
  ) {
    port.host.addController(this);
    port.host.addEventListener('keydown', this.#onKeydown);
  }

  /** The annotation whose text field takes focus after the next render: the list draws its row. */
  get pendingFocus(): string | undefined {
    return this.#focusAnnotation;
  }

  hostUpdated(): void {
    if (this.#focusAnnotation) {
      const input = this.port.host.renderRoot.querySelector<HTMLInputElement>(`[data-id="${this.#focusAnnotation}"] input.text`);
      this.#focusAnnotation = undefined;
      input?.focus();
    }
  }

  readonly #onKeydown = (event: KeyboardEvent): void => {
    const host = this.port.host;
    if (host.nohotkeys || event.defaultPrevented || event.isComposing) return;
    if (isOwnedByTarget(event.composedPath()[0], event.key)) return;
    const action = actionFor(event, { ...DEFAULT_KEYMAP, ...host.keymap });
    if (!action) return;
    if (host.readonly && EDITING_ACTIONS.has(action)) return;
    event.preventDefault();
    this.run(action);
  };

  run(action: EditorAction): void {
    const host = this.port.host;
    const player = host.player;
    const seconds = (delta: number) => host.seekTo(Math.max(0, Math.min(host.timelineDuration || Infinity, player.currentTime + delta)));
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
    const host = this.port.host;
    this.#editing = this.#editing.then(async () => {
      if (host.readonly) return;
      if (host.player.paused && host.timelineDuration > 0) await host.player.stepFrame(0).catch(() => undefined);
      this.#edit(action);
    });
    return this.#editing;
  }

  #edit(action: EditorAction): void {
    const { host, state } = this.port;
    this.session.guarded(() => {
      if (action === 'mark-in') host.markIn();
      else if (action === 'mark-out') host.markOut();
      else if (action === 'undo') host.undo();
      else if (action === 'redo') host.redo();
      else if (action === 'annotate') {
        const annotation = host.addAnnotation({ time: this.session.frames.frameOnScreenStart() ?? 0 });
        state.filter = state.filter === 'all' || state.filter === annotation.kind ? state.filter : 'all';
        this.#focusAnnotation = annotation.id;
      }
    });
  }
}
