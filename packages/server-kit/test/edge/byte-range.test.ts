import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseByteRange, type RangeRequest } from '../../src/edge/byte-range.js';
import { cacheControlFor } from '../../src/edge/cache-control.js';

describe('parseByteRange over a 100-byte object', () => {
  const table: Array<[string | undefined, RangeRequest]> = [
    [undefined, undefined],
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=10-19', { start: 10, end: 19 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-1000', { start: 0, end: 99 }],
    ['bytes=50-1000', { start: 50, end: 99 }],
    [' bytes = 1-2 ', { start: 1, end: 2 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=100-120', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=5-1', undefined],
    ['bytes=0-1,3-4', undefined],
    ['bytes=a-b', undefined],
    ['bytes=-', undefined],
    ['bytes 0-1', undefined],
    ['pages=0-1', undefined],
  ];
  for (const [header, expected] of table) {
    it(`${JSON.stringify(header)} -> ${JSON.stringify(expected)}`, () => assert.deepEqual(parseByteRange(header, 100), expected));
  }

  it('nothing is satisfiable in an empty object', () => {
    assert.equal(parseByteRange('bytes=0-', 0), 'unsatisfiable');
    assert.equal(parseByteRange('bytes=-1', 0), 'unsatisfiable');
  });
});

describe('cacheControlFor', () => {
  const table: Array<[Parameters<typeof cacheControlFor>, string]> = [
    [['vod', 'case/720p/seg-1.m4s', false], 'public, max-age=86400, immutable'],
    [['vod', 'case/poster.jpg', false], 'public, max-age=86400, immutable'],
    [['vod', 'case/master.m3u8', false], 'public, max-age=300'],
    [['vod', 'case/manifest.mpd', false], 'public, max-age=300'],
    [['live', 'ch1/index.m3u8', false], 'public, max-age=1'],
    [['live', 'ch1/manifest.MPD', false], 'public, max-age=1'],
    [['live', 'ch1/seg-9.m4s', false], 'public, max-age=60'],
    [['live', 'ch1/part-5.m4s', true], 'no-cache'],
    [['vod', 'case/master.m3u8', true], 'no-cache'],
  ];
  for (const [args, expected] of table) {
    it(`${args.join(' ')} -> ${expected}`, () => assert.equal(cacheControlFor(...args), expected));
  }
});
