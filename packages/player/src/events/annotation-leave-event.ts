import type { Annotation } from '@surgery-video/client';

/**
 * `annotationleave`: an annotation of the Edit being played went off (its time is over, or a seek
 * left it). `detail.annotation` is on the edit timeline (see `player.annotations`).
 */
export class AnnotationLeaveEvent extends CustomEvent<{ annotation: Annotation }> {
  constructor(annotation: Annotation) {
    super('annotationleave', { bubbles: true, composed: true, detail: { annotation } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    annotationleave: AnnotationLeaveEvent;
  }
}
