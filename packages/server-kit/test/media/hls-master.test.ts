import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  decorateMasterPlaylist,
  formatHlsFrameRate,
  parseAttributeList,
  parseMasterPlaylist,
  subtitlesPlaylist,
} from '../../src/media/hls-master.js';

/** What ffmpeg 5.1's dash muxer writes with `-hls_playlist 1` for three renditions and one audio track. */
const FFMPEG_MASTER = readFileSync(new URL('./fixtures/ffmpeg-dash-master.m3u8', import.meta.url), 'utf8');

const SUBTITLES = { groupId: 'subs', name: 'English', language: 'en', uri: 'captions.m3u8' };

describe('parseAttributeList', () => {
  it('keeps quoted values whole, commas included', () => {
    assert.deepEqual(parseAttributeList('BANDWIDTH=2600925,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="group_A1"'), [
      ['BANDWIDTH', '2600925'],
      ['RESOLUTION', '1280x720'],
      ['CODECS', '"avc1.4d401f,mp4a.40.2"'],
      ['AUDIO', '"group_A1"'],
    ]);
  });
});

describe('decorateMasterPlaylist', () => {
  const decorated = decorateMasterPlaylist(FFMPEG_MASTER, { frameRate: 30, subtitles: SUBTITLES });

  it('gives every variant FRAME-RATE=30.000 and the subtitles group, keeping what ffmpeg wrote', () => {
    const streamInfs = decorated.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF:'));
    assert.deepEqual(streamInfs, [
      '#EXT-X-STREAM-INF:BANDWIDTH=2600925,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="group_A1",FRAME-RATE=30.000,SUBTITLES="subs"',
      '#EXT-X-STREAM-INF:BANDWIDTH=1100925,RESOLUTION=854x480,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="group_A1",FRAME-RATE=30.000,SUBTITLES="subs"',
      '#EXT-X-STREAM-INF:BANDWIDTH=450925,RESOLUTION=426x240,CODECS="avc1.4d4015,mp4a.40.2",AUDIO="group_A1",FRAME-RATE=30.000,SUBTITLES="subs"',
    ]);
  });

  it('declares the subtitles rendition after the audio one, before the variants that use it', () => {
    const lines = decorated.split('\n');
    const subtitles = lines.indexOf(
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="captions.m3u8"',
    );
    const audio = lines.findIndex((line) => line.startsWith('#EXT-X-MEDIA:TYPE=AUDIO'));
    const firstVariant = lines.findIndex((line) => line.startsWith('#EXT-X-STREAM-INF:'));
    assert.ok(audio >= 0 && subtitles > audio && subtitles < firstVariant, decorated);
    assert.deepEqual(lines.slice(0, 3), ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS']);
  });

  it('reads back as a master with three variants, each with its playlist, frame rate and groups', () => {
    const master = parseMasterPlaylist(decorated);
    assert.equal(master.independentSegments, true);
    assert.deepEqual(
      master.variants.map((variant) => [variant.uri, variant.width, variant.height, variant.frameRate, variant.audio, variant.subtitles]),
      [
        ['media_0.m3u8', 1280, 720, 30, 'group_A1', 'subs'],
        ['media_1.m3u8', 854, 480, 30, 'group_A1', 'subs'],
        ['media_2.m3u8', 426, 240, 30, 'group_A1', 'subs'],
      ],
    );
    assert.deepEqual(
      master.media.map((media) => [media.type, media.groupId, media.uri]),
      [
        ['AUDIO', 'group_A1', 'media_3.m3u8'],
        ['SUBTITLES', 'subs', 'captions.m3u8'],
      ],
    );
  });

  it('changes nothing when applied twice', () => {
    assert.equal(decorateMasterPlaylist(decorated, { frameRate: 30, subtitles: SUBTITLES }), decorated);
  });

  it('replaces a different frame rate instead of adding a second one', () => {
    const again = decorateMasterPlaylist(decorated, { frameRate: 25 });
    assert.equal((again.match(/FRAME-RATE=/g) ?? []).length, 3);
    assert.equal((again.match(/FRAME-RATE=25\.000/g) ?? []).length, 3);
  });

  it('refuses what is not a playlist, and names that would break the quoting', () => {
    assert.throws(() => decorateMasterPlaylist('<MPD/>', { frameRate: 30 }), /#EXTM3U/);
    assert.throws(() => decorateMasterPlaylist(FFMPEG_MASTER, { frameRate: 30, subtitles: { ...SUBTITLES, name: 'say "hi"' } }), /quotes/);
  });
});

describe('formatHlsFrameRate', () => {
  it('writes three decimals', () => {
    assert.equal(formatHlsFrameRate(30), '30.000');
    assert.equal(formatHlsFrameRate(30000 / 1001), '29.970');
  });
});

describe('subtitlesPlaylist', () => {
  it('wraps one WebVTT file spanning the case in a VOD playlist', () => {
    assert.equal(
      subtitlesPlaylist({ uri: 'captions.en.vtt', durationSeconds: 60.5 }),
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:61\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n' +
        '#EXTINF:60.500,\ncaptions.en.vtt\n#EXT-X-ENDLIST\n',
    );
  });
});
