/**
 * Where the picture is inside the video element. With `object-fit: contain` the frame is scaled to
 * fit the element whole and centred: a frame wider than the element leaves bars above and below
 * (letterboxing), a taller one bars left and right (pillarboxing). A drawing is stored in fractions
 * of the frame, so it must be laid over this box, not over the element.
 */
import type { Shape } from '@surgery-video/client';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The picture's box (CSS pixels, relative to the element) for an element and a frame size; empty while either is unknown. */
export function containedBox(elementWidth: number, elementHeight: number, videoWidth: number, videoHeight: number): Box {
  if (!(elementWidth > 0 && elementHeight > 0 && videoWidth > 0 && videoHeight > 0)) return { left: 0, top: 0, width: 0, height: 0 };
  const scale = Math.min(elementWidth / videoWidth, elementHeight / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { left: (elementWidth - width) / 2, top: (elementHeight - height) / 2, width, height };
}

/** A shape's points in pixels of a picture `width` × `height` (points are fractions, origin top left). */
export function shapePoints(shape: Shape, width: number, height: number): Array<[number, number]> {
  return shape.points.map(([x, y]) => [x * width, y * height]);
}

/** The box spanned by two opposite corners (a rect's or an ellipse's points), whatever their order. */
export function cornerBox([a, b]: Array<[number, number]>): Box {
  const [x0, y0] = a ?? [0, 0];
  const [x1, y1] = b ?? a ?? [0, 0];
  return { left: Math.min(x0, x1), top: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
}
