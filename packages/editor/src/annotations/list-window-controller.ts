/**
 * The annotations list's scrolling state for list-window.ts: the scroller's position and height,
 * and the row height measured from a drawn row. A scroll redraws the window; a row that must be
 * revealed scrolls the list there once it is drawn.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { listWindow, type ListWindow } from './list-window.js';

/** Until a row is measured: a row of 32 px controls, 4 px padding above and below, a 1 px border. */
const ESTIMATED_ROW_HEIGHT = 41;
const ESTIMATED_VIEWPORT = 320;

export class ListWindowController implements ReactiveController {
  #scroller: HTMLElement | undefined;
  #scrollTop = 0;
  #viewport = ESTIMATED_VIEWPORT;
  #rowHeight = ESTIMATED_ROW_HEIGHT;
  #scrollTo: number | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The rows to draw out of `count`, `reveal` among them. */
  window(count: number, reveal?: number): ListWindow {
    const window = listWindow({ count, rowHeight: this.#rowHeight, scrollTop: this.#scrollTop, viewport: this.#viewport, reveal });
    if (window.scrollTop !== this.#scrollTop) {
      this.#scrollTop = window.scrollTop;
      this.#scrollTo = window.scrollTop;
    }
    return window;
  }

  /** Called by the view with its scrolling element. */
  attach(scroller: HTMLElement | undefined): void {
    this.#scroller = scroller;
  }

  readonly onScroll = (event: Event): void => {
    this.#scrollTop = (event.currentTarget as HTMLElement).scrollTop;
    this.host.requestUpdate();
  };

  hostUpdated(): void {
    const scroller = this.#scroller;
    if (!scroller) return;
    if (this.#scrollTo !== undefined) {
      scroller.scrollTop = this.#scrollTo;
      this.#scrollTo = undefined;
    }
    const row = scroller.querySelector<HTMLElement>('.annotation');
    const rowHeight = row?.getBoundingClientRect().height ?? 0;
    const viewport = scroller.clientHeight;
    // Re-draw once when the estimates were off (first rows drawn, a resize that wraps the rows).
    if ((rowHeight > 0 && Math.abs(rowHeight - this.#rowHeight) > 0.5) || (viewport > 0 && Math.abs(viewport - this.#viewport) > 0.5)) {
      if (rowHeight > 0) this.#rowHeight = rowHeight;
      if (viewport > 0) this.#viewport = viewport;
      this.host.requestUpdate();
    }
  }
}
