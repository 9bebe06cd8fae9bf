/**
 * The annotation pins of the visible stretch. Thousands of annotations on a zoomed-out timeline
 * would be thousands of overlapping dots, redrawn on every frame step: pins of the same kind
 * that would overlap are drawn as one (its title says how many), and pins outside the view
 * are not drawn at all. Pure numbers, no DOM.
 */
import type { Annotation, AnnotationKind } from '@surgery-video/client';

/** Pins of one kind closer than this (CSS pixels, about a pin's width) share a mark. */
export const PIN_MERGE_DISTANCE = 8;

export interface PinMark {
  /** Seconds: the first annotation of the mark. */
  time: number;
  kind: AnnotationKind;
  /** The annotations the mark stands for. */
  count: number;
  title: string;
}

/** `annotations` sorted by time (as an Edit keeps them); `from`..`to` the visible seconds at `scale` px/s. */
export function pinMarks(annotations: readonly Annotation[], from: number, to: number, scale: number): PinMark[] {
  if (!(scale > 0)) return [];
  const margin = PIN_MERGE_DISTANCE / scale;
  const open = new Map<AnnotationKind, PinMark>();
  const marks: PinMark[] = [];
  for (const a of annotations) {
    if (a.time < from - margin) continue;
    if (a.time > to + margin) break;
    const last = open.get(a.kind);
    if (last && (a.time - last.time) * scale < PIN_MERGE_DISTANCE) {
      last.count++;
      last.title = `${last.count} ${a.kind} annotations from ${last.time.toFixed(2)} s`;
      continue;
    }
    const mark: PinMark = { time: a.time, kind: a.kind, count: 1, title: `${a.kind}: ${a.text}` };
    open.set(a.kind, mark);
    marks.push(mark);
  }
  return marks;
}
