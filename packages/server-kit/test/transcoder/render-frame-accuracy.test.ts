/**
 * The acceptance test of rendering an Edit: a generated case (every frame carries its number) is
 * cut by the embedded transcoder from the very job MediaConvert would get, and the outputs are
 * decoded and read frame by frame. What a learner sees must be the Edit's frames, all of them and
 * nothing else: segment [start, end) shows frames start .. end - 1, the end frame is not shown.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { frameTime, type Edit } from '@surgery-video/client';
import { frameCodeFilter, readFrameCode } from '../../src/media/frame-code.js';
import { runFfmpeg } from '../../src/media/ffmpeg.js';
import { generateCase } from '../../src/media/recorded-cases.js';
import { buildRenderJob, renderName, type RenderJob } from '../../src/render/mediaconvert-job.js';
import { createEmbeddedTranscoder, type EmbeddedTranscoder } from '../../src/transcoder/embedded-transcoder.js';
import { runRenderJob } from '../../src/transcoder/ffmpeg-transcoder.js';
import type { TranscodeJob } from '../../src/transcoder/transcoder-port.js';
import { decodeLuma } from '../media/media-inspect.js';
import { frameCodes, frameRange, videoSize } from './rendered-frames.js';

const run = promisify(execFile);

function editOf(id: string, version: number, frameRate: number, frames: [number, number][]): Edit {
  return {
    schema: 'surgery-video/edit@1',
    id,
    assetId: 'case-render',
    title: 'Render check',
    version,
    status: 'returned',
    segments: frames.map(([a, b]) => ({ start: frameTime(a, frameRate), end: frameTime(b, frameRate) })),
    annotations: [],
    createdBy: 'trainee-1',
    createdAt: '2026-03-01T09:30:00Z',
    updatedAt: '2026-03-01T09:30:00Z',
  };
}

/** The frame codes of the first and last frame, each decoded alone to gray raw. */
async function firstAndLast(input: string, frameCount: number): Promise<[number, number]> {
  const { width, height } = await videoSize(input);
  const first = await decodeLuma(input, 0, width, height);
  const last = await decodeLuma(input, frameCount - 1, width, height);
  return [readFrameCode(first, width, height), readFrameCode(last, width, height)];
}

async function probe(input: string, entries: string, stream = 'v:0'): Promise<string[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', stream, '-show_entries', entries, '-of', 'csv=p=0', input]);
  return stdout.trim().split('\n')[0]!.split(',');
}

const path = (uri: string) => fileURLToPath(uri);

