/**
 * The annotations panel: every annotation with its time (a button that seeks there), its kind and
 * its text, both editable in place, and a delete button; a filter by kind. A new note (the M key)
 * opens with its text field focused: type, then Enter or Escape to go back to the video. Only the
 * rows in the list's scrolled view are drawn (list-window.ts), so thousands of annotations open at once.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import { ANNOTATION_KINDS, type Annotation, type AnnotationKind } from '@surgery-video/client';
import { formatTimecode } from '../timeline/timeline-scale.js';
import type { ListWindowController } from './list-window-controller.js';

export const KIND_LABELS: Record<AnnotationKind, string> = {
  mistake: 'Mistake',
  'good-practice': 'Good practice',
  question: 'Question',
  note: 'Note',
};

export interface AnnotationsViewModel {
  annotations: readonly Annotation[];
  frameRate: number;
  filter: AnnotationKind | 'all';
  readonly: boolean;
  /** The scrolled window of rows to draw. */
  list: ListWindowController;
  /** An annotation whose row must be drawn and in view (a new note about to take focus). */
  reveal: string | undefined;
  setFilter(filter: AnnotationKind | 'all'): void;
  seek(time: number): void;
  update(id: string, patch: Partial<Pick<Annotation, 'text' | 'kind'>>): void;
  remove(id: string): void;
  /** Leaves the text field: back to the editor's shortcuts. */
  done(): void;
}

export function renderAnnotations(model: AnnotationsViewModel): TemplateResult {
  const shown = model.annotations.filter((a) => model.filter === 'all' || a.kind === model.filter);
  return html`<section class="annotations" part="annotations" aria-labelledby="annotations-heading">
    <div class="annotations-header">
      <h2 id="annotations-heading">Annotations</h2>
      <label
        >Show
        <select
          part="annotation-filter"
          .value=${model.filter}
          @change=${(event: Event) => model.setFilter((event.target as HTMLSelectElement).value as AnnotationKind | 'all')}
        >
          <option value="all">All kinds</option>
          ${ANNOTATION_KINDS.map((kind) => html`<option value=${kind}>${KIND_LABELS[kind]}</option>`)}
        </select>
      </label>
    </div>
    ${shown.length === 0
      ? html`<p class="empty">${model.annotations.length === 0 ? 'No annotations yet. Press M to add a note at the current frame.' : 'No annotations of this kind.'}</p>`
      : renderRows(model, shown)}
  </section>`;
}

function renderRows(model: AnnotationsViewModel, shown: readonly Annotation[]): TemplateResult {
  const reveal = model.reveal === undefined ? undefined : shown.findIndex((a) => a.id === model.reveal);
  const window = model.list.window(shown.length, reveal !== undefined && reveal >= 0 ? reveal : undefined);
  const rows = shown.slice(window.first, window.end);
  return html`<div
    class="annotation-scroller"
    ${ref((element) => model.list.attach(element as HTMLElement | undefined))}
    @scroll=${model.list.onScroll}
  >
    <ol class="annotation-list" style="padding-top:${window.before}px;padding-bottom:${window.after}px">
      ${repeat(
        rows,
        (a) => a.id,
        (a, i) => renderAnnotation(model, a, window.first + i + 1, shown.length),
      )}
    </ol>
  </div>`;
}

function renderAnnotation(model: AnnotationsViewModel, a: Annotation, position: number, size: number): TemplateResult {
  const time = formatTimecode(a.time, model.frameRate);
  return html`<li class="annotation kind-${a.kind}" part="annotation" data-id=${a.id} aria-posinset=${position} aria-setsize=${size}>
    <button type="button" class="time" part="annotation-time" @click=${() => model.seek(a.time)} aria-label="Go to ${time}">${time}</button>
    <select
      aria-label="Kind of the annotation at ${time}"
      .value=${a.kind}
      ?disabled=${model.readonly}
      @change=${(event: Event) => model.update(a.id, { kind: (event.target as HTMLSelectElement).value as AnnotationKind })}
    >
      ${ANNOTATION_KINDS.map((kind) => html`<option value=${kind} ?selected=${kind === a.kind}>${KIND_LABELS[kind]}</option>`)}
    </select>
    <input
      type="text"
      class="text"
      part="annotation-text"
      aria-label="Text of the annotation at ${time}"
      placeholder="Say what happens here"
      .value=${a.text}
      ?readonly=${model.readonly}
      @change=${(event: Event) => model.update(a.id, { text: (event.target as HTMLInputElement).value })}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key !== 'Enter' && event.key !== 'Escape') return;
        event.preventDefault();
        const input = event.target as HTMLInputElement;
        if (input.value !== a.text) model.update(a.id, { text: input.value });
        model.done();
      }}
    />
    ${model.readonly
      ? nothing
      : html`<button type="button" class="delete" part="annotation-delete" @click=${() => model.remove(a.id)} aria-label="Delete the annotation at ${time}">
          Delete
        </button>`}
  </li>`;
}
