/**
 * The timeline's behaviour: zoom (buttons, Ctrl+wheel) between the whole case and single frames,
 * following the view's width, and dragging a segment's in or out handle. A drag previews the trim
 * on every move and is committed as one undo step when the pointer is released; the cut goes to
 * the frame under the pointer (the in handle before it, the out handle after it, so that frame is
 * kept).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { frameOf, frameTime } from '@surgery-video/client';
import { fitScale, scaleRange, scrollFor, zoomScale } from './timeline-scale.js';

export type HandleEdge = 'start' | 'end';

export interface TimelineHost extends ReactiveControllerHost {
  readonly timelineDuration: number;
  readonly timelineFrameRate: number;
  /** A trim in progress: show it, do not record it. */
  previewTrim(index: number, edge: HandleEdge, time: number): void;
  /** The drag ended: record the previewed trim (or nothing if it did not move). */
  commitTrim(): void;
  seekTo(time: number): void;
}

export class TimelineController implements ReactiveController {
  /** Pixels per second; 0 until the view is measured, then at least the scale that fits the case. */
  scale = 0;
  /** The view's width in CSS pixels. */
  width = 0;
  scrollLeft = 0;
  /** True until the user zooms: the case keeps fitting the view as it resizes. */
  #fit = true;
  #scroller: HTMLElement | undefined;
  #observer: ResizeObserver | undefined;
  #drag: { index: number; edge: HandleEdge; pointerId: number } | undefined;

  constructor(private readonly host: TimelineHost & HTMLElement) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#scroller = undefined;
  }

  /** Called by the view with its scrolling element once rendered. */
  attach(scroller: HTMLElement | undefined): void {
    if (!scroller || scroller === this.#scroller) return;
    this.#observer?.disconnect();
    this.#scroller = scroller;
    this.#observer = new ResizeObserver(() => this.#measure());
    this.#observer.observe(scroller);
    this.#measure();
  }

  get range(): { min: number; max: number } {
    return scaleRange(this.host.timelineDuration, this.width, this.host.timelineFrameRate);
  }

  get zoomedIn(): boolean {
    return this.scale > this.range.min * 1.0001;
  }

  get atMaxZoom(): boolean {
    return this.scale >= this.range.max * 0.9999;
  }

  /** Seconds at a client x coordinate, inside the case. */
  timeAt(clientX: number): number {
    const track = this.#scroller?.firstElementChild as HTMLElement | null;
    if (!track || this.scale <= 0) return 0;
    const t = (clientX - track.getBoundingClientRect().left) / this.scale;
    return Math.min(this.host.timelineDuration, Math.max(0, t));
  }

  /** Zooms by `factor` around time `anchor` (default: the middle of the view). */
  zoom(factor: number, anchor?: number, anchorX?: number): void {
    if (!(this.host.timelineDuration > 0) || this.width <= 0) return;
    const x = anchorX ?? this.width / 2;
    const t = anchor ?? (this.scrollLeft + x) / (this.scale || 1);
    this.scale = zoomScale(this.scale || this.range.min, factor, this.range);
    this.#fit = this.scale <= this.range.min * 1.0001;
    this.scrollLeft = scrollFor(t, x, this.scale);
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      if (this.#scroller) this.#scroller.scrollLeft = this.scrollLeft;
    });
  }

  fit(): void {
    this.#fit = true;
    this.#measure();
  }

  /** Keeps the time `t` in view (the playhead while playing or stepping). */
  reveal(t: number): void {
    const x = t * this.scale;
    if (!this.#scroller || (x >= this.scrollLeft && x <= this.scrollLeft + this.width)) return;
    this.scrollLeft = scrollFor(t, this.width / 4, this.scale);
    this.#scroller.scrollLeft = this.scrollLeft;
  }

  readonly onScroll = (event: Event): void => {
    this.scrollLeft = (event.currentTarget as HTMLElement).scrollLeft;
    this.host.requestUpdate();
  };

  readonly onWheel = (event: WheelEvent): void => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    this.zoom(event.deltaY < 0 ? 1.5 : 1 / 1.5, this.timeAt(event.clientX), event.clientX - box.left);
  };

  /** A click on the track (not on a handle) seeks there. */
  readonly onTrackClick = (event: MouseEvent): void => {
    if ((event.target as HTMLElement).closest('[data-edge]')) return;
    this.host.seekTo(this.timeAt(event.clientX));
  };

  readonly onHandleDown = (event: PointerEvent): void => {
    const handle = event.currentTarget as HTMLElement;
    if (event.button !== 0 || handle.getAttribute('aria-disabled') === 'true') return;
    event.preventDefault();
    handle.focus();
    handle.setPointerCapture(event.pointerId);
    this.#drag = { index: Number(handle.dataset['index']), edge: handle.dataset['edge'] as HandleEdge, pointerId: event.pointerId };
  };

  readonly onHandleMove = (event: PointerEvent): void => {
    const drag = this.#drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const fps = this.host.timelineFrameRate;
    const frame = frameOf(this.timeAt(event.clientX), fps);
    const duration = this.host.timelineDuration;
    const time = drag.edge === 'start' ? frameTime(frame, fps) : Math.min(frameTime(frame + 1, fps), duration);
    this.host.previewTrim(drag.index, drag.edge, time);
  };

  readonly onHandleUp = (event: PointerEvent): void => {
    if (!this.#drag || this.#drag.pointerId !== event.pointerId) return;
    this.#drag = undefined;
    this.host.commitTrim();
  };

  #measure(): void {
    const width = this.#scroller?.clientWidth ?? 0;
    if (width === this.width && !this.#fit) return;
    this.width = width;
    const { min, max } = this.range;
    this.scale = this.#fit || this.scale === 0 ? fitScale(this.host.timelineDuration, width) : Math.min(max, Math.max(min, this.scale));
    this.host.requestUpdate();
  }

  /** The duration became known or changed: fit again unless the user zoomed. */
  durationChanged(): void {
    if (this.#fit) this.#measure();
  }
}
