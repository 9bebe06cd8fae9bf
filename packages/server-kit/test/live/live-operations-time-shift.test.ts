/**
 * Time-shift over live playlist text (fixtures shaped like the embedded channel's ffmpeg output):
 * which segments a wall-clock window picks, when the result is VOD or EVENT, and what is refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LiveOperationsError } from '../../src/live/live-operations.js';
import { lastSegmentAgeSeconds, parseLiveMediaPlaylist, timeShiftMasterPlaylist, timeShiftMediaPlaylist } from '../../src/live/time-shift-playlist.js';

/** 12:00:00 UTC on the fixture's day, epoch seconds. */
const T0 = Date.UTC(2026, 10, 28, 12, 0, 0) / 1000;

/** A live playlist of `count` 1 s segments from T0 + `offset` (sequence `first`), optionally with a restart (discontinuity) before segment `gapAt`. */
function livePlaylist({ first = 100, count = 10, offset = 0, gapAt }: { first?: number; count?: number; offset?: number; gapAt?: number } = {}): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${first}`, '#EXT-X-INDEPENDENT-SEGMENTS', '#EXT-X-MAP:URI="init.mp4"'];
  for (let i = 0; i < count; i++) {
    // A restart leaves a 3 s gap in wall-clock time.
    const gap = gapAt !== undefined && i >= gapAt ? 3 : 0;
    if (i === gapAt) lines.push('#EXT-X-DISCONTINUITY', '#EXT-X-MAP:URI="init.mp4"');
    const pdt = new Date((T0 + offset + i + gap) * 1000 + 40).toISOString().replace('Z', '+0000');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${pdt}`, '#EXTINF:1.000000,', `seg-${first + i}.m4s`);
  }
  return `${lines.join('\n')}\n`;
}

const uris = (text: string) => text.split('\n').filter((line) => line.endsWith('.m4s'));

describe('timeShiftMediaPlaylist', () => {
  test('a window that has passed gives a VOD playlist of the whole segments overlapping it', () => {
    const cut = timeShiftMediaPlaylist(livePlaylist(), { start: T0 + 2, end: T0 + 5 });
    // Segment i spans [T0+i+0.04, T0+i+1.04): [T0+2, T0+5) overlaps segments 1 to 4.
    assert.deepEqual(uris(cut.text), ['seg-101.m4s', 'seg-102.m4s', 'seg-103.m4s', 'seg-104.m4s']);
    assert.equal(cut.complete, true);
    assert.equal(cut.durationSeconds, 4);
    assert.match(cut.text, /^#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:101\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI="init.mp4"\n/);
    assert.match(cut.text, /#EXT-X-PROGRAM-DATE-TIME:2026-11-28T12:00:01\.040Z\n#EXTINF:1\.000000,\nseg-101\.m4s/);
    assert.ok(cut.text.endsWith('#EXT-X-ENDLIST\n'));
  });

  test('a window whose end is still ahead gives a growing EVENT playlist', () => {
    const cut = timeShiftMediaPlaylist(livePlaylist(), { start: T0 + 7, end: T0 + 60 });
    assert.deepEqual(uris(cut.text), ['seg-106.m4s', 'seg-107.m4s', 'seg-108.m4s', 'seg-109.m4s']);
    assert.equal(cut.complete, false);
    assert.match(cut.text, /#EXT-X-PLAYLIST-TYPE:EVENT\n/);
    assert.doesNotMatch(cut.text, /ENDLIST/);
  });

  test('a restart inside the window keeps its discontinuity and init segment; one before it counts in the sequence', () => {
    const across = timeShiftMediaPlaylist(livePlaylist({ gapAt: 5 }), { start: T0 + 3, end: T0 + 10 });
    assert.deepEqual(uris(across.text), ['seg-102.m4s', 'seg-103.m4s', 'seg-104.m4s', 'seg-105.m4s', 'seg-106.m4s']);
    assert.match(across.text, /seg-104\.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="init\.mp4"\n#EXT-X-PROGRAM-DATE-TIME:2026-11-28T12:00:08\.040Z/);
    const after = timeShiftMediaPlaylist(livePlaylist({ gapAt: 5 }), { start: T0 + 9, end: T0 + 11 });
    assert.match(after.text, /#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
    assert.equal(after.text.split('\n').filter((line) => line === '#EXT-X-DISCONTINUITY').length, 0);
  });

  test('a start before the DVR window or after the live edge is refused as outside-window', () => {
    const playlist = livePlaylist({ offset: 100 });
    for (const window of [{ start: T0 + 50, end: T0 + 105 }, { start: T0 + 200, end: T0 + 210 }]) {
      assert.throws(() => timeShiftMediaPlaylist(playlist, window), (error: unknown) => error instanceof LiveOperationsError && error.code === 'outside-window' && error.field === 'start');
    }
    // The oldest second still counts (one target duration of slack).
    assert.equal(uris(timeShiftMediaPlaylist(playlist, { start: T0 + 100, end: T0 + 102 }).text)[0], 'seg-100.m4s');
  });

  test('a playlist without program-date-time cannot be time-shifted', () => {
    const bare = '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nseg-1.m4s\n';
    assert.throws(() => parseLiveMediaPlaylist(bare), { name: 'LiveOperationsError', code: 'unsupported', message: /seg-1\.m4s has no EXT-X-PROGRAM-DATE-TIME/ });
    assert.throws(() => parseLiveMediaPlaylist('not a playlist'), { code: 'upstream' });
  });
});

describe('timeShiftMasterPlaylist', () => {
  test('puts start and end on every child playlist, variant and audio', () => {
    const master = '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",URI="audio/index.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=3205000,AUDIO="audio"\n720p/index.m3u8\n';
    assert.equal(
      timeShiftMasterPlaylist(master, { start: T0, end: T0 + 30 }),
      `#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",URI="audio/index.m3u8?start=${T0}&end=${T0 + 30}"\n#EXT-X-STREAM-INF:BANDWIDTH=3205000,AUDIO="audio"\n720p/index.m3u8?start=${T0}&end=${T0 + 30}\n`,
    );
  });
});

test('lastSegmentAgeSeconds measures from the end of the newest segment', () => {
  // The last of 10 segments ends at T0 + 10.04 s.
  assert.equal(lastSegmentAgeSeconds(livePlaylist(), (T0 + 12.54) * 1000), 2.5);
  assert.equal(lastSegmentAgeSeconds('#EXTM3U\n#EXT-X-TARGETDURATION:1\n', T0 * 1000), undefined);
});
