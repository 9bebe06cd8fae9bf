/**
 * Where the picture is on the stage. The player shows the frame with `object-fit: contain`: a
 * frame of another shape than the player is scaled to fit whole and centred, with bars above and
 * below (letterboxed) or left and right (pillarboxed). Drawings are stored as fractions of the
 * frame, so the drawing layer lies over this box, not over the player: a point drawn in the
 * picture is the same point of the frame, and the player's own overlay shows it back on the same
 * spot: both use the player's `containedBox`. Pure numbers, no DOM.
 */
import type { PictureBox } from '@surgery-video/player';

export { containedBox, type PictureBox } from '@surgery-video/player';

/** Equal to a hundredth of a pixel: a resize that moves nothing causes no redraw. */
export function sameBox(a: PictureBox, b: PictureBox): boolean {
  return Math.abs(a.left - b.left) < 0.01 && Math.abs(a.top - b.top) < 0.01 && Math.abs(a.width - b.width) < 0.01 && Math.abs(a.height - b.height) < 0.01;
}
