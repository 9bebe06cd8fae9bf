/**
 * Draws the timeline: the case as a bar, its segments with an in and an out handle each (sliders:
 * drag them, or focus one and use the arrow keys, a frame a press, a second with Shift), the
 * pending in mark, annotation pins, the playhead, and the ticks and thumbnail strip of the
 * visible stretch (only what is in view is drawn, so a zoom to frames costs no more than the whole).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { ref } from 'lit/directives/ref.js';
import type { Annotation, Segment } from '@surgery-video/client';
import type { HandleEdge, TimelineController } from './timeline-controller.js';
import { pinMarks } from './pin-marks.js';
import { formatTimecode, ticks } from './timeline-scale.js';
import type { LoadedThumbnails } from './thumbnail-controller.js';
import { stripTiles, THUMBNAIL_STRIP_HEIGHT } from './thumbnail-strip.js';

export interface TimelineViewModel {
  controller: TimelineController;
  duration: number;
  frameRate: number;
  segments: readonly Segment[];
  annotations: readonly Annotation[];
  time: number;
  pendingIn: number | undefined;
  readonly: boolean;
  /** The case's thumbnail sprite index, once loaded. */
  thumbnails: LoadedThumbnails | undefined;
  /** A handle's arrow key: move it by `frames`. */
  nudge(index: number, edge: HandleEdge, frames: number): void;
}

export function renderTimeline(model: TimelineViewModel): TemplateResult {
  const { controller, duration, frameRate } = model;
  const scale = controller.scale;
  const known = duration > 0 && scale > 0;
  const width = known ? duration * scale : 0;
  const from = controller.scrollLeft / (scale || 1);
  const to = from + controller.width / (scale || 1);
  const x = (t: number) => `${t * scale}px`;
  return html`<div
    class="timeline-scroller"
    part="timeline"
    ${ref((element) => controller.attach(element as HTMLElement | undefined))}
    @scroll=${controller.onScroll}
    @wheel=${controller.onWheel}
  >
    <div class="track" style="width:${known ? `${width}px` : '100%'}" @click=${controller.onTrackClick}>
      <div class="ticks" aria-hidden="true">
        ${known
          ? ticks(from, to, scale, frameRate).map(
              (tick) => html`<span class="tick ${tick.major ? 'major' : ''}" style="left:${x(tick.time)}">${tick.label ?? nothing}</span>`,
            )
          : nothing}
      </div>
      <div class="bar" part="timeline-bar">
        ${known && model.thumbnails ? guard([model.thumbnails, from, to, scale, duration], () => renderStrip(model.thumbnails!, from, to, scale, duration)) : nothing}
        ${
          // A frame step or the playhead moving changes none of these: 200 segments are not re-rendered for it.
          guard([model.segments, scale, model.readonly, frameRate, duration], () => model.segments.map((segment, i) => renderSegment(model, segment, i)))
        }
        ${model.pendingIn !== undefined ? html`<div class="pending-in" part="pending-in" style="left:${x(model.pendingIn)}" aria-hidden="true"></div>` : nothing}
        ${known
          ? guard([model.annotations, from, to, scale], () => pinMarks(model.annotations, from, to, scale).map(
              (pin) => html`<div class="pin kind-${pin.kind}" part="annotation-pin" style="left:${x(pin.time)}" title=${pin.title} data-count=${pin.count} aria-hidden="true"></div>`,
            ))
          : nothing}
      </div>
      ${known ? html`<div class="playhead" part="playhead" style="left:${x(model.time)}" aria-hidden="true"></div>` : nothing}
    </div>
  </div>`;
}

function renderStrip(thumbnails: LoadedThumbnails, from: number, to: number, scale: number, duration: number): TemplateResult {
  const tiles = stripTiles(thumbnails.cues, { from, to, scale, duration, height: THUMBNAIL_STRIP_HEIGHT }, thumbnails.sprites);
  return html`<div class="thumbnails" part="timeline-thumbnails" aria-hidden="true">
    ${tiles.map(
      (tile) =>
        html`<div
          class="thumbnail"
          part="timeline-thumbnail"
          data-start=${tile.cue.start}
          style="left:${tile.left}px;width:${tile.width}px;height:${tile.height}px;background-image:url('${tile.cue.url}');background-size:${tile.backgroundSize};background-position:${tile.backgroundPosition}"
        ></div>`,
    )}
  </div>`;
}

function renderSegment(model: TimelineViewModel, segment: Segment, i: number): TemplateResult {
  const { controller, frameRate } = model;
  const scale = controller.scale;
  const handle = (edge: HandleEdge) => {
    const time = segment[edge];
    const name = `Segment ${i + 1} ${edge === 'start' ? 'in' : 'out'} point`;
    return html`<div
      class="handle ${edge}"
      part="handle handle-${edge}"
      role="slider"
      tabindex="0"
      aria-label=${name}
      aria-valuemin="0"
      aria-valuemax=${model.duration}
      aria-valuenow=${time}
      aria-valuetext=${formatTimecode(time, frameRate)}
      aria-disabled=${model.readonly ? 'true' : 'false'}
      data-index=${i}
      data-edge=${edge}
      @pointerdown=${controller.onHandleDown}
      @pointermove=${controller.onHandleMove}
      @pointerup=${controller.onHandleUp}
      @pointercancel=${controller.onHandleUp}
      @keydown=${(event: KeyboardEvent) => {
        if (model.readonly || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') || event.ctrlKey || event.altKey || event.metaKey) return;
        event.preventDefault();
        const frames = (event.shiftKey ? Math.round(frameRate) : 1) * (event.key === 'ArrowLeft' ? -1 : 1);
        model.nudge(i, edge, frames);
      }}
    ></div>`;
  };
  return html`<div class="segment" part="segment" style="left:${segment.start * scale}px;width:${(segment.end - segment.start) * scale}px">
    ${handle('start')}${handle('end')}
  </div>`;
}
