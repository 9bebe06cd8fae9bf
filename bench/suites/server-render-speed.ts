/**
 * Render speed of the embedded transcoder: a 50 s, two-segment Edit of the 720p case-001, built
 * into the very MediaConvert job the AWS adapter sends (buildRenderJob) and carried out by ffmpeg
 * (runRenderJob): the 720p/480p/240p CMAF ladder, the 720p MP4 and the thumbnails, checked frame
 * for frame. Speed is seconds of output per wall second (a multiple of real time). The baseline,
 * in the same run, is ffmpeg decoding the same source span alone: the floor of any render.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Edit } from '@surgery-video/client';
import { buildRenderJob, ensureRecordedCases, renderName, runRenderJob } from '@surgery-video/server-kit';
import type { BenchSuiteResult } from '../lib/bench-result.js';

const run_ = promisify(execFile);
const ROUNDS = 2;
const SEGMENTS = [
  { start: 2, end: 32 },
  { start: 35, end: 55 },
];

function edit(version: number): Edit {
  return {
    schema: 'surgery-video/edit@1', id: 'edit-bench-render', assetId: 'case-001', title: 'Render speed', version, status: 'returned',
    segments: SEGMENTS, annotations: [], createdBy: 'trainee-1', createdAt: '2026-03-01T09:30:00Z', updatedAt: '2026-03-01T09:30:00Z',
  };
}

const span = SEGMENTS.reduce((sum, s) => sum + s.end - s.start, 0);

/** `concat:` of the top rendition's init segment and its first segments covering `seconds`. */
async function topRenditionConcat(caseDir: string, seconds: number): Promise<string> {
  const playlist = await readFile(join(caseDir, 'media_0.m3u8'), 'utf8');
  const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)?.[1];
  if (!init) throw new Error('media_0.m3u8 has no EXT-X-MAP');
  const files: string[] = [];
  let covered = 0;
  let duration = 0;
  for (const line of playlist.split('\n').map((entry) => entry.trim())) {
    if (covered >= seconds) break;
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line && !line.startsWith('#')) {
      files.push(join(caseDir, line));
      covered += duration;
    }
  }
  return `concat:${[join(caseDir, init), ...files].join('|')}`;
}

export async function run(context: { dataDir: string }): Promise<BenchSuiteResult> {
  await ensureRecordedCases({ dataDir: context.dataDir });
  const caseDir = join(context.dataDir, 'media', 'vod', 'case-001');
  const out = await mkdtemp(join(tmpdir(), 'bench-render-speed-'));
  try {
    const speeds: number[] = [];
    const decodeSpeeds: number[] = [];
    let seconds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // The baseline: decode as many seconds of the source's top rendition (its init segment and
      // media segments joined, as the transcoder reads them), no filter, no encode.
      const decodeStart = performance.now();
      const { stdout } = await run_('ffmpeg', ['-v', 'error', '-progress', 'pipe:1', '-i', await topRenditionConcat(caseDir, span), '-t', String(span), '-an', '-f', 'null', '-']);
      const decoded = Number([...stdout.matchAll(/^frame=(\d+)$/gm)].at(-1)?.[1] ?? 0);
      if (decoded < span * 30 - 1) throw new Error(`the baseline decoded ${decoded} frames; expected ${span * 30}`);
      decodeSpeeds.push(span / ((performance.now() - decodeStart) / 1000));

      const job = buildRenderJob({
        edit: edit(round + 1),
        asset: { id: 'case-001', frameRate: 30, durationSeconds: 60, sourceUri: `${pathToFileURL(caseDir).href}/` },
        output: { destination: `${pathToFileURL(out).href}/`, name: renderName(edit(round + 1)) },
        correlationId: `bench-render-${round}`,
      });
      const started = performance.now();
      const result = await runRenderJob(job);
      const wall = (performance.now() - started) / 1000;
      if (result.status !== 'COMPLETE') throw new Error(`the render failed: ${result.errorMessage}`);
      seconds = result.durationSeconds!;
      speeds.push(seconds / wall);
    }
    const speed = Math.max(...speeds);
    const decode = Math.max(...decodeSpeeds);
    return {
      suite: 'Render speed (embedded transcoder, 720p)',
      figures: [
        {
          name: `render of a ${seconds.toFixed(0)} s Edit: 720p/480p/240p CMAF + 720p MP4 + thumbnails, frame counts checked (best of ${ROUNDS})`,
          value: speed,
          unit: '× real time',
          baseline: { name: 'ffmpeg decoding the same span alone', value: decode },
          ratio: speed,
          goal: '≥ 10× real time',
          met: speed >= 10,
        },
        { name: 'render, slowest round', value: Math.min(...speeds), unit: '× real time' },
      ],
      notes: [
        "Smart rendering: for each rung, the source's CMAF segments that lie wholly inside a clipping are copied as they are; only the segments a clipping cuts are decoded, trimmed by frame number and encoded again (x264 ultrafast, ABR under the rung's MaxBitrate, SPS/PPS checked byte for byte against the source's), each rung from the source rung of its size. A source that does not allow it gets the full re-encode (ultrafast with CABAC and deblocking, the MP4 muxed from the 720p rung's packets).",
        "Copied segments keep the source's encoding rather than the job's QVBR level, and a clip's first segment may run up to one GOP longer than the job's segment length (TARGETDURATION covers it): the two ways this differs from MediaConvert.",
        "2 cores shared with other work running at the same time: the wall-clock figure depends heavily on it.",
      ],
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
