/**
 * The seek bar: a `role="slider"` over the media timeline (the DVR window when live) with the
 * buffered ranges, the chapters as marks, and a preview of the thumbnail sprite tile and chapter
 * title at the pointer (hover, drag) or at the playhead (keyboard focus). Pointer events cover
 * mouse, pen and touch; the hit area is the full control height (44 px) around a thin rail.
 */
import { Task } from '@lit/task';
import { css, html, nothing, type PropertyValues } from 'lit';
import { formatClock, formatSpokenTime } from '../time-format.js';
import { cueAt, parseThumbnails, parseVtt, type ThumbnailCue, type VttCue } from '../webvtt.js';
import { ControlElement } from './control-element.js';

async function fetchVtt(url: string | undefined, signal: AbortSignal): Promise<string | undefined> {
  if (!url) return undefined;
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * @summary Seek bar with buffered ranges, chapter marks and thumbnail preview.
 * @csspart seek-bar - The slider.
 * @csspart chapter - One mark per chapter start.
 * @csspart thumbnail - The preview tile (sprite background) with time and chapter title.
 */
export class SurgerySeekBar extends ControlElement {
  static override properties = { preview: { state: true }, dragging: { state: true } };
  static override styles = css`
    :host {
      display: block;
      position: relative;
      --_rail: var(--surgery-bar-height, 4px);
    }
    .slider {
      position: relative;
      height: var(--surgery-control-size, 44px);
      cursor: pointer;
      touch-action: none;
      outline: none;
    }
    .slider:focus-visible .rail {
      outline: 2px solid var(--_surgery-accent, #5cc8ff);
      outline-offset: 4px;
    }
    .rail {
      position: absolute;
      left: 0;
      right: 0;
      top: 50%;
      height: var(--_rail);
      transform: translateY(-50%);
      border-radius: var(--_rail);
      background: var(--_surgery-track-color, rgb(255 255 255 / 0.3));
      transition: height 0.1s;
    }
    .slider:hover .rail,
    .slider:focus-visible .rail {
      height: calc(var(--_rail) * 1.75);
    }
    .buffered,
    .played {
      position: absolute;
      top: 0;
      bottom: 0;
      border-radius: inherit;
    }
    .buffered {
      background: var(--_surgery-buffered-color, rgb(255 255 255 / 0.55));
    }
    .played {
      left: 0;
      background: var(--_surgery-accent, #5cc8ff);
    }
    .chapter {
      position: absolute;
      top: -2px;
      bottom: -2px;
      width: 2px;
      margin-left: -1px;
      background: var(--surgery-chapter-color, currentColor);
      opacity: 0.85;
    }
    .handle {
      position: absolute;
      top: 50%;
      width: 14px;
      height: 14px;
      margin: -7px 0 0 -7px;
      border-radius: 50%;
      background: var(--_surgery-accent, #5cc8ff);
      pointer-events: none;
    }
    .preview {
      position: absolute;
      bottom: calc(100% + 4px);
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 2px;
      pointer-events: none;
      font-variant-numeric: tabular-nums;
      text-align: center;
      max-width: 100%;
    }
    .tile {
      border: 1px solid var(--_surgery-controls-color, #fff);
      border-radius: 4px;
      background-repeat: no-repeat;
      background-color: #000;
    }
    .label {
      padding: 1px 6px;
      border-radius: 4px;
      background: var(--_surgery-controls-background, rgb(12 14 18 / 0.88));
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      max-width: 100%;
    }
  `;

  /** The time previewed (pointer over or dragging, or the playhead while focused); undefined hides the preview. */
  private declare preview: number | undefined;
  private declare dragging: boolean;
  #pointerX = 0;

  readonly #files = new Task(this, {
    task: async ([thumbnails, chapters], { signal }) => {
      const [thumbnailText, chapterText] = await Promise.all([fetchVtt(thumbnails, signal).catch(() => undefined), fetchVtt(chapters, signal).catch(() => undefined)]);
      return {
        // The sprite is signed like its index: a tile URL without a query gets the index's (the grant's signature).
        thumbnails: thumbnailText && thumbnails ? parseThumbnails(thumbnailText, thumbnails).map((cue) => (cue.url.includes('?') ? cue : { ...cue, url: cue.url + new URL(thumbnails).search })) : ([] as ThumbnailCue[]),
        chapters: chapterText ? parseVtt(chapterText) : ([] as VttCue[]),
      };
    },
    args: () => [this.controls?.thumbnails, this.controls?.chapters] as const,
  });

  constructor() {
    super();
    this.dragging = false;
  }

  /** The slider's range: the DVR window when live, else 0..duration. */
  get range(): { start: number; end: number } {
    const state = this.player;
    if (state?.live && state.seekable) return state.seekable;
    const duration = state?.duration ?? NaN;
    return { start: 0, end: Number.isFinite(duration) ? duration : 0 };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.preview !== undefined && this.matches(':focus-within') && !this.dragging && !this.#hovering) this.preview = this.player?.currentTime;
  }

  #hovering = false;

  protected override render(): unknown {
    const state = this.player;
    const { start, end } = this.range;
    const span = end - start;
    const percent = (time: number) => (span > 0 ? Math.min(100, Math.max(0, ((time - start) / span) * 100)) : 0);
    const current = this.dragging && this.preview !== undefined ? this.preview : (state?.currentTime ?? 0);
    const files = this.#files.value;
    const live = state?.live ?? false;
    const valueText = live
      ? state?.atLiveEdge
        ? 'Live'
        : `${formatSpokenTime(end - current)} behind live`
      : `${formatSpokenTime(current - start)} of ${formatSpokenTime(span)}`;
    return html`<div
        class="slider"
        part="seek-bar"
        role="slider"
        tabindex="0"
        aria-label="Seek"
        aria-valuemin="0"
        aria-valuemax=${Math.round(span)}
        aria-valuenow=${Math.round(Math.max(0, current - start))}
        aria-valuetext=${valueText}
        @pointerdown=${this.#onPointerDown}
        @pointermove=${this.#onPointerMove}
        @pointerup=${this.#onPointerUp}
        @pointercancel=${this.#onPointerCancel}
        @pointerleave=${this.#onPointerLeave}
        @keydown=${this.#onKeyDown}
        @focus=${() => (this.preview = state?.currentTime)}
        @blur=${() => (this.preview = undefined)}
      >
        <div class="rail">
          ${(this.controls?.buffered ?? []).map(
            (range) => html`<div class="buffered" style="left:${percent(range.start)}%;width:${percent(range.end) - percent(range.start)}%"></div>`,
          )}
          <div class="played" style="width:${percent(current)}%"></div>
          ${live ? nothing : (files?.chapters ?? []).map((chapter) => html`<div class="chapter" part="chapter" title=${chapter.text} style="left:${percent(chapter.start)}%"></div>`)}
        </div>
        <div class="handle" style="left:${percent(current)}%"></div>
      </div>
      ${this.#renderPreview(percent)}`;
  }

  #renderPreview(percent: (time: number) => number): unknown {
    const time = this.preview;
    if (time === undefined || !(this.range.end > this.range.start)) return nothing;
    const files = this.#files.value;
    const tile = files ? cueAt(files.thumbnails, time) : undefined;
    const chapter = files ? cueAt(files.chapters, time) : undefined;
    const width = this.clientWidth;
    const boxWidth = Math.min(width, Math.max(tile?.width ?? 0, 72));
    const left = Math.min(Math.max(0, (percent(time) / 100) * width - boxWidth / 2), Math.max(0, width - boxWidth));
    const label = this.player?.live ? `-${formatClock(this.range.end - time)}` : formatClock(time);
    return html`<div class="preview" style="left:${left}px;width:${boxWidth}px" aria-hidden="true">
      ${tile
        ? html`<div
            class="tile"
            part="thumbnail"
            data-time=${tile.start}
            style="width:${tile.width}px;height:${tile.height}px;background-image:url('${tile.url}');background-position:-${tile.x}px -${tile.y}px"
          ></div>`
        : nothing}
      <span class="label">${chapter ? `${label} · ${chapter.text}` : label}</span>
    </div>`;
  }

  #timeAt(clientX: number): number {
    const rect = this.getBoundingClientRect();
    const { start, end } = this.range;
    const fraction = rect.width > 0 ? Math.min(1, Math.max(0, (clientX - rect.left) / rect.width)) : 0;
    return start + fraction * (end - start);
  }

  readonly #onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 || !(this.range.end > this.range.start)) return;
    try {
      (event.currentTarget as Element).setPointerCapture(event.pointerId);
    } catch {
      // Synthetic events have no active pointer to capture.
    }
    this.dragging = true;
    this.#pointerX = event.clientX;
    this.preview = this.#timeAt(event.clientX);
  };

  readonly #onPointerMove = (event: PointerEvent) => {
    this.#pointerX = event.clientX;
    if (this.dragging || event.pointerType !== 'touch') {
      this.#hovering = !this.dragging;
      this.preview = this.#timeAt(event.clientX);
    }
  };

  readonly #onPointerUp = (event: PointerEvent) => {
    if (!this.dragging) return;
    this.dragging = false;
    const time = this.#timeAt(event.clientX ?? this.#pointerX);
    if (event.pointerType === 'touch') this.preview = undefined;
    this.request('seek-request', { time });
  };

  readonly #onPointerCancel = () => {
    this.dragging = false;
    this.preview = undefined;
  };

  readonly #onPointerLeave = () => {
    this.#hovering = false;
    if (!this.dragging) this.preview = this.matches(':focus-within') ? this.player?.currentTime : undefined;
  };

  readonly #onKeyDown = (event: KeyboardEvent) => {
    const state = this.player;
    if (!state) return;
    const { start, end } = this.range;
    const span = end - start;
    const steps: Record<string, number> = { ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5, PageDown: -span / 10, PageUp: span / 10 };
    let time: number | undefined;
    if (event.key in steps) time = state.currentTime + steps[event.key]! / (event.shiftKey && event.key.startsWith('Arrow') ? 5 : 1);
    else if (event.key === 'Home') time = start;
    else if (event.key === 'End') time = end;
    if (time === undefined) return;
    event.preventDefault();
    if (event.key === 'End' && state.live) return this.request('live-request');
    time = Math.min(Math.max(time, start), end);
    this.preview = time;
    this.request('seek-request', { time });
  };
}
