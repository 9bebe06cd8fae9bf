import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeVttText, formatVttTimestamp, writeVtt } from '../../src/media/vtt.js';

describe('formatVttTimestamp', () => {
  const table: [seconds: number, expected: string][] = [
    [0, '00:00:00.000'],
    [1.5, '00:00:01.500'],
    [59.9996, '00:01:00.000'],
    [61.25, '00:01:01.250'],
    [3599.999, '00:59:59.999'],
    [3600, '01:00:00.000'],
    [0.1 + 0.2, '00:00:00.300'],
    [100 * 3600 + 1, '100:00:01.000'],
  ];
  for (const [seconds, expected] of table) {
    it(`writes ${seconds} s as ${expected}`, () => assert.equal(formatVttTimestamp(seconds), expected));
  }

  it('refuses negative and non-finite times', () => {
    assert.throws(() => formatVttTimestamp(-0.001), RangeError);
    assert.throws(() => formatVttTimestamp(Number.NaN), RangeError);
    assert.throws(() => formatVttTimestamp(Number.POSITIVE_INFINITY), RangeError);
  });
});

describe('escapeVttText', () => {
  it('escapes markup characters so they show as typed', () => {
    assert.equal(escapeVttText('Clip <b> & divide -> done'), 'Clip &lt;b&gt; &amp; divide -&gt; done');
  });

  it('folds blank lines, which would end the cue, and normalises line breaks', () => {
    assert.equal(escapeVttText('one\r\n\r\ntwo\rthree  \n\n'), 'one\ntwo\nthree');
  });
});

describe('writeVtt', () => {
  it('writes the header and one block per cue, with ids when given', () => {
    assert.equal(
      writeVtt([
        { id: 'chapter-1', start: 0, end: 12, text: "Calot's triangle & <exposure>" },
        { start: 12, end: 14.5, text: 'Two\nlines' },
      ]),
      'WEBVTT\n\nchapter-1\n00:00:00.000 --> 00:00:12.000\nCalot\'s triangle &amp; &lt;exposure&gt;\n\n00:00:12.000 --> 00:00:14.500\nTwo\nlines\n',
    );
  });

  it('writes an empty track as just the header', () => {
    assert.equal(writeVtt([]), 'WEBVTT\n');
  });

  it('keeps metadata payloads verbatim (a URL with & stays a URL)', () => {
    assert.equal(
      writeVtt([{ start: 0, end: 2, text: 'sprite.jpg?a=1&b=2#xywh=0,0,160,90' }], { kind: 'metadata' }),
      'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nsprite.jpg?a=1&b=2#xywh=0,0,160,90\n',
    );
  });

  it('refuses what players would misread: empty or reversed cues, unsorted cues, "-->" in ids or payloads', () => {
    assert.throws(() => writeVtt([{ start: 2, end: 2, text: 'x' }]), /cue 0 ends/);
    assert.throws(() => writeVtt([{ start: 3, end: 4, text: 'x' }, { start: 1, end: 2, text: 'y' }]), /cue 1 starts/);
    assert.throws(() => writeVtt([{ id: 'a --> b', start: 0, end: 1, text: 'x' }]), /id/);
    assert.throws(() => writeVtt([{ id: 'two\nlines', start: 0, end: 1, text: 'x' }]), /id/);
    assert.throws(() => writeVtt([{ start: 0, end: 1, text: 'a --> b' }], { kind: 'metadata' }), /-->/);
  });

  it('escapes "-->" inside text cues instead of refusing them', () => {
    assert.match(writeVtt([{ start: 0, end: 1, text: 'a --> b' }]), /\na --&gt; b\n$/);
  });
});
