/**
 * Smart rendering of a recorded-case ladder: the source segments wholly inside a clipping reach
 * the viewer as the source's own pictures (copied, no second generation of compression), the cut
 * segments are encoded again, and the whole still holds exactly the Edit's frames. A ladder the
 * edges cannot be joined to (encoded with other coding tools) is rendered in full instead, to the
 * same frames.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { frameTime, type Edit } from '@surgery-video/client';
import { generateCase } from '../../src/media/recorded-cases.js';
import { buildRenderJob, renderName } from '../../src/render/mediaconvert-job.js';
import { runRenderJob, type TranscodeResult } from '../../src/transcoder/ffmpeg-transcoder.js';
import { opensWithIdr, parameterSets } from '../../src/transcoder/smart-render.js';
import { frameCodes, frameRange } from './rendered-frames.js';

const run = promisify(execFile);

// 2 s source segments (60 frames): 31–199 cuts segment 0 and 3 and holds 1–2 whole; 240–299 is segment 4 exactly.
const CLIPS: [number, number][] = [
  [31, 200],
  [240, 300],
];
const EXPECTED = [...frameRange(31, 200), ...frameRange(240, 300)];
const PLAYLISTS = ['media_0.m3u8', 'media_1.m3u8', 'media_2.m3u8'];

function edit(version: number): Edit {
  return {
    schema: 'surgery-video/edit@1', id: 'edit-smart', assetId: 'case-smart', title: 'Smart render', version, status: 'returned',
    segments: CLIPS.map(([a, b]) => ({ start: frameTime(a, 30), end: frameTime(b, 30) })),
    annotations: [], createdBy: 'trainee-1', createdAt: '2026-03-01T09:30:00Z', updatedAt: '2026-03-01T09:30:00Z',
  };
}

/** MD5 of every decoded picture of `input`, in presentation order. */
async function pictureHashes(input: string): Promise<string[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', input, '-map', '0:v:0', '-fps_mode', 'passthrough', '-f', 'framemd5', '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => line.split(',').at(-1)!.trim());
}

async function render(root: string, caseDir: string, name: string): Promise<{ result: TranscodeResult; cmaf: string }> {
  const job = buildRenderJob({
    edit: edit(1),
    asset: { id: 'case-smart', frameRate: 30, durationSeconds: 10, sourceUri: `${pathToFileURL(caseDir).href}/` },
    output: { destination: pathToFileURL(join(root, name)).href, name: renderName(edit(1)) },
    correlationId: `test-${name}`,
  });
  const result = await runRenderJob(job);
  assert.equal(result.status, 'COMPLETE', result.errorMessage);
  return { result, cmaf: fileURLToPath(result.outputs[0]!.uris[0]!).replace(/index\.m3u8$/, '') };
}

