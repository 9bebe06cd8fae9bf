import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LiveIngestOrigin } from '../../src/live/ingest-origin.js';
import { LiveChannel, liveChannelArgs, liveMasterPlaylist, type LiveChannelStatus } from '../../src/live/live-channel.js';
import { getTimed, startLiveTestServer, topLevelBoxes, type LiveTestServer } from './live-test-server.js';

interface PlaylistSegment {
  uri: string;
  pdt: number;
  duration: number;
  discontinuity: boolean;
}

interface MediaPlaylist {
  text: string;
  mediaSequence: number;
  segments: PlaylistSegment[];
  ended: boolean;
}

function parseMediaPlaylist(text: string): MediaPlaylist {
  assert.ok(text.startsWith('#EXTM3U\n'), 'a playlist starts with #EXTM3U');
  const segments: PlaylistSegment[] = [];
  let duration = Number.NaN;
  let pdt = Number.NaN;
  let discontinuity = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice(25));
    else if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (line && !line.startsWith('#')) {
      segments.push({ uri: line, pdt, duration, discontinuity });
      duration = Number.NaN;
      pdt = Number.NaN;
      discontinuity = false;
    }
  }
  return {
    text,
    mediaSequence: Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0),
    segments,
    ended: text.includes('#EXT-X-ENDLIST'),
  };
}

