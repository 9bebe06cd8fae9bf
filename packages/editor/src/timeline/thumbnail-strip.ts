/**
 * The thumbnail strip along the timeline: the visible stretch is cut into slots as wide as a tile
 * drawn at the strip's height, and each slot shows the sprite tile of the time at its centre. So
 * the strip never holds more tiles than fit the view, whatever the zoom: zoomed out, a slot spans
 * several cues and shows the one in its middle; zoomed in to frames, neighbouring slots repeat the
 * tile of the cue they fall in. Pure numbers, no DOM.
 */
import { cueAt, type ThumbnailCue } from '@surgery-video/player';

/** The strip's height in CSS pixels: the timeline bar's, which it fills, under the segments. */
export const THUMBNAIL_STRIP_HEIGHT = 32;

export interface StripTile {
  /** Left edge on the track, in CSS pixels from the start of the case. */
  left: number;
  width: number;
  height: number;
  cue: ThumbnailCue;
  /** CSS `background-size` and `background-position` that show the cue's tile at this size. */
  backgroundSize: string;
  backgroundPosition: string;
}

export interface StripView {
  /** Seconds at the view's left edge. */
  from: number;
  /** Seconds at the view's right edge. */
  to: number;
  /** Pixels per second. */
  scale: number;
  duration: number;
  /** The strip's height in CSS pixels; tiles keep their aspect ratio. */
  height: number;
}

/** Each sprite image's size, from the furthest tile edges its cues point at (the VTT does not say it). */
export function spriteSizes(cues: readonly ThumbnailCue[]): Map<string, { width: number; height: number }> {
  const sizes = new Map<string, { width: number; height: number }>();
  for (const cue of cues) {
    const size = sizes.get(cue.url) ?? { width: 0, height: 0 };
    sizes.set(cue.url, { width: Math.max(size.width, cue.x + cue.width), height: Math.max(size.height, cue.y + cue.height) });
  }
  return sizes;
}

/** The tiles that cover the visible stretch `view.from`..`view.to`, one per slot. */
export function stripTiles(cues: readonly ThumbnailCue[], view: StripView, sprites = spriteSizes(cues)): StripTile[] {
  const first = cues[0];
  if (!first || !(view.scale > 0) || !(view.duration > 0) || !(view.height > 0) || !(view.to > view.from)) return [];
  const zoom = view.height / first.height;
  const slot = first.width * zoom;
  const end = view.duration * view.scale;
  const tiles: StripTile[] = [];
  for (let i = Math.max(0, Math.floor((view.from * view.scale) / slot)); i * slot < Math.min(end, view.to * view.scale); i++) {
    const left = i * slot;
    const width = Math.min(slot, end - left);
    // The last slot may be cut short by the end of the case: the time under what is left of it.
    const cue = cueAt(cues, (left + width / 2) / view.scale) ?? cues[cues.length - 1]!;
    const sprite = sprites.get(cue.url) ?? { width: cue.x + cue.width, height: cue.y + cue.height };
    const tileZoom = view.height / cue.height;
    tiles.push({
      left,
      width,
      height: view.height,
      cue,
      backgroundSize: `${sprite.width * tileZoom}px ${sprite.height * tileZoom}px`,
      backgroundPosition: `${-cue.x * tileZoom}px ${-cue.y * tileZoom}px`,
    });
  }
  return tiles;
}
