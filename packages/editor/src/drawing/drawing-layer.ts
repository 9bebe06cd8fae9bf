/**
 * Drawing on the paused frame. Shapes are kept as the Edit keeps them: points as fractions of the
 * frame (0..1, origin top left), so a drawing lands on the same spot at any player size. The layer
 * lies over the picture, not the player: letterboxed or pillarboxed, the bars are not the frame
 * (picture-box.ts); a drag that leaves the picture is kept at its edge. The layer
 * shows the drawings of the annotations on the frame on screen and, while drawing is on, turns a
 * pointer drag into an arrow (tail -> head), a rect or ellipse (two corners) or a freehand stroke.
 */
import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { SHAPE_TYPES, type Shape, type ShapeType } from '@surgery-video/client';
import type { PictureBox } from './picture-box.js';

export { SHAPE_TYPES };

export interface DrawingLayerModel {
  /** The shapes of the annotations on the frame on screen. */
  shapes: readonly Shape[];
  /** The shape being drawn, if any. */
  draft: Shape | undefined;
  active: boolean;
  /** The picture's box on the stage; empty while the frame size is unknown (the layer then covers the stage). */
  picture: PictureBox;
  onDown(event: PointerEvent): void;
  onMove(event: PointerEvent): void;
  onUp(event: PointerEvent): void;
}

/** The point of a pointer event as fractions of `element`'s box (the layer, laid over the picture), kept inside it. */
export function fractionOf(event: { clientX: number; clientY: number }, element: Element): [number, number] {
  const box = element.getBoundingClientRect();
  const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 10000) / 10000));
  return [clamp((event.clientX - box.left) / (box.width || 1)), clamp((event.clientY - box.top) / (box.height || 1))];
}

/** The shape a drag from `from` to `to` (and, freehand, through `path`) makes. */
export function shapeOf(type: ShapeType, color: string, path: readonly [number, number][]): Shape {
  const from = path[0]!;
  const to = path[path.length - 1]!;
  return { type, color, points: type === 'freehand' ? path.map((p) => [p[0], p[1]] as [number, number]) : [from, to] };
}

export function renderDrawingLayer(model: DrawingLayerModel): TemplateResult {
  const shapes = model.draft ? [...model.shapes, model.draft] : model.shapes;
  if (!model.active && shapes.length === 0) return html``;
  const box = model.picture;
  const placed = box.width > 0 && box.height > 0 ? { left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` } : {};
  return html`<svg
    class="drawing ${model.active ? 'active' : ''}"
    part="drawing"
    style=${styleMap(placed)}
    viewBox="0 0 1000 1000"
    preserveAspectRatio="none"
    aria-hidden="true"
    @pointerdown=${model.active ? model.onDown : nothing}
    @pointermove=${model.active ? model.onMove : nothing}
    @pointerup=${model.active ? model.onUp : nothing}
    @pointercancel=${model.active ? model.onUp : nothing}
  >
    <defs>
      ${shapes
        .filter((s) => s.type === 'arrow')
        .map(
          (s, i) =>
            svg`<marker id="head-${i}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill=${s.color}></path></marker>`,
        )}
    </defs>
    ${drawShapes(shapes)}
  </svg>`;
}

function drawShapes(shapes: readonly Shape[]): SVGTemplateResult[] {
  let arrows = 0;
  return shapes.map((shape) => {
    const pts = shape.points.map(([x, y]) => [x * 1000, y * 1000] as const);
    const [a, b] = [pts[0] ?? [0, 0], pts[pts.length - 1] ?? [0, 0]];
    const stroke = shape.color;
    switch (shape.type) {
      case 'arrow':
        return svg`<line x1=${a[0]} y1=${a[1]} x2=${b[0]} y2=${b[1]} stroke=${stroke} stroke-width="6" vector-effect="non-scaling-stroke" marker-end="url(#head-${arrows++})"></line>`;
      case 'rect':
        return svg`<rect x=${Math.min(a[0], b[0])} y=${Math.min(a[1], b[1])} width=${Math.abs(b[0] - a[0])} height=${Math.abs(b[1] - a[1])} fill="none" stroke=${stroke} stroke-width="3" vector-effect="non-scaling-stroke"></rect>`;
      case 'ellipse':
        return svg`<ellipse cx=${(a[0] + b[0]) / 2} cy=${(a[1] + b[1]) / 2} rx=${Math.abs(b[0] - a[0]) / 2} ry=${Math.abs(b[1] - a[1]) / 2} fill="none" stroke=${stroke} stroke-width="3" vector-effect="non-scaling-stroke"></ellipse>`;
      default:
        return svg`<polyline points=${pts.map((p) => p.join(',')).join(' ')} fill="none" stroke=${stroke} stroke-width="3" stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"></polyline>`;
    }
  });
}
