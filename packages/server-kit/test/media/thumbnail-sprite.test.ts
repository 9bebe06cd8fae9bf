import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { thumbnailSpriteLayout, thumbnailsVtt } from '../../src/media/thumbnail-sprite.js';

const TILE = { frameRate: 30, intervalSeconds: 2, tileWidth: 160, tileHeight: 90, maxColumns: 10 };

describe('thumbnailSpriteLayout', () => {
  it('lays a 60 s case out as 30 tiles on a 10x3 grid', () => {
    const layout = thumbnailSpriteLayout({ ...TILE, durationSeconds: 60 });
    assert.equal(layout.tiles.length, 30);
    assert.deepEqual([layout.columns, layout.rows, layout.width, layout.height], [10, 3, 1600, 270]);
    assert.deepEqual(layout.tiles[11], { start: 22, end: 24, frame: 660, x: 160, y: 90 });
    assert.deepEqual(layout.tiles.at(-1), { start: 58, end: 60, frame: 1740, x: 1440, y: 180 });
  });

  it('ends the last tile at the end of the case when the duration is not a whole interval', () => {
    const layout = thumbnailSpriteLayout({ ...TILE, durationSeconds: 7 });
    assert.deepEqual(
      layout.tiles.map((tile) => [tile.start, tile.end]),
      [[0, 2], [2, 4], [4, 6], [6, 7]],
    );
    assert.deepEqual([layout.columns, layout.rows], [4, 1]);
  });

  it('refuses an interval that is not a whole number of frames', () => {
    assert.throws(() => thumbnailSpriteLayout({ ...TILE, durationSeconds: 10, intervalSeconds: 0.01 }), /whole number of frames/);
  });
});

describe('thumbnailsVtt', () => {
  it('points each cue at its tile with a media fragment', () => {
    const vtt = thumbnailsVtt(thumbnailSpriteLayout({ ...TILE, durationSeconds: 4, maxColumns: 1 }), 'thumbnails.jpg');
    assert.equal(
      vtt,
      'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nthumbnails.jpg#xywh=0,0,160,90\n\n' +
        '00:00:02.000 --> 00:00:04.000\nthumbnails.jpg#xywh=0,90,160,90\n',
    );
  });
});
