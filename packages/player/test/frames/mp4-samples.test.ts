/**
 * The fMP4 reader on real bytes: ffmpeg's dash muxer (what packages the recorded cases) writes a
 * tiny stream of x264 main profile with B-frames, so decode order and presentation order differ
 * and the composition offsets and the edit list are exercised. ffprobe, reading the same
 * segments, is the reference.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { promisify } from 'node:util';
import { parseVideoInit, parseVideoSamples, type VideoTrackInfo } from '../../src/frames/mp4-samples.js';

const run = promisify(execFile);

/** 2 s at 30 fps in 1 s segments: 30 frames per segment, a keyframe at each start. */
const FPS = 30;
const SEGMENT_FRAMES = 30;
let dir = '';
let init: Uint8Array;
let track: VideoTrackInfo;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mp4-samples-'));
  await run(
    'ffmpeg',
    [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=160x90:rate=${FPS}:duration=2`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '2', '-pix_fmt', 'yuv420p',
      '-g', String(SEGMENT_FRAMES), '-keyint_min', String(SEGMENT_FRAMES), '-sc_threshold', '0',
      '-f', 'dash', '-seg_duration', '1', '-use_template', '1', '-use_timeline', '1',
      '-init_seg_name', 'init.m4s', '-media_seg_name', 'seg-$Number$.m4s', 'manifest.mpd',
    ],
    { cwd: dir },
  );
  init = new Uint8Array(await readFile(join(dir, 'init.m4s')));
  const parsed = parseVideoInit(init);
  assert.ok(parsed, 'the init segment has a video track');
  track = parsed;
});

after(() => rm(dir, { recursive: true, force: true }));

/** ffprobe's view of init + segment: each packet's pts and dts (ticks) and whether it is a keyframe, in decode order. */
async function probe(segment: string): Promise<Array<{ pts: number; dts: number; key: boolean }>> {
  const joined = join(dir, `probe-${segment}`);
  await run('sh', ['-c', `cat init.m4s ${segment} > probe-${segment}`], { cwd: dir });
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts,dts,flags', '-of', 'csv=p=0', joined]);
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [pts, dts, flags] = line.split(',');
      return { pts: Number(pts), dts: Number(dts), key: (flags ?? '').startsWith('K') };
    });
}

it('reads the codec, decoder configuration, size and timescale of the init segment', () => {
  assert.match(track.codec, /^avc1\.4d[0-9a-f]{4}$/, 'main profile');
  assert.equal(track.description[0], 1, 'an AVCDecoderConfigurationRecord (version 1)');
  assert.equal(track.codedWidth, 160);
  assert.equal(track.codedHeight, 90);
  assert.ok(track.timescale > 0);
  assert.ok(track.editMediaTime > 0, 'B-frames delay composition: the edit list skips that delay');
});

it('reads every sample of each segment with its keyframe flag, in decode order, timed as ffprobe times them', async () => {
  for (const segment of ['seg-1.m4s', 'seg-2.m4s']) {
    const samples = parseVideoSamples(new Uint8Array(await readFile(join(dir, segment))), track);
    const reference = await probe(segment);
    assert.equal(samples.length, SEGMENT_FRAMES, `${segment}: one sample per frame`);
    assert.equal(samples.length, reference.length);
    assert.deepEqual(
      samples.map((sample) => sample.keyframe),
      reference.map((packet) => packet.key),
      `${segment}: keyframes`,
    );
    assert.equal(samples[0]!.keyframe, true, `${segment} starts with a keyframe`);
    // ffprobe shifts decode times by the edit list too (the first B-frame stream's dts is below 0).
    assert.deepEqual(samples.map((sample) => sample.dts - track.editMediaTime), reference.map((packet) => packet.dts), `${segment}: decode times`);
    assert.deepEqual(samples.map((sample) => sample.pts), reference.map((packet) => packet.pts), `${segment}: presentation times`);
    for (const sample of samples) assert.ok(sample.data.byteLength > 0, 'every sample has bytes');
  }
});

it('has B-frames: presentation order differs from decode order, and sorted it is one frame apart from the segment start', async () => {
  const samples = parseVideoSamples(new Uint8Array(await readFile(join(dir, 'seg-2.m4s'))), track);
  const pts = samples.map((sample) => sample.pts);
  const sorted = [...pts].sort((a, b) => a - b);
  assert.notDeepEqual(pts, sorted, 'decode order is not presentation order');
  const frame = track.timescale / FPS;
  sorted.forEach((time, index) => assert.equal(time, Math.round(track.timescale + index * frame), `frame ${index} of the second segment`));
});

it('reads the samples of a length-prefixed AVC stream: each sample is NAL units whose lengths add up to its size', async () => {
  const samples = parseVideoSamples(new Uint8Array(await readFile(join(dir, 'seg-1.m4s'))), track);
  const lengthSize = (track.description[4]! & 0x3) + 1;
  for (const sample of samples) {
    let at = 0;
    while (at < sample.data.byteLength) {
      let length = 0;
      for (let i = 0; i < lengthSize; i++) length = length * 256 + sample.data[at + i]!;
      at += lengthSize + length;
    }
    assert.equal(at, sample.data.byteLength);
  }
});

it('finds no video track in bytes without a moov, and no samples in an init segment', () => {
  assert.equal(parseVideoInit(new Uint8Array(16)), undefined);
  assert.deepEqual(parseVideoSamples(init, track), []);
});
