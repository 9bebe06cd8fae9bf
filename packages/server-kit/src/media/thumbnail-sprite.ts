/**
 * Seek-preview thumbnails as one sprite image plus a WebVTT metadata track whose cues point into
 * it with a media fragment (`thumbnails.jpg#xywh=x,y,w,h`), the layout players and timeline
 * components already understand. One tile per interval, taken at the interval's first frame,
 * which with 2 s GOPs is also a segment's keyframe, so the tile shows what a seek lands on.
 */
import { writeVtt, type VttCue } from './vtt.js';

export interface ThumbnailSpriteOptions {
  durationSeconds: number;
  frameRate: number;
  /** Seconds between tiles; a whole number of frames. */
  intervalSeconds: number;
  tileWidth: number;
  tileHeight: number;
  /** Tiles per row at most. */
  maxColumns: number;
}

export interface ThumbnailTile {
  /** Seconds covered by the tile. */
  start: number;
  end: number;
  /** The frame shown. */
  frame: number;
  x: number;
  y: number;
}

export interface ThumbnailSpriteLayout {
  columns: number;
  rows: number;
  /** Pixel size of the whole sprite. */
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  /** Frames between tiles. */
  intervalFrames: number;
  tiles: ThumbnailTile[];
}

export function thumbnailSpriteLayout(options: ThumbnailSpriteOptions): ThumbnailSpriteLayout {
  const { durationSeconds, frameRate, intervalSeconds, tileWidth, tileHeight, maxColumns } = options;
  const intervalFrames = Math.round(intervalSeconds * frameRate);
  if (!(intervalFrames >= 1) || Math.abs(intervalFrames - intervalSeconds * frameRate) > 1e-9) {
    throw new RangeError(`intervalSeconds (${intervalSeconds}) must be a whole number of frames at ${frameRate} fps.`);
  }
  if (!(durationSeconds > 0)) throw new RangeError(`durationSeconds must be > 0, not ${durationSeconds}.`);
  const frameCount = Math.round(durationSeconds * frameRate);
  const count = Math.ceil(frameCount / intervalFrames);
  const columns = Math.max(1, Math.min(count, maxColumns));
  const rows = Math.ceil(count / columns);
  const tiles: ThumbnailTile[] = [];
  for (let index = 0; index < count; index++) {
    const frame = index * intervalFrames;
    tiles.push({
      start: frame / frameRate,
      end: Math.min(durationSeconds, (frame + intervalFrames) / frameRate),
      frame,
      x: (index % columns) * tileWidth,
      y: Math.floor(index / columns) * tileHeight,
    });
  }
  return { columns, rows, width: columns * tileWidth, height: rows * tileHeight, tileWidth, tileHeight, intervalFrames, tiles };
}

/** The metadata track; `imageUri` is relative to the VTT file. */
export function thumbnailsVtt(layout: ThumbnailSpriteLayout, imageUri: string): string {
  const cues: VttCue[] = layout.tiles.map((tile) => ({
    start: tile.start,
    end: tile.end,
    text: `${imageUri}#xywh=${tile.x},${tile.y},${layout.tileWidth},${layout.tileHeight}`,
  }));
  return writeVtt(cues, { kind: 'metadata' });
}
