/**
 * Where the picture is on the stage. The player shows the frame with `object-fit: contain`: a
 * frame of another shape than the player is scaled to fit whole and centred, with bars above and
 * below (letterboxed) or left and right (pillarboxed). Drawings are stored as fractions of the
 * frame, so the drawing layer lies over this box, not over the player: a point drawn in the
 * picture is the same point of the frame, and the player's own overlay (which computes the same
 * box) shows it back on the same spot. Pure numbers, no DOM.
 */

export interface PictureBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The picture's box in an element of `elementWidth` × `elementHeight` showing a `videoWidth` × `videoHeight` frame; empty while either is unknown. */
export function containedBox(elementWidth: number, elementHeight: number, videoWidth: number, videoHeight: number): PictureBox {
  if (!(elementWidth > 0 && elementHeight > 0 && videoWidth > 0 && videoHeight > 0)) return { left: 0, top: 0, width: 0, height: 0 };
  const scale = Math.min(elementWidth / videoWidth, elementHeight / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { left: (elementWidth - width) / 2, top: (elementHeight - height) / 2, width, height };
}

export function sameBox(a: PictureBox, b: PictureBox): boolean {
  return Math.abs(a.left - b.left) < 0.01 && Math.abs(a.top - b.top) < 0.01 && Math.abs(a.width - b.width) < 0.01 && Math.abs(a.height - b.height) < 0.01;
}
