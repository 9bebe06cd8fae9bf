import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { frameTime } from '@surgery-video/client';
import { clipManifest, overlappingSegments, parseMediaPlaylist } from '../../src/render/manifest-clip.js';
import { writeManifestClip } from '../../src/render/manifest-clip-files.js';
import { generateCase } from '../../src/media/recorded-cases.js';
import { parseMasterPlaylist } from '../../src/media/hls-master.js';
import { hlsMediaPlaylist } from '../media/media-inspect.js';
import { frameCodes, frameRange } from '../transcoder/rendered-frames.js';

const run = promisify(execFile);

/** A media playlist as the case generator's dash muxer writes it: `count` segments of `durations`. */
function mediaPlaylist(rep: number, durations: number[]): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    '#EXT-X-TARGETDURATION:2',
    '#EXT-X-MEDIA-SEQUENCE:1',
    `#EXT-X-MAP:URI="init-${rep}.m4s"`,
    ...durations.flatMap((duration, i) => [`#EXTINF:${duration.toFixed(6)},`, `#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:${String(i * 2).padStart(2, '0')}.000+0000`, `seg-${rep}-${String(i + 1).padStart(5, '0')}.m4s`]),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

const MASTER = [
  '#EXTM3U',
  '#EXT-X-VERSION:7',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_3",DEFAULT=YES,URI="media_3.m3u8"',
  '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="captions.m3u8"',
  '#EXT-X-STREAM-INF:BANDWIDTH=1899950,RESOLUTION=1280x720,CODECS="avc1.42c01f,mp4a.40.2",AUDIO="group_A1",FRAME-RATE=30.000,SUBTITLES="subs"',
  'media_0.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=398234,RESOLUTION=426x240,CODECS="avc1.42c015,mp4a.40.2",AUDIO="group_A1",FRAME-RATE=30.000,SUBTITLES="subs"',
  'media_2.m3u8',
  '',
].join('\n');

const VIDEO = Array<number>(6).fill(2);
const AUDIO = [1.984, 2.005333, 2.005333, 2.005333, 2.005333, 1.994667];
const PLAYLISTS = { 'media_0.m3u8': mediaPlaylist(0, VIDEO), 'media_2.m3u8': mediaPlaylist(2, VIDEO), 'media_3.m3u8': mediaPlaylist(3, AUDIO) };
const seconds = (frame: number) => frameTime(frame, 30);
const EDIT = { id: 'e1', version: 2, segments: [{ start: seconds(31), end: seconds(95) }, { start: seconds(200), end: seconds(260) }] };

describe('parseMediaPlaylist', () => {
  it('reads each segment with its duration, start on the playlist timeline and init segment', () => {
    const playlist = parseMediaPlaylist(PLAYLISTS['media_3.m3u8']);
    assert.equal(playlist.targetDuration, 2);
    assert.deepEqual(playlist.segments.slice(0, 2), [
      { uri: 'seg-3-00001.m4s', duration: 1.984, start: 0, map: 'init-3.m4s' },
      { uri: 'seg-3-00002.m4s', duration: 2.005333, start: 1.984, map: 'init-3.m4s' },
    ]);
    assert.throws(() => parseMediaPlaylist(MASTER), /master playlist/);
  });

  it('finds the segments overlapping a time range, a boundary touching it not counted', () => {
    const { segments } = parseMediaPlaylist(PLAYLISTS['media_0.m3u8']);
    assert.deepEqual(overlappingSegments(segments, 2, 4, 0.01), [1, 1]);
    assert.deepEqual(overlappingSegments(segments, 1.9, 4.1, 0.01), [0, 2]);
    assert.equal(overlappingSegments(segments, 12, 13, 0.01), undefined);
  });
});

