import type { Annotation } from '@surgery-video/client';

/**
 * `annotationenter`: the playhead reached an annotation of the Edit being played (while playing,
 * or by a seek into it). `detail.annotation` is on the edit timeline (see `player.annotations`).
 */
export class AnnotationEnterEvent extends CustomEvent<{ annotation: Annotation }> {
  constructor(annotation: Annotation) {
    super('annotationenter', { bubbles: true, composed: true, detail: { annotation } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    annotationenter: AnnotationEnterEvent;
  }
}
