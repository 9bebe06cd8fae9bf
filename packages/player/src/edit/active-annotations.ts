/**
 * Which annotations are on at an edit time, and the `annotationenter` / `annotationleave` events
 * that take the viewer from one set to the next. An annotation is on from its `time` for its
 * `duration`, or for DEFAULT_ANNOTATION_SECONDS when it has none (a remark on a moment still needs
 * to stay long enough to be read).
 */
import type { Annotation } from '@surgery-video/client';

/** How long an annotation without a `duration` stays on screen. */
export const DEFAULT_ANNOTATION_SECONDS = 3;

/** The edit time at which `annotation` goes off. */
export function annotationEnd(annotation: Annotation): number {
  return annotation.time + (annotation.duration ?? DEFAULT_ANNOTATION_SECONDS);
}

/** The annotations on at edit time `t` (from `time` inclusive to the end exclusive), in the given order. */
export function activeAnnotations(annotations: readonly Annotation[], t: number): Annotation[] {
  return annotations.filter((annotation) => t >= annotation.time - 1e-6 && t < annotationEnd(annotation) - 1e-6);
}

export interface AnnotationTransition {
  type: 'annotationenter' | 'annotationleave';
  annotation: Annotation;
}

/**
 * The events from the set `before` to the set `after`. While playing forward (`continuous`) they
 * come in the order they happened on the timeline: each leave at its end, each enter at its time,
 * a leave first when both fall on one instant. After a seek, every leave comes first, then every
 * enter, each group in time order.
 */
export function annotationTransitions(before: readonly Annotation[], after: readonly Annotation[], continuous: boolean): AnnotationTransition[] {
  const leaves = before.filter((annotation) => !after.includes(annotation)).map((annotation) => ({ at: annotationEnd(annotation), order: 0, annotation, type: 'annotationleave' as const }));
  const enters = after.filter((annotation) => !before.includes(annotation)).map((annotation) => ({ at: annotation.time, order: 1, annotation, type: 'annotationenter' as const }));
  const byTime = (a: { at: number; order: number }, b: { at: number; order: number }) => a.at - b.at || a.order - b.order;
  const events = continuous ? [...leaves, ...enters].sort(byTime) : [...leaves.sort(byTime), ...enters.sort(byTime)];
  return events.map(({ type, annotation }) => ({ type, annotation }));
}
