import type { Quality, QualityRequest } from '../engines/engine.js';

export interface QualityChangeDetail {
  /** What the viewer asked for: an index into `qualities`, or `'auto'`. */
  quality: QualityRequest;
  /** The rendition now playing; undefined when the engine does not say. */
  active: Quality | undefined;
}

/** `qualitychange`: the rendition being played changed (by the viewer's choice or adaptive switching). */
export class QualityChangeEvent extends CustomEvent<QualityChangeDetail> {
  constructor(detail: QualityChangeDetail) {
    super('qualitychange', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    qualitychange: QualityChangeEvent;
  }
}
