/**
 * The strip's geometry: which sprite tiles cover a visible stretch, one per slot as wide as a tile
 * at the strip's height, at the whole-case zoom and zoomed in to frames.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ThumbnailCue } from '@surgery-video/player';
import { spriteSizes, stripTiles } from '../../src/timeline/thumbnail-strip.js';

/** A 60 s case with a tile every 2 s, 160 × 90, ten to a row (as the local stack makes them). */
const cues: ThumbnailCue[] = Array.from({ length: 30 }, (_, i) => ({
  start: i * 2,
  end: i * 2 + 2,
  url: 'https://cdn.example/vod/case-001/thumbnails.jpg',
  x: (i % 10) * 160,
  y: Math.floor(i / 10) * 90,
  width: 160,
  height: 90,
}));

it('knows the sprite size from the furthest tile', () => {
  assert.deepEqual([...spriteSizes(cues).values()], [{ width: 1600, height: 270 }]);
});

it('covers the whole case with tiles that fit, each the cue under its centre', () => {
  // 60 s in 720 px, a 45 px strip: 80 px slots, so 9 tiles of 6.67 s.
  const tiles = stripTiles(cues, { from: 0, to: 60, scale: 12, duration: 60, height: 45 });
  assert.equal(tiles.length, 9);
  assert.deepEqual(
    tiles.map((tile) => tile.cue.start),
    tiles.map((tile) => 2 * Math.floor((tile.left + tile.width / 2) / 12 / 2)),
  );
  assert.deepEqual(tiles.slice(0, 2).map((tile) => tile.cue.start), [2, 10]);
  // The cue at 10 s is tile 5 of the sprite (x 800), drawn at half size.
  assert.equal(tiles[1]!.backgroundPosition, '-400px 0px');
  assert.equal(tiles[1]!.backgroundSize, '800px 135px');
  assert.equal(tiles.at(-1)!.left + tiles.at(-1)!.width, 720, 'the last tile stops at the end of the case');
});

it('zoomed in, draws only the visible slots, repeating the cue they fall in', () => {
  // 30 fps at 48 px a frame = 1440 px/s; the view shows 0.5 s from 41.2 s.
  const tiles = stripTiles(cues, { from: 41.2, to: 41.7, scale: 1440, duration: 60, height: 45 });
  assert.equal(tiles.length, Math.ceil((41.7 * 1440) / 80) - Math.floor((41.2 * 1440) / 80));
  assert.ok(tiles[0]!.left <= 41.2 * 1440 && tiles.at(-1)!.left + 80 >= 41.7 * 1440);
  assert.deepEqual(new Set(tiles.map((tile) => tile.cue.start)), new Set([40]));
});

it('draws nothing before the view is measured or without cues', () => {
  assert.deepEqual(stripTiles(cues, { from: 0, to: 0, scale: 0, duration: 60, height: 45 }), []);
  assert.deepEqual(stripTiles([], { from: 0, to: 60, scale: 12, duration: 60, height: 45 }), []);
});