describe('clipManifest', () => {
  const clip = clipManifest({ edit: EDIT, frameRate: 30, master: MASTER, mediaPlaylists: PLAYLISTS });

  it('plays each Edit segment from the source segment holding its start, runs apart by a discontinuity', () => {
    const video = parseMediaPlaylist(clip.playlists['media_0.m3u8']!);
    // Frames 31–94 lie in segments 1–2 (0–4 s), frames 200–259 in segments 4–5 (6–10 s).
    assert.deepEqual(
      video.segments.map((segment) => segment.uri),
      ['../../seg-0-00001.m4s', '../../seg-0-00002.m4s', '../../seg-0-00004.m4s', '../../seg-0-00005.m4s'],
    );
    assert.equal(clip.playlists['media_0.m3u8']!.split('#EXT-X-DISCONTINUITY').length, 2);
    assert.match(clip.playlists['media_0.m3u8']!, /#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="\.\.\/\.\.\/init-0\.m4s"\n/);
    assert.match(clip.playlists['media_0.m3u8']!, /#EXT-X-PLAYLIST-TYPE:VOD\n[\s\S]*#EXT-X-ENDLIST\n$/);
    assert.equal(clip.durationSeconds, 8);
  });

  it('reports where each Edit segment starts and ends inside its run and on the clip timeline', () => {
    assert.deepEqual(clip.trims, [
      { segmentIndex: 0, startOffset: 1.033333, endOffset: 1.166667, clipStart: 1.033333, clipEnd: 3.166667 },
      { segmentIndex: 1, startOffset: 0.666667, endOffset: 0.666667, clipStart: 4.666667, clipEnd: 6.666667 },
    ]);
  });

  it('cuts every rendition at the same segments, and takes the audio segments that cover each run', () => {
    assert.deepEqual(
      parseMediaPlaylist(clip.playlists['media_2.m3u8']!).segments.map((segment) => segment.uri),
      ['../../seg-2-00001.m4s', '../../seg-2-00002.m4s', '../../seg-2-00004.m4s', '../../seg-2-00005.m4s'],
    );
    // Audio segments run 1.984, 2.005…: run 1 (video 0–4 s) needs audio 1–3, run 2 (6–10 s) audio 3–6.
    const audio = clip.playlists['media_3.m3u8']!.split('#EXT-X-DISCONTINUITY').map((part) => [...part.matchAll(/seg-3-(\d+)\.m4s/g)].map((match) => Number(match[1])));
    assert.deepEqual(audio, [
      [1, 2, 3],
      [3, 4, 5, 6],
    ]);
    assert.match(clip.playlists['media_3.m3u8']!, /#EXT-X-TARGETDURATION:2\n/);
  });

  it('keeps the master\'s variants and audio, pointing at the clip playlists, and leaves the source-timed subtitles out', () => {
    const master = parseMasterPlaylist(clip.master);
    assert.deepEqual(master.variants.map((variant) => [variant.uri, variant.frameRate, variant.subtitles]), [
      ['media_0.m3u8', 30, undefined],
      ['media_2.m3u8', 30, undefined],
    ]);
    assert.deepEqual(master.media.map((media) => [media.type, media.uri]), [['AUDIO', 'media_3.m3u8']]);
  });

  it('refuses an edit with no segments, and one past the end of the source', () => {
    assert.throws(() => clipManifest({ edit: { ...EDIT, segments: [] }, frameRate: 30, master: MASTER, mediaPlaylists: PLAYLISTS }), /no segments/);
    assert.throws(
      () => clipManifest({ edit: { ...EDIT, segments: [{ start: 12, end: 13 }] }, frameRate: 30, master: MASTER, mediaPlaylists: PLAYLISTS }),
      /past the end/,
    );
  });
});

describe('writeManifestClip on a generated case', () => {
  let dataDir: string;
  let caseDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'manifest-clip-'));
    caseDir = join(dataDir, 'case-clip');
    await generateCase(
      { id: 'case-clip', title: 'Preview check', durationSeconds: 12, frameRate: 30, chapters: [{ title: 'All', start: 0, narration: ['Check.'] }] },
      caseDir,
    );
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('writes clips/<editId>-v<version>/ whose playlist covers the Edit and starts at the segment holding its start', async () => {
    const written = await writeManifestClip(caseDir, EDIT, 30);
    assert.equal(written.masterPath, 'clips/e1-v2/master.m3u8');
    const { segments, durations } = await hlsMediaPlaylist(join(caseDir, 'clips/e1-v2/media_0.m3u8'));
    // Frame 31 (1.033 s) is in the first 2 s segment.
    assert.equal(segments[0], '../../seg-0-00001.m4s');
    const total = durations.reduce((sum, duration) => sum + duration, 0);
    assert.ok(total >= seconds(95 - 31) + seconds(260 - 200), `clip lasts ${total} s`);
    const stored = JSON.parse(await readFile(join(caseDir, 'clips/e1-v2/clip.json'), 'utf8'));
    assert.deepEqual(stored.trims, written.trims);
  });

  it('plays exactly the Edit frames once a player skips to each trim: read off the frame codes of the clip', async () => {
    const written = await writeManifestClip(caseDir, EDIT, 30);
    for (const playlist of ['media_0.m3u8', 'media_2.m3u8']) {
      const codes = await frameCodes(join(written.dir, playlist));
      const shown = written.trims.flatMap((trim) => codes.slice(Math.round(trim.clipStart * 30), Math.round(trim.clipEnd * 30)));
      assert.deepEqual(shown, [...frameRange(31, 95), ...frameRange(200, 260)], playlist);
    }
  });

  it('plays through the clip master, picture and sound, read by ffmpeg as a player would', async () => {
    const written = await writeManifestClip(caseDir, EDIT, 30);
    const master = join(caseDir, written.masterPath);
    // The source segments of both runs: 0–119 and 180–299.
    assert.deepEqual(await frameCodes(master), [...frameRange(0, 120), ...frameRange(180, 300)]);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-count_packets', '-show_entries', 'stream=codec_name,nb_read_packets', '-of', 'csv=p=0', master]);
    const [codec, packets] = stdout.trim().split('\n')[0]!.split(',');
    assert.equal(codec, 'aac');
    // About 6 x 2 s of 1024-sample AAC frames at 48 kHz (7 audio segments, one taken twice).
    assert.ok(Number(packets) > 500, `${packets} audio packets`);
  });
});
