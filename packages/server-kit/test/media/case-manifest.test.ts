import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paramsHash, parseRecordedCase, type RecordedCase } from '../../src/media/case-manifest.js';

const STORED: RecordedCase = {
  id: 'case-001',
  title: 'Laparoscopic cholecystectomy — training sample',
  specialty: 'general-surgery',
  durationSeconds: 60,
  frameRate: 30,
  frameCount: 1800,
  renditions: [{ id: '720p', width: 1280, height: 720, bandwidth: 1900925 }],
  files: {
    hls: 'master.m3u8',
    dash: 'manifest.mpd',
    thumbnails: 'thumbnails.vtt',
    captions: 'captions.en.vtt',
    chapters: 'chapters.vtt',
    poster: 'poster.jpg',
  },
  chapters: [{ title: 'Port placement & insufflation', start: 0, end: 12 }],
  generator: { version: 1, paramsHash: '0123456789abcdef' },
  generatedAt: '2026-01-01T00:00:00.000Z',
};

describe('parseRecordedCase', () => {
  it('reads back what was stored', () => {
    assert.deepEqual(parseRecordedCase(JSON.parse(JSON.stringify(STORED))), STORED);
  });

  it('refuses the whole file when one field is wrong, naming it', () => {
    const broken = (patch: object) => ({ ...JSON.parse(JSON.stringify(STORED)), ...patch });
    assert.throws(() => parseRecordedCase(null), /case\.json must be an object/);
    assert.throws(() => parseRecordedCase(broken({ frameRate: '30' })), /^TypeError: frameRate must be a finite number/);
    assert.throws(() => parseRecordedCase(broken({ renditions: [{ id: '720p', width: 1280, height: 720 }] })), /renditions\[0\]\.bandwidth/);
    assert.throws(() => parseRecordedCase(broken({ files: { ...STORED.files, poster: '../../etc/passwd' } })), /files\.poster/);
    assert.throws(() => parseRecordedCase(broken({ generator: { version: 1 } })), /generator\.paramsHash/);
  });
});

describe('paramsHash', () => {
  it('depends on values, not on key order', () => {
    assert.equal(paramsHash({ a: 1, b: [1, { c: 2, d: 3 }] }), paramsHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    assert.notEqual(paramsHash({ a: 1 }), paramsHash({ a: 2 }));
    assert.match(paramsHash({}), /^[0-9a-f]{16}$/);
  });
});
