import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cueAt, parseThumbnails, parseVtt, parseVttTime } from '../../src/controls/webvtt.js';

const chapters = `WEBVTT

chapter-1
00:00:00.000 --> 00:00:12.000
Port placement &amp; insufflation

chapter-2
00:00:12.000 --> 00:00:24.000 align:start
Exposure of <b>Calot's</b> triangle

NOTE a comment, not a cue

00:24.000 --> 00:36.000
Critical view
of safety
`;

const thumbnails = 'WEBVTT\r\n\r\n00:00:00.000 --> 00:00:02.000\r\nthumbnails.jpg#xywh=0,0,160,90\r\n\r\n00:00:02.000 --> 00:00:04.000\r\nthumbnails.jpg#xywh=160,0,160,90\r\n\r\n00:00:04.000 --> 00:00:06.000\r\nno-fragment.jpg\r\n';

describe('webvtt', () => {
  it('parses times', () => {
    assert.equal(parseVttTime('00:00:12.000'), 12);
    assert.equal(parseVttTime('01:02:03.500'), 3723.5);
    assert.equal(parseVttTime('02:03,250'), 123.25);
  });

  it('parses chapter cues: ids, settings, markup, entities and notes', () => {
    assert.deepEqual(parseVtt(chapters), [
      { start: 0, end: 12, text: 'Port placement & insufflation' },
      { start: 12, end: 24, text: "Exposure of Calot's triangle" },
      { start: 24, end: 36, text: 'Critical view\nof safety' },
    ]);
  });

  it('parses sprite tiles relative to the VTT URL', () => {
    const cues = parseThumbnails(thumbnails, 'http://127.0.0.1:8080/media/vod/case-001/thumbnails.vtt?Policy=x');
    assert.equal(cues.length, 2);
    assert.deepEqual(cues[1], { start: 2, end: 4, url: 'http://127.0.0.1:8080/media/vod/case-001/thumbnails.jpg', x: 160, y: 0, width: 160, height: 90 });
  });

  it('finds the cue at a time', () => {
    const cues = parseVtt(chapters);
    assert.equal(cueAt(cues, 0)?.start, 0);
    assert.equal(cueAt(cues, 11.99)?.start, 0);
    assert.equal(cueAt(cues, 12)?.start, 12);
    assert.equal(cueAt(cues, 36), undefined);
  });
});
