/**
 * The ffmpeg run a render plan becomes, read as arguments (pure), and the HLS master's BANDWIDTH
 * as measured from the files a render wrote. What the outputs hold, frame by frame, is checked by
 * render-frame-accuracy.test.ts; this file pins how the work is shared out.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { measureMasterBandwidth } from '../../src/transcoder/hls-bandwidth.js';
import { renderCommand } from '../../src/transcoder/render-command.js';
import { readRenderJob } from '../../src/transcoder/render-plan.js';
import type { SourceMedia } from '../../src/transcoder/source-media.js';

const GOLDEN = JSON.parse(readFileSync(new URL('../render/golden/render-job-case-001.json', import.meta.url), 'utf8')) as Record<string, any>;

/** The golden job with file:// destinations (the embedded transcoder writes files). */
function localJob(change: (job: Record<string, any>) => void = () => {}): unknown {
  const job = structuredClone(GOLDEN);
  job['Settings']['Inputs'][0]['FileInput'] = 'file:///cases/case-001/source.mp4';
  for (const group of job['Settings']['OutputGroups']) {
    const settings = group['OutputGroupSettings'];
    const inner = settings['CmafGroupSettings'] ?? settings['FileGroupSettings'];
    inner['Destination'] = String(inner['Destination']).replace(/^s3:\/\/[^/]+\//, 'file:///renders/');
  }
  change(job);
  return job;
}

const SOURCE: SourceMedia = {
  uri: 'file:///cases/case-001/source.mp4',
  kind: 'file',
  path: '/cases/case-001/source.mp4',
  frameRate: { num: 30, den: 1 },
  videoStart: 0,
  width: 1280,
  height: 720,
  frameCount: 1800,
  hasAudio: true,
};
const CLIPS = [[31, 95], [720, 915]] as const;

const graphOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1]!;
const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

describe('renderCommand: one decode, and no rung encoded twice', () => {
  it('writes the 720p MP4 from the 720p CMAF rung\'s packets, through tee, with out-of-band headers', () => {
    const command = renderCommand(readRenderJob(localJob()), SOURCE, CLIPS);
    const graph = graphOf(command.args);
    // Three rungs and the thumbnails are scaled; the MP4 is not a fifth tap.
    assert.equal(count(graph, /scale=1280:720/g), 1);
    assert.match(graph, /split=4\[/);
    const tee = command.args[command.args.indexOf('tee') + 1]!;
    assert.match(tee, /^\[f=dash:/);
    // `select=v:0,a` (the rung and the sound), escaped once for the slave's options and once for tee's `|`.
    assert.match(tee, /\|\[f=mp4:select=v\\\\:0,a:movflags=\+faststart\]\/renders\/.*\.mp4$/);
    assert.ok(command.args.includes('+global_header'));
    // The MP4 is still listed, and its frames counted, like every video output.
    assert.equal(command.outputs.filter((output) => output.kind === 'mp4').length, 1);
    assert.ok(command.videoFiles.some((file) => file.endsWith('.mp4')));
    assert.equal(count(command.args.join(' '), /-c:v libx264/g), 1);
  });

  it('encodes an MP4 of its own when its settings differ from every rung', () => {
    const job = localJob((j) => {
      const file = j['Settings']['OutputGroups'].find((g: any) => g['OutputGroupSettings']['Type'] === 'FILE_GROUP_SETTINGS');
      const mp4 = file['Outputs'].find((o: any) => o['ContainerSettings']['Container'] === 'MP4');
      mp4['VideoDescription']['CodecSettings']['H264Settings']['MaxBitrate'] = 4_000_000;
    });
    const command = renderCommand(readRenderJob(job), SOURCE, CLIPS);
    assert.ok(!command.args.includes('tee'));
    assert.equal(count(graphOf(command.args), /scale=1280:720/g), 2);
    assert.equal(count(command.args.join(' '), /-c:v libx264/g), 2);
    assert.ok(command.args.includes('4000000'));
  });

  it('maps MediaConvert\'s MAIN profile to CABAC and deblocking whatever the preset', () => {
    const command = renderCommand(readRenderJob(localJob()), SOURCE, CLIPS, { preset: 'veryfast' });
    const at = command.args.indexOf('-x264-params');
    assert.equal(command.args[at + 1], 'cabac=1:deblock=0,0');
    assert.equal(command.args[command.args.indexOf('-preset') + 1], 'veryfast');
    assert.equal(renderCommand(readRenderJob(localJob()), SOURCE, CLIPS).args[command.args.indexOf('-preset') + 1], 'ultrafast');
  });
});

describe('measureMasterBandwidth: BANDWIDTH is the peak segment rate, audio included', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hls-bandwidth-'));
    const media = (segments: string[]) => ['#EXTM3U', '#EXT-X-TARGETDURATION:2', ...segments.flatMap((name) => ['#EXTINF:2.000000,', name]), '#EXT-X-ENDLIST', ''].join('\n');
    await writeFile(join(dir, 'media_0.m3u8'), media(['v0-1.m4s', 'v0-2.m4s']));
    await writeFile(join(dir, 'media_1.m3u8'), media(['v1-1.m4s']));
    await writeFile(join(dir, 'media_2.m3u8'), media(['a-1.m4s', 'a-2.m4s']));
    // Peaks: v0 500 000 bytes / 2 s = 2 000 000 b/s; v1 50 000 / 2 = 200 000; audio 30 000 / 2 = 120 000.
    for (const [name, size] of [['v0-1.m4s', 400_000], ['v0-2.m4s', 500_000], ['v1-1.m4s', 50_000], ['a-1.m4s', 20_000], ['a-2.m4s', 30_000]] as const) {
      await writeFile(join(dir, name), Buffer.alloc(size));
    }
    await writeFile(
      join(dir, 'index.m3u8'),
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_2",DEFAULT=YES,URI="media_2.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=2920653,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="group_A1"',
        'media_0.m3u8',
        '',
        '#EXT-X-STREAM-INF:BANDWIDTH=98234,RESOLUTION=426x240,CODECS="avc1.4d4015,mp4a.40.2",AUDIO="group_A1"',
        'media_1.m3u8',
        '',
      ].join('\n'),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('rewrites each variant\'s BANDWIDTH and leaves every other attribute and line as it was', async () => {
    const master = await measureMasterBandwidth(join(dir, 'index.m3u8'));
    const lines = master.split('\n');
    assert.equal(lines[3], '#EXT-X-STREAM-INF:BANDWIDTH=2120000,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="group_A1"');
    assert.equal(lines[6], '#EXT-X-STREAM-INF:BANDWIDTH=320000,RESOLUTION=426x240,CODECS="avc1.4d4015,mp4a.40.2",AUDIO="group_A1"');
    assert.deepEqual([lines[0], lines[2], lines[4], lines[7]], ['#EXTM3U', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_2",DEFAULT=YES,URI="media_2.m3u8"', 'media_0.m3u8', 'media_1.m3u8']);
  });
});
