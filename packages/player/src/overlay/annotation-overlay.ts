/**
 * The annotations on at the playhead, over the video: a card per annotation (its kind, text and
 * author) and its drawing, in an SVG laid exactly over the picture. The picture is not the element:
 * `object-fit: contain` letterboxes or pillarboxes it, so the SVG takes the picture's box, computed
 * from the frame size and the element's size, again on every resize. The player creates it inside
 * its shadow root (as `part="annotation"`) and sets `annotations`, `videoWidth` and `videoHeight`.
 */
import { css, html, LitElement, nothing, svg, unsafeCSS, type SVGTemplateResult } from 'lit';
import type { Annotation, AnnotationKind, Shape } from '@surgery-video/client';
import { ANNOTATION_COLORS } from './annotation-colors.js';
import { containedBox, cornerBox, shapePoints, type Box } from './picture-box.js';
import { PLAYER_VERSION } from '../version.js';

const KIND_LABELS: Record<AnnotationKind, string> = {
  mistake: 'Mistake',
  'good-practice': 'Good practice',
  question: 'Question',
  note: 'Note',
};

export class AnnotationOverlay extends LitElement {
  static readonly version: string = PLAYER_VERSION;

  static override styles = css`
    :host {
      position: absolute;
      inset: 0;
      pointer-events: none;
      overflow: hidden;
    }
    :host([hidden]) {
      display: none;
    }
    .picture {
      position: absolute;
    }
    svg {
      position: absolute;
      inset: 0;
      overflow: visible;
    }
    .cards {
      position: absolute;
      top: 0.5em;
      left: 0.5em;
      display: flex;
      flex-direction: column;
      gap: 0.4em;
      max-width: min(60%, 28em);
    }
    .card {
      padding: 0.35em 0.6em;
      border-left: 0.3em solid var(--kind-color);
      border-radius: 0.2em;
      background: var(--surgery-annotation-background, rgb(0 0 0 / 0.7));
      color: var(--surgery-annotation-text-color, #fff);
    }
    .kind {
      font-weight: 600;
      color: var(--kind-color);
    }
    .author {
      opacity: 0.8;
      font-size: 0.85em;
    }
    ${unsafeCSS(
      Object.entries(ANNOTATION_COLORS)
        .map(([kind, color]) => `.${kind} { --kind-color: ${color}; }`)
        .join('\n'),
    )}
  `;

  static override properties = {
    annotations: { attribute: false },
    videoWidth: { attribute: false },
    videoHeight: { attribute: false },
    size: { state: true },
  };

  /** The annotations on at the playhead. */
  declare annotations: readonly Annotation[];
  /** The frame's size in pixels (the video's `videoWidth`, `videoHeight`). */
  declare videoWidth: number;
  declare videoHeight: number;
  private declare size: { width: number; height: number };

  #resize: ResizeObserver | undefined;

  constructor() {
    super();
    this.annotations = [];
    this.videoWidth = 0;
    this.videoHeight = 0;
    this.size = { width: 0, height: 0 };
  }

  /** The picture's box inside the overlay (which covers the video element), in CSS pixels. */
  get pictureBox(): Box {
    return containedBox(this.size.width, this.size.height, this.videoWidth, this.videoHeight);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize = new ResizeObserver(([entry]) => {
      if (!entry) return;
      this.size = { width: entry.contentRect.width, height: entry.contentRect.height };
    });
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
  }

  protected override render(): unknown {
    if (this.annotations.length === 0) return nothing;
    const box = this.pictureBox;
    const shapes = this.annotations.flatMap((annotation) => annotation.drawing?.shapes ?? []);
    return html`<div class="picture" style="left:${box.left}px;top:${box.top}px;width:${box.width}px;height:${box.height}px">
      ${shapes.length > 0 && box.width > 0
        ? html`<svg width=${box.width} height=${box.height} viewBox="0 0 ${box.width} ${box.height}" aria-hidden="true">
            ${shapes.map((shape) => drawShape(shape, box.width, box.height))}
          </svg>`
        : nothing}
      <div class="cards" role="status">
        ${this.annotations.map(
          (annotation) =>
            html`<div class="card ${annotation.kind}" data-annotation=${annotation.id}>
              <div class="kind">${KIND_LABELS[annotation.kind]}</div>
              ${annotation.text ? html`<div class="text">${annotation.text}</div>` : nothing}
              <div class="author">${annotation.author}</div>
            </div>`,
        )}
      </div>
    </div>`;
  }
}

/** One shape in pixels of the picture; strokes keep a readable width whatever the player's size. */
function drawShape(shape: Shape, width: number, height: number): SVGTemplateResult {
  const points = shapePoints(shape, width, height);
  const stroke = Math.max(2, Math.min(width, height) / 120);
  const common = { stroke: shape.color, 'stroke-width': stroke };
  switch (shape.type) {
    case 'rect': {
      const b = cornerBox(points);
      return svg`<rect data-shape="rect" x=${b.left} y=${b.top} width=${b.width} height=${b.height} fill="none" stroke=${common.stroke} stroke-width=${stroke} />`;
    }
    case 'ellipse': {
      const b = cornerBox(points);
      return svg`<ellipse data-shape="ellipse" cx=${b.left + b.width / 2} cy=${b.top + b.height / 2} rx=${b.width / 2} ry=${b.height / 2} fill="none" stroke=${common.stroke} stroke-width=${stroke} />`;
    }
    case 'arrow': {
      const [tail = [0, 0], head = tail] = points;
      const angle = Math.atan2(head[1] - tail[1], head[0] - tail[0]);
      const size = stroke * 4;
      const wing = (side: number) => [head[0] - size * Math.cos(angle + side * 0.45), head[1] - size * Math.sin(angle + side * 0.45)].join(',');
      return svg`<g data-shape="arrow" stroke=${common.stroke} stroke-width=${stroke} stroke-linecap="round">
        <line x1=${tail[0]} y1=${tail[1]} x2=${head[0]} y2=${head[1]} />
        <polygon points="${head.join(',')} ${wing(1)} ${wing(-1)}" fill=${common.stroke} />
      </g>`;
    }
    case 'freehand':
      return svg`<polyline data-shape="freehand" points=${points.map((point) => point.join(',')).join(' ')} fill="none" stroke=${common.stroke} stroke-width=${stroke} stroke-linecap="round" stroke-linejoin="round" />`;
  }
}
