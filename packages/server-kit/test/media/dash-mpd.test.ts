import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decorateMpd, parseMpdSegments } from '../../src/media/dash-mpd.js';

/** What ffmpeg 5.1's dash muxer writes for a 10 s case: three video renditions, one audio track. */
const FFMPEG_MPD = readFileSync(new URL('./fixtures/ffmpeg-dash-manifest.mpd', import.meta.url), 'utf8');
const CAPTIONS = { id: 'captions-en', language: 'en', label: 'English', uri: 'captions.en.vtt', role: 'subtitle' } as const;

describe('parseMpdSegments', () => {
  it('expands each representation of the SegmentTemplate and SegmentTimeline into file names', () => {
    const reps = parseMpdSegments(FFMPEG_MPD);
    assert.deepEqual(
      reps.map((rep) => [rep.id, rep.contentType, rep.width, rep.height, rep.initialization, rep.segments.length]),
      [
        ['0', 'video', 1280, 720, 'init-0.m4s', 5],
        ['1', 'video', 854, 480, 'init-1.m4s', 5],
        ['2', 'video', 426, 240, 'init-2.m4s', 5],
        ['3', 'audio', undefined, undefined, 'init-3.m4s', 6],
      ],
    );
    assert.deepEqual(reps[2]?.segments, ['seg-2-00001.m4s', 'seg-2-00002.m4s', 'seg-2-00003.m4s', 'seg-2-00004.m4s', 'seg-2-00005.m4s']);
  });
});

describe('decorateMpd', () => {
  const decorated = decorateMpd(FFMPEG_MPD, { frameRate: 30, textTracks: [CAPTIONS] });

  it('adds the captions as a text adaptation set with the next free id, inside the period', () => {
    const text = parseMpdSegments(decorated).find((rep) => rep.contentType === 'text');
    assert.deepEqual(text, { id: 'captions-en', contentType: 'text', mimeType: 'text/vtt', bandwidth: 256, segments: [], baseUrl: 'captions.en.vtt' });
    assert.match(decorated, /<AdaptationSet id="2" contentType="text" mimeType="text\/vtt" lang="en">\s*<Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle" \/>\s*<Label>English<\/Label>/);
    assert.ok(decorated.indexOf('contentType="text"') < decorated.indexOf('</Period>'));
    assert.match(decorated, /<\/AdaptationSet>\n\t<\/Period>\n<\/MPD>/);
  });

  it('keeps the frame rate ffmpeg wrote, and adds one to video sets that lack it', () => {
    assert.equal((decorated.match(/frameRate=/g) ?? []).length, 1);
    const without = FFMPEG_MPD.replace(' frameRate="30/1"', '');
    const fixed = decorateMpd(without, { frameRate: 30 });
    assert.match(fixed, /<AdaptationSet frameRate="30\/1" id="0" contentType="video"/);
    assert.doesNotMatch(fixed, /<AdaptationSet frameRate="30\/1" id="1" contentType="audio"/);
  });

  it('changes nothing when applied twice, and leaves the media representations as they were', () => {
    assert.equal(decorateMpd(decorated, { frameRate: 30, textTracks: [CAPTIONS] }), decorated);
    assert.deepEqual(
      parseMpdSegments(decorated).filter((rep) => rep.contentType !== 'text'),
      parseMpdSegments(FFMPEG_MPD),
    );
  });

  it('escapes labels and file names as XML', () => {
    const odd = decorateMpd(FFMPEG_MPD, { frameRate: 30, textTracks: [{ ...CAPTIONS, label: 'A & <B>', uri: 'a&b.vtt' }] });
    assert.match(odd, /<Label>A &amp; &lt;B&gt;<\/Label>/);
    assert.equal(parseMpdSegments(odd).at(-1)?.baseUrl, 'a&b.vtt');
  });
});