describe('rendering a two-segment Edit of a generated 30 fps case with the embedded transcoder', () => {
  // Frames 31–94 and 200–259: the end frames 95 and 260 are not part of the Edit.
  const SEGMENTS: [number, number][] = [
    [31, 95],
    [200, 260],
  ];
  const EXPECTED = [...frameRange(31, 95), ...frameRange(200, 260)];
  let root: string;
  let caseDir: string;
  let stateDir: string;
  let transcoder: EmbeddedTranscoder;
  let request: RenderJob;
  let jobId: string;
  let done: TranscodeJob;
  const changes: TranscodeJob[] = [];

  const jobFor = (edit: Edit) =>
    buildRenderJob({
      edit,
      asset: { id: 'case-render', frameRate: 30, durationSeconds: 12, sourceUri: `${pathToFileURL(caseDir).href}/` },
      output: { destination: pathToFileURL(join(root, 'renders')).href, name: renderName(edit) },
      correlationId: 'test-render-1',
    });

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'render-accuracy-'));
    caseDir = join(root, 'media', 'vod', 'case-render');
    stateDir = join(root, 'transcoder-jobs');
    await generateCase(
      { id: 'case-render', title: 'Render check', durationSeconds: 12, frameRate: 30, chapters: [{ title: 'All', start: 0, narration: ['Check.'] }] },
      caseDir,
    );
    transcoder = await createEmbeddedTranscoder({ stateDir, onChange: (job) => changes.push(job) });
    request = jobFor(editOf('edit-render', 1, 30, SEGMENTS));
    jobId = await transcoder.submit(request);
    done = await transcoder.wait(jobId);
  });
  after(async () => {
    await transcoder?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('completes, listing the CMAF package, the MP4 and the thumbnails it wrote', async () => {
    assert.equal(done.status, 'COMPLETE', done.errorMessage);
    assert.equal(done.progress, 1);
    assert.equal(done.frameCount, 124);
    assert.equal(done.durationSeconds, 124 / 30);
    assert.deepEqual(done.userMetadata, { correlationId: 'test-render-1', editId: 'edit-render', editVersion: '1', assetId: 'case-render' });
    const renders = pathToFileURL(join(root, 'renders', 'edit-render-v1')).href;
    assert.deepEqual(
      done.outputs.map((output) => [output.group, output.kind, output.uris[0]]),
      [
        ['CMAF', 'cmaf', `${renders}/cmaf/index.m3u8`],
        ['MP4', 'mp4', `${renders}/mp4/edit-render-v1.mp4`],
        ['Thumbnails', 'frame-capture', `${renders}/thumbnails/thumb.0000000.jpg`],
      ],
    );
    for (const uri of done.outputs.flatMap((output) => output.uris)) assert.ok((await stat(path(uri))).size > 0, uri);
  });

  it('MP4: the first frame is the Edit\'s first (31), the last its last (259), and it holds the 124 Edit frames in order', async () => {
    const mp4 = path(done.outputs[1]!.uris[0]!);
    assert.deepEqual(await firstAndLast(mp4, 124), [31, 259]);
    const codes = await frameCodes(mp4);
    assert.deepEqual(codes, EXPECTED);
    assert.ok(!codes.includes(95) && !codes.includes(199) && !codes.includes(260), 'no frame outside the Edit is shown');
    assert.deepEqual(await probe(mp4, 'stream=width,height,r_frame_rate'), ['1280', '720', '30/1']);
  });

  it('CMAF: every rendition (720p, 480p, 240p) holds exactly the Edit frames, first 31 and last 259', async () => {
    const cmaf = path(done.outputs[0]!.uris[0]!).replace(/index\.m3u8$/, '');
    for (const [playlist, size] of [
      ['media_0.m3u8', ['1280', '720']],
      ['media_1.m3u8', ['854', '480']],
      ['media_2.m3u8', ['426', '240']],
    ] as const) {
      const input = join(cmaf, playlist);
      assert.deepEqual(await firstAndLast(input, 124), [31, 259], playlist);
      assert.deepEqual(await frameCodes(input), EXPECTED, playlist);
      assert.deepEqual(await probe(input, 'stream=width,height'), size);
    }
    const files = await readdir(cmaf);
    assert.ok(files.includes('index.mpd') && files.includes('media_3.m3u8'), files.join(' '));
  });

  it('the HLS master announces three renditions with the source frame rate, and the audio', async () => {
    const { stdout } = await run('cat', [path(done.outputs[0]!.uris[0]!)]);
    assert.equal((stdout.match(/#EXT-X-STREAM-INF:.*FRAME-RATE=30\.000/g) ?? []).length, 3, stdout);
    assert.match(stdout, /#EXT-X-MEDIA:TYPE=AUDIO/);
  });

  it('sound plays for as long as the picture', async () => {
    const mp4 = path(done.outputs[1]!.uris[0]!);
    const [duration] = await probe(mp4, 'stream=duration', 'a:0');
    // Within one AAC frame (1024 samples at 48 kHz) of 124 frames at 30 fps.
    assert.ok(Math.abs(Number(duration) - 124 / 30) <= 1024 / 48_000, `audio lasts ${duration} s`);
  });

  it('thumbnails: a capture every 2 s of the edit, the first one the Edit\'s first frame', async () => {
    const captures = done.outputs[2]!.uris.map(path);
    assert.equal(captures.length, 3);
    const codes = [];
    for (const capture of captures) {
      const { width, height } = await videoSize(capture);
      assert.deepEqual([width, height], [640, 360]);
      codes.push(readFrameCode(await decodeLuma(capture, 0, width, height), width, height));
    }
    // Edit frames 0, 60 and 120: source 31, 91, and 200 + (120 - 64) = 256.
    assert.deepEqual(codes, [31, 91, 256]);
  });

  it('reports progress from 0 to 1, never going back, SUBMITTED -> PROGRESSING -> COMPLETE', () => {
    const mine = changes.filter((job) => job.id === jobId);
    const progress = mine.map((job) => job.progress);
    assert.ok(progress.length >= 4, `${progress.length} progress reports`);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
    assert.equal(progress[0], 0);
    assert.equal(progress.at(-1), 1);
    assert.deepEqual([...new Set(mine.map((job) => job.status))], ['SUBMITTED', 'PROGRESSING', 'COMPLETE']);
  });

  it('the same job again (same ClientRequestToken) is the same job, and nothing runs again', async () => {
    const mp4 = path(done.outputs[1]!.uris[0]!);
    const before = (await stat(mp4)).mtimeMs;
    const reports = changes.length;
    const again = buildRenderJob({
      edit: editOf('edit-render', 1, 30, SEGMENTS),
      asset: { id: 'case-render', frameRate: 30, durationSeconds: 12, sourceUri: `${pathToFileURL(caseDir).href}/` },
      output: { destination: pathToFileURL(join(root, 'renders')).href, name: 'edit-render-v1' },
      correlationId: 'test-render-2',
    });
    assert.equal(await transcoder.submit(again), jobId);
    assert.equal((await transcoder.get(jobId))?.status, 'COMPLETE');
    assert.equal(changes.length, reports);
    assert.equal((await stat(mp4)).mtimeMs, before);
  });

  it('a transcoder started again on the same folder still reports the finished job', async () => {
    const restarted = await createEmbeddedTranscoder({ stateDir });
    try {
      assert.deepEqual(await restarted.get(jobId), done);
      assert.equal(await restarted.submit(request), jobId);
      assert.equal(await restarted.get('1700000000000-nojob'), undefined);
    } finally {
      await restarted.close();
    }
  });

  it('a job stopped midway by close() runs again, to the same frames, when the transcoder starts again', async () => {
    // Stopped as soon as ffmpeg reports its first progress: the render is then well under way.
    let underWay!: () => void;
    const encoding = new Promise<void>((resolve) => (underWay = resolve));
    const stopped = await createEmbeddedTranscoder({
      stateDir: join(root, 'stopped-jobs'),
      onChange: (job) => {
        if (job.status !== 'SUBMITTED' && (job.progress > 0.02 || job.status !== 'PROGRESSING')) underWay();
      },
    });
    const edit = editOf('edit-render', 2, 30, [[0, 45], [300, 360]]);
    const id = await stopped.submit(jobFor(edit));
    await encoding;
    await stopped.close();
    assert.equal((await stopped.get(id))?.status, 'PROGRESSING');

    const resumed = await createEmbeddedTranscoder({ stateDir: join(root, 'stopped-jobs') });
    try {
      const finished = await resumed.wait(id);
      assert.equal(finished.status, 'COMPLETE', finished.errorMessage);
      assert.deepEqual(await frameCodes(path(finished.outputs[1]!.uris[0]!)), [...frameRange(0, 45), ...frameRange(300, 360)]);
    } finally {
      await resumed.close();
    }
  });
});

describe('rendering at 29.97 fps (drop-frame timecodes) from an MP4 file', () => {
  // generateCase makes whole frame rates only (CaseDefinition.frameRate is 1..120, whole), so the
  // 29.97 source is the same synthetic frame code, encoded here at 30000/1001 with B-frames as a
  // camera file would be. 64 s, so that clips cross the first minute, where drop frame skips ;00 and ;01.
  const RATE = 29.97;
  const SEGMENTS: [number, number][] = [
    [100, 161],
    [1795, 1805],
    [1900, 1918],
  ];
  const EXPECTED = SEGMENTS.flatMap(([a, b]) => frameRange(a, b));
  let root: string;
  let source: string;
  let request: RenderJob;
  let result: Awaited<ReturnType<typeof runRenderJob>>;
  const progress: number[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'render-ntsc-'));
    source = join(root, 'source.mp4');
    const [width, height, seconds, rate] = [640, 360, 64, '30000/1001'];
    const code = frameCodeFilter(width, height);
    await runFfmpeg([
      '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${rate}:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=660:sample_rate=48000:duration=${seconds}`,
      '-f', 'lavfi', '-i', `nullsrc=size=${code.width}x${code.height}:rate=${rate}:duration=${seconds}`,
      '-filter_complex', `[2:v]format=gray,geq=${code.geq},format=yuv420p[code];[0:v][code]overlay=0:0:shortest=1[v]`,
      '-map', '[v]', '-map', '1:a',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '2', '-g', '60', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-t', String(seconds), source,
    ]);
    const edit = editOf('edit-ntsc', 1, RATE, SEGMENTS);
    request = buildRenderJob({
      edit,
      asset: { id: 'case-ntsc', frameRate: RATE, durationSeconds: frameTime(1918, RATE), sourceUri: pathToFileURL(source).href },
      output: { destination: pathToFileURL(join(root, 'renders')).href, name: renderName(edit) },
      correlationId: 'test-render-ntsc',
    });
    result = await runRenderJob(request, { onProgress: (fraction) => progress.push(fraction) });
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('the job names the clips in drop-frame timecode, across the first minute', () => {
    assert.deepEqual(request.Settings.Inputs[0]!.InputClippings, [
      { StartTimecode: '00:00:03;10', EndTimecode: '00:00:05;10' },
      { StartTimecode: '00:00:59;25', EndTimecode: '00:01:00;06' },
      { StartTimecode: '00:01:03;12', EndTimecode: '00:01:03;29' },
    ]);
  });

  it('MP4: first frame 100, last frame 1917, exactly the 89 Edit frames, at 30000/1001', async () => {
    assert.equal(result.status, 'COMPLETE', result.errorMessage);
    assert.equal(result.frameCount, 89);
    const mp4 = path(result.outputs[1]!.uris[0]!);
    assert.deepEqual(await firstAndLast(mp4, 89), [100, 1917]);
    assert.deepEqual(await frameCodes(mp4), EXPECTED);
    assert.deepEqual(await probe(mp4, 'stream=r_frame_rate,nb_frames'), ['30000/1001', '89']);
    const [audio] = await probe(mp4, 'stream=duration', 'a:0');
    assert.ok(Math.abs(Number(audio) - (89 * 1001) / 30_000) <= 1024 / 48_000, `audio lasts ${audio} s`);
  });

  it('CMAF 720p: the same frames, 1795 to 1804 across the minute included', async () => {
    const media = path(result.outputs[0]!.uris[0]!).replace(/index\.m3u8$/, 'media_0.m3u8');
    assert.deepEqual(await firstAndLast(media, 89), [100, 1917]);
    assert.deepEqual(await frameCodes(media), EXPECTED);
  });

  it('reports progress from 0 to 1 without going back', () => {
    assert.equal(progress[0], 0);
    assert.equal(progress.at(-1), 1);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
  });
});

describe('a render that cannot be carried out', () => {
  let root: string;
  let transcoder: EmbeddedTranscoder;
  const edit = editOf('edit-missing', 1, 30, [[0, 30]]);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'render-errors-'));
    transcoder = await createEmbeddedTranscoder({ stateDir: join(root, 'jobs') });
  });
  after(async () => {
    await transcoder?.close();
    await rm(root, { recursive: true, force: true });
  });

  const jobOf = (sourceUri: string, durationSeconds = 12) =>
    buildRenderJob({
      edit,
      asset: { id: 'case-missing', frameRate: 30, durationSeconds, sourceUri },
      output: { destination: pathToFileURL(join(root, 'renders')).href, name: 'edit-missing-v1' },
      correlationId: 'test-errors',
    });

  it('ends in ERROR naming the missing input, and the same request retried after an ERROR is a new job', async () => {
    const request = jobOf(pathToFileURL(join(root, 'no-such-case')).href + '/');
    const id = await transcoder.submit(request);
    const failed = await transcoder.wait(id);
    assert.equal(failed.status, 'ERROR');
    assert.match(failed.errorMessage ?? '', /Settings\.Inputs\[0\]\.FileInput: .*no-such-case\/ does not exist/);
    assert.deepEqual(failed.outputs, []);
    const retry = await transcoder.submit(request);
    assert.notEqual(retry, id);
    assert.equal((await transcoder.wait(retry)).status, 'ERROR');
  });

  it('ends in ERROR when a clipping runs past the source, naming the timecode', async () => {
    const source = join(root, 'short.mp4');
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=1', '-c:v', 'libx264', '-preset', 'ultrafast', source]);
    const request = buildRenderJob({
      edit: editOf('edit-long', 1, 30, [[15, 45]]),
      asset: { id: 'case-short', frameRate: 30, durationSeconds: 12, sourceUri: pathToFileURL(source).href },
      output: { destination: pathToFileURL(join(root, 'renders')).href, name: 'edit-long-v1' },
      correlationId: 'test-errors',
    });
    const failed = await transcoder.wait(await transcoder.submit(request));
    assert.equal(failed.status, 'ERROR');
    assert.match(failed.errorMessage ?? '', /InputClippings\[0\]\.EndTimecode: 00:00:01:14 is past the source's last frame 00:00:00:29/);
  });

  it('refuses at once a job it cannot read, naming the field, and knows no job by an unknown id', async () => {
    const request = jobOf('file:///tmp/x.mp4');
    const hls = structuredClone(request) as unknown as { Settings: { OutputGroups: { OutputGroupSettings: { Type: string } }[] } };
    hls.Settings.OutputGroups[0]!.OutputGroupSettings.Type = 'HLS_GROUP_SETTINGS';
    await assert.rejects(transcoder.submit(hls as unknown as RenderJob), /Settings\.OutputGroups\[0\]\.OutputGroupSettings\.Type/);
    assert.equal(await transcoder.get('0-none'), undefined);
    await assert.rejects(transcoder.wait('0-none'), /No transcode job/);
  });
});