async function readPlaylist(path: string): Promise<MediaPlaylist | undefined> {
  try {
    return parseMediaPlaylist(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of processes whose command line mentions `needle` (our channel's output directory). */
async function processesMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(needle)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

describe('LiveChannel (real ffmpeg, real HTTP ingest)', () => {
  const channelId = 'or-test';
  const origin = new LiveIngestOrigin();
  let server: LiveTestServer;
  let outputDir: string;
  let channel: LiveChannel;
  const statuses: LiveChannelStatus[] = [];
  const problems: string[] = [];
  const playlistPath = () => join(outputDir, '720p', 'index.m3u8');

  before(async () => {
    server = await startLiveTestServer(origin);
    outputDir = await mkdtemp(join(tmpdir(), 'live-channel-'));
    channel = new LiveChannel({
      id: channelId,
      label: 'OR 1',
      outputDir,
      ingestUrl: `${server.baseUrl}/ingest/${channelId}/`,
      timeUrl: `${server.baseUrl}/time`,
    });
    channel.on('status', (status) => statuses.push(status));
    channel.on('problem', (problem) => problems.push(problem.code));
    await channel.start();
    await until(() => channel.status === 'running', 15_000, 'the channel to run');
  });

  after(async () => {
    await channel?.stop();
    await server?.close();
    if (outputDir) await rm(outputDir, { recursive: true, force: true });
  });

  test('the HLS playlist gains a segment with a program-date-time about every second', { timeout: 20_000 }, async (t) => {
    const master = await readFile(join(outputDir, 'master.m3u8'), 'utf8');
    assert.match(master, /#EXT-X-STREAM-INF:.*CODECS="avc1\.64001f,mp4a\.40\.2",RESOLUTION=1280x720,FRAME-RATE=25\.000/);
    assert.match(master, /#EXT-X-STREAM-INF:.*RESOLUTION=640x360/);
    assert.match(master, /#EXT-X-MEDIA:TYPE=AUDIO.*URI="audio\/index\.m3u8"/);

    // Watch the 720p playlist for 6 s, noting when each segment first appears.
    const firstSeen = new Map<string, { seenAt: number; segment: PlaylistSegment }>();
    const watchUntil = Date.now() + 6000;
    let latest: MediaPlaylist | undefined;
    while (Date.now() < watchUntil) {
      latest = await readPlaylist(playlistPath());
      for (const segment of latest?.segments ?? []) {
        if (!firstSeen.has(segment.uri)) firstSeen.set(segment.uri, { seenAt: Date.now(), segment });
      }
      await sleep(100);
    }
    assert.ok(latest, 'the media playlist exists');
    assert.ok(!latest.ended, 'a live playlist has no ENDLIST');
    assert.match(latest.text, /#EXT-X-MAP:URI="init_1\.mp4"/);
    assert.match(latest.text, /#EXT-X-TARGETDURATION:1\n/);

    // Every segment carries a program-date-time and lasts one second.
    for (const segment of latest.segments) {
      assert.ok(Number.isFinite(segment.pdt), `${segment.uri} has a PROGRAM-DATE-TIME`);
      assert.ok(Math.abs(segment.duration - 1) < 0.01, `${segment.uri} lasts ${segment.duration} s`);
      await stat(join(outputDir, '720p', segment.uri));
    }

    // Segments that appeared while we watched: about one a second, PDTs one second apart and close to now.
    const fresh = [...firstSeen.values()].filter((s) => s.seenAt > watchUntil - 6000 + 150);
    assert.ok(fresh.length >= 4 && fresh.length <= 8, `${fresh.length} new segments in 6 s`);
    for (let i = 1; i < fresh.length; i++) {
      const step = fresh[i]!.segment.pdt - fresh[i - 1]!.segment.pdt;
      assert.ok(Math.abs(step - 1000) < 50, `PDT step ${step} ms`);
    }
    t.diagnostic(`new segments in 6 s: ${fresh.length}; listed after PDT (ms): ${fresh.map((s) => s.seenAt - s.segment.pdt).join(', ')}`);
    for (const { seenAt, segment } of fresh) {
      // A segment is listed once complete: its PDT (its first frame) is ~1 s behind the wall clock.
      const age = seenAt - segment.pdt;
      assert.ok(age > 0 && age < 3000, `segment ${segment.uri} listed ${age} ms after its PDT`);
    }
    const audio = await readPlaylist(join(outputDir, 'audio', 'index.m3u8'));
    assert.ok(audio && audio.segments.length > 0 && audio.segments.every((s) => Number.isFinite(s.pdt)));
  });

  test('the LL-DASH manifest is served by the ingest origin, and the newest segment arrives chunk by chunk while it is encoded', { timeout: 20_000 }, async (t) => {
    const mpdResponse = await until(async () => {
      const got = await getTimed(`${server.baseUrl}/live/${channelId}/manifest.mpd`);
      return got.status === 200 ? got : undefined;
    }, 5000, 'the MPD');
    const mpd = mpdResponse.body.toString();
    assert.equal(mpdResponse.headers['content-type'], 'application/dash+xml');
    assert.match(mpd, /type="dynamic"/);
    assert.match(mpd, /<Latency target="1500"/);
    assert.match(mpd, /availabilityTimeOffset="0\.800"/);
    assert.match(mpd, /availabilityTimeComplete="false"/);
    assert.match(mpd, /minimumUpdatePeriod="PT2S"/);
    assert.match(mpd, new RegExp(`<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-(iso|xsdate):2014" value="${server.baseUrl}/time"/>`));
    const availabilityStart = Date.parse(/availabilityStartTime="([^"]+)"/.exec(mpd)?.[1] ?? '');
    assert.ok(Math.abs(Date.now() - availabilityStart) < 60_000, 'availabilityStartTime is this run');
    const startNumber = Number(/startNumber="(\d+)"/.exec(mpd)?.[1]);
    const media = /media="([^"]+)"/.exec(mpd)?.[1] ?? '';
    assert.match(media, /\$Number%05d\$/);

    const time = await getTimed(`${server.baseUrl}/time`);
    assert.ok(Math.abs(Date.parse(time.body.toString()) - Date.now()) < 1000);

    // The next segment to start, asked for when its first 200 ms chunk is due (segment start + 0.2 s),
    // as a low-latency player does from availabilityStartTime and availabilityTimeOffset.
    const number = Math.floor((Date.now() - availabilityStart) / 1000) + startNumber + 1;
    const segmentStart = availabilityStart + (number - startNumber) * 1000;
    await sleep(segmentStart + 200 - Date.now());
    const url = `${server.baseUrl}/live/${channelId}/${media.replace('$RepresentationID$', '0').replace('$Number%05d$', String(number).padStart(5, '0'))}`;
    const got = await until(async () => {
      const response = await getTimed(url);
      return response.status === 200 ? response : undefined;
    }, 1500, 'the segment being written');

    assert.equal(got.headers['transfer-encoding'], 'chunked', 'served while its size is unknown');
    assert.ok(got.chunks.length >= 3, `received in ${got.chunks.length} chunks`);
    const firstAt = got.chunks[0]!.at - got.requestedAt;
    const spread = got.endedAt - got.chunks[0]!.at;
    t.diagnostic(
      `segment ${number}: first bytes ${firstAt.toFixed(0)} ms after the request, ` +
        `${(got.chunks[0]!.at + performance.timeOrigin - segmentStart).toFixed(0)} ms after the segment's start time; ` +
        `${got.chunks.length} chunks over ${spread.toFixed(0)} ms, ${got.body.length} bytes`,
    );
    assert.ok(firstAt < 300, `first bytes after ${firstAt.toFixed(0)} ms`);
    assert.ok(spread > 400, `the rest followed over ${spread.toFixed(0)} ms as it was encoded`);

    // What arrived is one whole CMAF segment: several moof/mdat chunks, nothing torn.
    const boxes = topLevelBoxes(got.body);
    const moofs = boxes.filter(([type]) => type === 'moof').length;
    assert.ok(moofs >= 4, `${moofs} CMAF chunks`);
    assert.equal(boxes.filter(([type]) => type === 'mdat').length, moofs);
    const complete = await origin.get(`${channelId}/${url.split('/').pop()}`);
    assert.equal(complete?.size, got.body.length, 'the growing read equals the finished object');
  });

  test('when ffmpeg is killed the channel restarts and the playlist keeps gaining segments', { timeout: 20_000 }, async (t) => {
    const before = await readPlaylist(playlistPath());
    assert.ok(before);
    const lastBefore = before.segments.at(-1)!;
    const killedPid = channel.pid!;
    process.kill(killedPid, 'SIGKILL');

    await until(() => channel.status === 'restarting', 3000, 'restarting');
    await until(() => channel.status === 'running', 10_000, 'running again');
    assert.notEqual(channel.pid, killedPid);
    const afterRestart = await until(async () => {
      const playlist = await readPlaylist(playlistPath());
      const index = playlist?.segments.findIndex((s) => s.uri === lastBefore.uri) ?? -1;
      return playlist && index >= 0 && playlist.segments.length - index > 3 ? playlist : undefined;
    }, 10_000, 'new segments after the restart');

    assert.ok(!afterRestart.ended);
    assert.equal(afterRestart.mediaSequence, before.mediaSequence, 'the DVR window is kept');
    // Numbering carries on, and the new run is marked as a discontinuity with later PDTs.
    const numbers = afterRestart.segments.map((s) => Number(/seg-(\d+)\.m4s/.exec(s.uri)?.[1]));
    numbers.forEach((n, i) => assert.equal(n, numbers[0]! + i));
    const resumed = afterRestart.segments.find((s) => s.discontinuity);
    assert.ok(resumed, 'EXT-X-DISCONTINUITY before the first segment of the new process');
    assert.ok(resumed.pdt > lastBefore.pdt);
    t.diagnostic(`PDT gap across the restart: ${resumed.pdt - lastBefore.pdt} ms`);
    assert.ok(resumed.pdt - lastBefore.pdt < 8000, 'the gap is a few seconds');
    const tail = afterRestart.segments.slice(afterRestart.segments.indexOf(resumed));
    for (const segment of tail) await stat(join(outputDir, '720p', segment.uri));
    assert.ok(problems.includes('ffmpeg-exited'));

    // The low-latency path comes back too: a fresh MPD from the new process.
    await until(async () => {
      const got = await getTimed(`${server.baseUrl}/live/${channelId}/manifest.mpd`);
      const ast = Date.parse(/availabilityStartTime="([^"]+)"/.exec(got.body.toString())?.[1] ?? '');
      return got.status === 200 && ast > lastBefore.pdt;
    }, 5000, 'the restarted MPD');
  });

  test('stop() ends ffmpeg and leaves no process behind', { timeout: 20_000 }, async () => {
    const pid = channel.pid!;
    assert.ok(isAlive(pid));
    await channel.stop();
    assert.equal(channel.status, 'stopped');
    assert.equal(channel.pid, undefined);
    assert.ok(!isAlive(pid), 'the ffmpeg process is gone');
    assert.deepEqual(await processesMentioning(outputDir), []);
    // A graceful stop closes the event for HLS players.
    const final = await readPlaylist(playlistPath());
    assert.ok(final?.ended, 'the playlist ends with EXT-X-ENDLIST');
    assert.deepEqual(statuses, ['starting', 'running', 'restarting', 'running', 'stopped']);
    // And nothing restarts it afterwards.
    await sleep(1500);
    assert.equal(channel.pid, undefined);
    assert.deepEqual(await processesMentioning(outputDir), []);
  });
});

/** Runs a channel in a separate Node process (the "host") and reports its ffmpeg pid once running. */
async function startHost(outputDir: string, exitAfterRunning: boolean) {
  const moduleUrl = new URL('../../src/live/live-channel.ts', import.meta.url).href;
  const hostCode = [
    `import { LiveChannel } from ${JSON.stringify(moduleUrl)};`,
    `const channel = new LiveChannel({ id: 'or-9', outputDir: ${JSON.stringify(outputDir)}, lowLatency: false });`,
    `channel.on('status', (status) => {`,
    `  if (status !== 'running') return;`,
    `  console.log('ffmpeg ' + channel.pid);`,
    exitAfterRunning ? '  setTimeout(() => process.exit(0), 100);' : '',
    '});',
    'await channel.start();',
    'setInterval(() => {}, 1000);',
  ].join('\n');
  const host = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', hostCode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(host, 'exit');
  let output = '';
  host.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const ffmpegPid = await until(() => Number(/ffmpeg (\d+)/.exec(output)?.[1] ?? 0) || undefined, 15_000, 'the host channel');
  return { host, exited, ffmpegPid };
}

describe('LiveChannel when its host process ends without stop()', () => {
  test('a host that exits leaves no ffmpeg behind', { timeout: 20_000 }, async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'live-channel-exit-'));
    let ffmpegPid = 0;
    try {
      const started = await startHost(outputDir, true);
      ffmpegPid = started.ffmpegPid;
      await started.exited;
      await until(() => !isAlive(ffmpegPid), 2000, 'ffmpeg to end with its host');
      assert.deepEqual(await processesMentioning(outputDir), []);
    } finally {
      if (ffmpegPid && isAlive(ffmpegPid)) process.kill(ffmpegPid, 'SIGKILL');
      await rm(outputDir, { recursive: true, force: true });
    }
  });

  test('after a host is killed, the next start() on the same output kills the ffmpeg it left', { timeout: 20_000 }, async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'live-channel-orphan-'));
    let orphanPid = 0;
    let channel: LiveChannel | undefined;
    const started = await startHost(outputDir, false);
    try {
      orphanPid = started.ffmpegPid;
      started.host.kill('SIGKILL');
      await started.exited;
      await sleep(500);
      assert.ok(isAlive(orphanPid), 'ffmpeg outlives a host killed with SIGKILL');

      channel = new LiveChannel({ id: 'or-9', outputDir, lowLatency: false });
      await channel.start();
      assert.ok(!isAlive(orphanPid), 'the leftover ffmpeg was killed');
      await until(() => channel!.status === 'running', 10_000, 'the new channel');
      assert.deepEqual(await processesMentioning(outputDir), [channel.pid]);
    } finally {
      await channel?.stop();
      started.host.kill('SIGKILL');
      if (orphanPid && isAlive(orphanPid)) process.kill(orphanPid, 'SIGKILL');
      await rm(outputDir, { recursive: true, force: true });
    }
  });
});