describe('smart rendering: whole source segments copied, cut ones encoded', () => {
  let root: string;
  const caseDirs = { ultrafast: '', cabac: '' };
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'smart-render-'));
    const definition = { id: 'case-smart', title: 'Smart render', durationSeconds: 10, frameRate: 30, chapters: [{ title: 'All', start: 0, narration: ['Check.'] }] };
    caseDirs.ultrafast = join(root, 'ultrafast', 'case-smart');
    caseDirs.cabac = join(root, 'cabac', 'case-smart');
    await generateCase(definition, caseDirs.ultrafast);
    // `veryfast` codes with CABAC: its PPS differs from the edges', so they cannot be joined to it.
    await generateCase(definition, caseDirs.cabac, { settings: { preset: 'veryfast' } });
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('every rendition holds exactly the Edit frames; the copied ones are the source pictures bit for bit', async () => {
    const { result, cmaf } = await render(root, caseDirs.ultrafast, 'renders-ultrafast');
    assert.equal(result.frameCount, EXPECTED.length);
    for (const playlist of PLAYLISTS) {
      assert.deepEqual(await frameCodes(join(cmaf, playlist)), EXPECTED, playlist);
      const rendered = await pictureHashes(join(cmaf, playlist));
      const source = await pictureHashes(join(caseDirs.ultrafast, playlist));
      // Source frames 60–179 (Edit frames 29–148) and 240–299 (Edit frames 169–228) are whole segments.
      assert.deepEqual(rendered.slice(29, 149), source.slice(60, 180), `${playlist}: segments 1–2`);
      assert.deepEqual(rendered.slice(169, 229), source.slice(240, 300), `${playlist}: segment 4`);
    }
    // Segments start on the copied keyframes: the first holds the 29 re-encoded frames and the next
    // GOP (89 frames). The playlists and the MPD bound every segment as HLS and DASH require.
    let longest = 0;
    for (const playlist of [...PLAYLISTS, 'media_3.m3u8']) {
      const text = await readFile(join(cmaf, playlist), 'utf8');
      const extinfs = [...text.matchAll(/#EXTINF:([\d.]+),/g)].map((match) => Number(match[1]));
      const target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)?.[1]);
      for (const extinf of extinfs) assert.ok(Math.round(extinf) <= target, `${playlist}: EXTINF ${extinf} over TARGETDURATION ${target}`);
      longest = Math.max(longest, ...extinfs);
    }
    assert.ok(Math.abs(longest - 89 / 30) < 1e-3, `longest segment ${longest} s`);
    const mpd = await readFile(join(cmaf, 'index.mpd'), 'utf8');
    assert.match(mpd, /maxSegmentDuration="PT2\.967S"/);

    const mp4 = fileURLToPath(result.outputs[1]!.uris[0]!);
    assert.deepEqual(await frameCodes(mp4), EXPECTED);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,duration', '-of', 'csv=p=0', mp4]);
    for (const line of stdout.trim().split('\n')) {
      // Picture and sound both last the Edit's 229 frames (sound within one AAC frame).
      const [, duration] = line.split(',');
      assert.ok(Math.abs(Number(duration) - EXPECTED.length / 30) <= 1024 / 48_000, line);
    }
  });

  it('a source coded with other tools (CABAC) is rendered in full, to the same frames', async () => {
    const { cmaf } = await render(root, caseDirs.cabac, 'renders-cabac');
    const rendered = await pictureHashes(join(cmaf, 'media_0.m3u8'));
    const source = await pictureHashes(join(caseDirs.cabac, 'media_0.m3u8'));
    assert.deepEqual(await frameCodes(join(cmaf, 'media_0.m3u8')), EXPECTED);
    // Encoded again: the pictures of a whole source segment are not the source's.
    assert.notDeepEqual(rendered.slice(29, 149), source.slice(60, 180));
  });
});

describe('smart rendering: reading the H.264 pieces', () => {
  it('tells a stream that opens on a keyframe from one cut after it, and reads its SPS and PPS', async () => {
    const root = await mkdtemp(join(tmpdir(), 'smart-nal-'));
    try {
      const stream = join(root, 'gop.h264');
      await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=30:duration=0.5', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-f', 'h264', stream]);
      const data = new Uint8Array(await readFile(stream));
      assert.equal(opensWithIdr(data), true);
      // Type 7 (SPS) then type 8 (PPS), each once, however many times the stream repeats them.
      const sets = parameterSets(data).split(',');
      assert.deepEqual(sets.map((hex) => Number.parseInt(hex.slice(0, 2), 16) & 0x1f), [7, 8]);
      // From the second picture on (a P picture): what a segment that does not start on a keyframe holds.
      const pictures = [...data.keys()].filter((i) => i + 3 < data.length && data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1 && [1, 5].includes(data[i + 3]! & 0x1f));
      assert.ok(pictures.length > 1, `${pictures.length} pictures`);
      assert.equal(opensWithIdr(data.subarray(pictures[1]!)), false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
