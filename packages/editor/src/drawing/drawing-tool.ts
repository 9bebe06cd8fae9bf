/**
 * Drawing on the paused frame (the behaviour; drawing-layer.ts draws it): the Draw toggle, a
 * pointer drag turned into the chosen shape, added to the annotation on that frame (or to a new
 * note there) as one undo step.
 */
import type { Edit, Shape } from '@surgery-video/client';
import type { EditSession } from '../editing/edit-session.js';
import type { EditorPort } from '../internal/editor-port.js';
import { fractionOf, shapeOf } from './drawing-layer.js';

export class DrawingTool {
  #path: [number, number][] | undefined;

  constructor(
    private readonly port: EditorPort,
    private readonly session: EditSession,
  ) {}

  readonly toggle = (): void => {
    const { host, state } = this.port;
    state.drawing = !state.drawing;
    // Drawings belong to one frame: drawing pauses on the frame on screen.
    if (state.drawing && !host.player.paused) host.player.pause();
    this.port.announce(state.drawing ? `Drawing a ${state.drawTool} on the paused frame` : 'Drawing off');
  };

  /** The shapes of the annotations on the frame on screen. */
  shapesOnScreen(edit: Edit | undefined): Shape[] {
    const { host, state } = this.port;
    if (!edit || !host.player.paused) return [];
    const fps = host.player.frameRate;
    const frame = Math.floor(state.time * fps + 1e-3);
    return edit.annotations.filter((a) => a.drawing && Math.round(a.time * fps) === frame).flatMap((a) => a.drawing!.shapes);
  }

  readonly down = (event: PointerEvent): void => {
    const { host, state } = this.port;
    if (event.button !== 0 || host.readonly) return;
    const layer = event.currentTarget as Element;
    layer.setPointerCapture(event.pointerId);
    if (!host.player.paused) host.player.pause();
    this.#path = [fractionOf(event, layer)];
    state.drawDraft = shapeOf(state.drawTool, state.drawColor, this.#path);
  };

  readonly move = (event: PointerEvent): void => {
    const state = this.port.state;
    if (!this.#path) return;
    const point = fractionOf(event, event.currentTarget as Element);
    this.#path = state.drawTool === 'freehand' ? [...this.#path, point] : [this.#path[0]!, point];
    state.drawDraft = shapeOf(state.drawTool, state.drawColor, this.#path);
  };

  readonly up = (): void => {
    const { host, state } = this.port;
    const path = this.#path;
    this.#path = undefined;
    state.drawDraft = undefined;
    if (!path || path.length < 2) return; // a click, not a drag
    const shape = shapeOf(state.drawTool, state.drawColor, path);
    const time = this.session.frames.frameOnScreenStart() ?? 0;
    const fps = host.player.frameRate;
    const here = this.session.present().annotations.find((a) => Math.round(a.time * fps) === Math.round(time * fps));
    this.session.guarded(() => {
      if (here) host.updateAnnotation(here.id, { drawing: { shapes: [...(here.drawing?.shapes ?? []), shape] } });
      else host.addAnnotation({ time, kind: 'note', drawing: { shapes: [shape] } });
    });
  };
}