describe('LiveChannel configuration', () => {
  test('mistakes in the options throw at once with what to change', () => {
    const base = { id: 'or-1', outputDir: '/tmp/x', ingestUrl: 'http://127.0.0.1:1/ingest/or-1/' };
    assert.throws(() => new LiveChannel({ ...base, id: 'or 1/..' }), /id must be/);
    assert.throws(() => new LiveChannel({ ...base, ingestUrl: undefined }), /ingestUrl is required/);
    assert.throws(() => new LiveChannel({ ...base, ingestUrl: 'http://127.0.0.1:1/ingest/or-1' }), /ending in "\/"/);
    assert.throws(() => new LiveChannel({ ...base, frameRate: 0 }), /frameRate/);
    assert.throws(() => new LiveChannel({ ...base, renditions: [] }), /at least one rendition/);
    assert.throws(() => new LiveChannel({ ...base, renditions: [{ width: 1280, height: 720, bitrateKbps: 1 }, { width: 1280, height: 720, bitrateKbps: 2 }] }), /unique/);
    assert.doesNotThrow(() => new LiveChannel({ id: 'or-1', outputDir: '/tmp/x', lowLatency: false }));
  });

  test('the master playlist announces codecs, resolution and frame rate of every rendition', () => {
    const master = liveMasterPlaylist(
      [
        { width: 1920, height: 1080, bitrateKbps: 5000 },
        { width: 1280, height: 720, bitrateKbps: 2500 },
        { width: 640, height: 360, bitrateKbps: 700 },
      ],
      30,
    );
    assert.equal(
      master,
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="audio/index.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=6330000,AVERAGE-BANDWIDTH=5064000,CODECS="avc1.640028,mp4a.40.2",RESOLUTION=1920x1080,FRAME-RATE=30.000,AUDIO="audio"',
        '1080p/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=3205000,AVERAGE-BANDWIDTH=2564000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO="audio"',
        '720p/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=955000,AVERAGE-BANDWIDTH=764000,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=30.000,AUDIO="audio"',
        '360p/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  test('the ffmpeg command encodes once and tees the packets to HLS files and LL-DASH over HTTP PUT', () => {
    const args = liveChannelArgs({
      label: 'OR 1',
      outputDir: '/srv/live/or-1',
      frameRate: 25,
      renditions: [
        { width: 1280, height: 720, bitrateKbps: 2500 },
        { width: 640, height: 360, bitrateKbps: 700 },
      ],
      dvrWindowSeconds: 660,
      manifestUrl: 'http://127.0.0.1:8080/ingest/or-1/manifest.mpd',
      utcTimingUrl: 'http://127.0.0.1:8080/time',
      targetLatencySeconds: 1.5,
      appendToPlaylist: false,
    });
    assert.equal(args.filter((a) => a === '-re').length, 3, 'every lavfi input is read in real time');
    assert.equal(args.filter((a) => a === 'libx264').length, 1);
    assert.deepEqual(args.slice(args.indexOf('-g'), args.indexOf('-g') + 2), ['-g', '25']);
    assert.equal(args.at(-2), 'tee');
    assert.equal(
      args.at(-1),
      '[f=hls:hls_time=1:hls_list_size=660:hls_segment_type=fmp4:hls_fmp4_init_filename=init.mp4:' +
        'hls_segment_filename=/srv/live/or-1/%v/seg-%d.m4s:hls_flags=program_date_time+delete_segments+independent_segments:' +
        'var_stream_map=a\\\\:0,agroup\\\\:audio,name\\\\:audio\\\\\\ v\\\\:0,agroup\\\\:audio,name\\\\:720p\\\\\\ v\\\\:1,agroup\\\\:audio,name\\\\:360p]' +
        '/srv/live/or-1/%v/index.m3u8|' +
        '[f=dash:onfail=ignore:ldash=1:streaming=1:seg_duration=1:frag_type=duration:frag_duration=0.2:use_template=1:use_timeline=0:' +
        'window_size=20:extra_window_size=5:format_options=movflags=cmaf:adaptation_sets=id=0,streams=v\\\\\\ id=1,streams=a:' +
        'target_latency=1.5:min_playback_rate=0.96:max_playback_rate=1.04:update_period=2:method=PUT:ignore_io_errors=1:timeout=5:' +
        'utc_timing_url=http\\\\://127.0.0.1\\\\:8080/time]http://127.0.0.1:8080/ingest/or-1/manifest.mpd',
    );
  });
});
