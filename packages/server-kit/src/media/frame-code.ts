/**
 * A machine-readable frame number burned into every generated frame.
 *
 * The human-readable counter (drawtext) is for people; tests and the render check need to know
 * the exact frame on screen without OCR. So each frame also carries its number as a row of
 * black/white blocks along the top-left edge, most significant bit first. The layout is given in
 * fractions of the frame, so it survives scaling to every rendition; reading a block at its centre
 * survives the blur of lossy encoding.
 */

/** Number of bits: 2^20 frames is over 9 hours at 30 fps. */
export const FRAME_CODE_BITS = 20;
/** Width of one block as a fraction of the frame width (16 px at 1280). */
export const FRAME_CODE_BLOCK_WIDTH = 16 / 1280;
/** Height of the row as a fraction of the frame height (16 px at 720). */
export const FRAME_CODE_HEIGHT = 16 / 720;

/** The ffmpeg filter that draws the code of frame N on a `gray` canvas of the code's size. */
export function frameCodeFilter(frameWidth: number, frameHeight: number): { width: number; height: number; geq: string } {
  const block = Math.max(2, Math.round(frameWidth * FRAME_CODE_BLOCK_WIDTH));
  const height = Math.max(2, Math.round(frameHeight * FRAME_CODE_HEIGHT));
  const msb = FRAME_CODE_BITS - 1;
  return {
    width: block * FRAME_CODE_BITS,
    height,
    // ffmpeg expressions have no bit operators: bit k of N is mod(floor(N / 2^k), 2).
    geq: `lum='255*mod(floor(N/pow(2\\,${msb}-floor(X/${block})))\\,2)'`,
  };
}

/** Where to sample block `bit` (0 = most significant), in pixels of a frame of the given size. */
export function frameCodeSamplePoint(bit: number, width: number, height: number): [x: number, y: number] {
  return [Math.floor((bit + 0.5) * FRAME_CODE_BLOCK_WIDTH * width), Math.floor(0.5 * FRAME_CODE_HEIGHT * height)];
}

/**
 * Reads the frame number from a luma (or any single-channel brightness) lookup.
 * `brightnessAt(x, y)` returns 0..255.
 */
export function readFrameCode(brightnessAt: (x: number, y: number) => number, width: number, height: number): number {
  let value = 0;
  for (let bit = 0; bit < FRAME_CODE_BITS; bit++) {
    const [x, y] = frameCodeSamplePoint(bit, width, height);
    value = value * 2 + (brightnessAt(x, y) >= 128 ? 1 : 0);
  }
  return value;
}
