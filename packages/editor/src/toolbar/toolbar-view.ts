/**
 * The toolbar: play, frame steps and the clock; mark in/out, note, drawing (shape and colour while
 * on), undo/redo; zoom; save and submit. (Template text is kept as it was in the element.)
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ShapeType } from '@surgery-video/client';
import { SHAPE_TYPES } from '../drawing/drawing-layer.js';
import type { EditorAction } from '../keys/keymap.js';

export interface ToolbarViewModel {
  paused: boolean;
  /** The timecode shown as the clock. */
  clock: string;
  readonly: boolean;
  /** The case's duration is known. */
  zoomable: boolean;
  drawing: boolean;
  drawTool: ShapeType;
  drawColor: string;
  canUndo: boolean;
  canRedo: boolean;
  zoomedIn: boolean;
  atMaxZoom: boolean;
  busy: boolean;
  run(action: EditorAction): void;
  toggleDrawing(): void;
  setDrawTool(tool: ShapeType): void;
  setDrawColor(color: string): void;
  zoom(factor: number): void;
  fit(): void;
  save(): void;
  submit(): void;
}

export function renderToolbar(model: ToolbarViewModel): TemplateResult {
  const ro = model.readonly;
  const zoomable = model.zoomable;
  return html`<div class="toolbar" part="toolbar" role="toolbar" aria-label="Editing">
        <button type="button" @click=${() => model.run('play-pause')} aria-label=${model.paused ? 'Play' : 'Pause'}>${model.paused ? 'Play' : 'Pause'}</button>
        <button type="button" @click=${() => model.run('frame-back')} aria-label="One frame back">◀︎ 1f</button>
        <button type="button" @click=${() => model.run('frame-forward')} aria-label="One frame forward">1f ▶︎</button>
        <span class="clock" aria-hidden="true">${model.clock}</span>
        <span class="sep"></span>
        <button type="button" ?disabled=${ro} @click=${() => model.run('mark-in')}>Mark in</button>
        <button type="button" ?disabled=${ro} @click=${() => model.run('mark-out')}>Mark out</button>
        <button type="button" ?disabled=${ro} @click=${() => model.run('annotate')}>Add note</button>
        <button type="button" ?disabled=${ro || !zoomable} aria-pressed=${model.drawing && !ro ? 'true' : 'false'} @click=${model.toggleDrawing}>Draw</button>
        ${model.drawing && !ro
          ? html`<select aria-label="Shape" .value=${model.drawTool} @change=${(e: Event) => model.setDrawTool((e.target as HTMLSelectElement).value as ShapeType)}>
                ${SHAPE_TYPES.map((type) => html`<option value=${type} ?selected=${type === model.drawTool}>${type}</option>`)}
              </select>
              <input type="color" aria-label="Colour" .value=${model.drawColor} @input=${(e: Event) => model.setDrawColor((e.target as HTMLInputElement).value)} />`
          : nothing}
        <button type="button" ?disabled=${ro || !model.canUndo} @click=${() => model.run('undo')}>Undo</button>
        <button type="button" ?disabled=${ro || !model.canRedo} @click=${() => model.run('redo')}>Redo</button>
        <span class="sep"></span>
        <button type="button" ?disabled=${!zoomable || !model.zoomedIn} @click=${() => model.zoom(1 / 2)} aria-label="Zoom out">−</button>
        <button type="button" ?disabled=${!zoomable || model.atMaxZoom} @click=${() => model.zoom(2)} aria-label="Zoom in">+</button>
        <button type="button" ?disabled=${!zoomable} @click=${() => model.fit()}>Whole case</button>
        <span class="sep"></span>
        <button type="button" ?disabled=${ro || model.busy} @click=${() => model.save()}>Save</button>
        <button type="button" class="primary" ?disabled=${ro || model.busy} @click=${() => model.submit()}>Submit for review</button>
      </div>`;
}
