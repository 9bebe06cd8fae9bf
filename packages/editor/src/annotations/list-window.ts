/**
 * Which rows of the annotations list to put in the DOM. An Edit may hold thousands of
 * annotations; building a row (time button, kind select, text field, delete) for each costs
 * seconds and keeps tens of thousands of elements alive. So the list draws only the rows in its
 * scrolled view, plus a few either side, between two spacers as tall as the rows left out; rows
 * are as tall as the first one drawn. Pure numbers, no DOM.
 */

export interface ListWindow {
  /** Index of the first row drawn. */
  first: number;
  /** One past the last row drawn. */
  end: number;
  /** Heights of the spacers before and after the drawn rows, in CSS pixels. */
  before: number;
  after: number;
  /** Where the list must be scrolled to for this window (moved only to reveal a row). */
  scrollTop: number;
}

export interface ListView {
  count: number;
  rowHeight: number;
  scrollTop: number;
  /** The scroller's height. */
  viewport: number;
  /** Rows drawn beyond each edge of the view, so a short scroll shows no gap. */
  overscan?: number;
  /** A row that must be drawn and in view (a new note about to take focus). */
  reveal?: number | undefined;
}

export function listWindow(view: ListView): ListWindow {
  const { count, viewport } = view;
  const rowHeight = view.rowHeight > 0 ? view.rowHeight : 1;
  const overscan = view.overscan ?? 6;
  const maxScroll = Math.max(0, count * rowHeight - viewport);
  let scrollTop = Math.min(maxScroll, Math.max(0, view.scrollTop));
  const reveal = view.reveal;
  if (reveal !== undefined && reveal >= 0 && reveal < count) {
    const top = reveal * rowHeight;
    if (top < scrollTop || top + rowHeight > scrollTop + viewport) scrollTop = Math.min(maxScroll, Math.max(0, top - (viewport - rowHeight) / 2));
  }
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, end: Math.max(first, end), before: first * rowHeight, after: Math.max(0, count - Math.max(first, end)) * rowHeight, scrollTop };
}
