import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EditValidationError, frameTime, parseEdit, type Edit } from '@surgery-video/client';
import { timecodeToFrames } from '../../src/render/frames-to-timecode.js';
import { buildRenderJob, captureCount, editFrames, renderName, renderRequestToken, type BuildRenderJobOptions } from '../../src/render/mediaconvert-job.js';
import { readRenderJob } from '../../src/transcoder/render-plan.js';

const json = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const EDIT = parseEdit(json('./fixtures/edit-case-001.json'));
const NTSC_EDIT = parseEdit(json('./fixtures/edit-ntsc.json'));

const CASE_001: BuildRenderJobOptions = {
  edit: EDIT,
  asset: { id: 'case-001', frameRate: 30, durationSeconds: 60, sourceUri: 's3://surgery-video-media/vod/case-001/master.m3u8' },
  output: { destination: 's3://surgery-video-renders/renders/', name: 'edit-7-v3' },
  role: 'arn:aws:iam::123456789012:role/SurgeryVideoMediaConvert',
  queue: 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default',
  correlationId: 'req-01HZX4C2',
};

const NTSC: BuildRenderJobOptions = {
  edit: NTSC_EDIT,
  asset: { id: 'case-ntsc', frameRate: 29.97, durationSeconds: 1200, sourceUri: 's3://surgery-video-media/uploads/case-ntsc/source.mp4' },
  output: { destination: 's3://surgery-video-renders/renders', name: 'edit-ntsc-v1' },
  correlationId: 'req-01HZX4C3',
};

function editWith(segments: [number, number][], frameRate: number): Edit {
  return { ...EDIT, segments: segments.map(([a, b]) => ({ start: frameTime(a, frameRate), end: frameTime(b, frameRate) })), annotations: [] };
}

describe('buildRenderJob: the MediaConvert CreateJob body (golden)', () => {
  it('renders the case-001 fixture edit as render-job-case-001.json: clippings, CMAF ladder, MP4, thumbnails, role, queue, metadata', () => {
    assert.deepEqual(buildRenderJob(CASE_001), json('./golden/render-job-case-001.json'));
  });

  it('renders the 29.97 fixture edit as render-job-ntsc.json: drop-frame timecodes across the first and tenth minute', () => {
    assert.deepEqual(buildRenderJob(NTSC), json('./golden/render-job-ntsc.json'));
  });

  it('is plain JSON: it survives a round trip through JSON unchanged', () => {
    const job = buildRenderJob(CASE_001);
    assert.deepEqual(JSON.parse(JSON.stringify(job)), job);
  });

  it('is read back by the embedded transcoder as one input with the clippings and three output groups', () => {
    const plan = readRenderJob(buildRenderJob(CASE_001));
    assert.deepEqual(plan.input.clippings, [
      { start: '00:00:01:01', end: '00:00:03:04' },
      { start: '00:00:24:00', end: '00:00:30:14' },
    ]);
    assert.deepEqual(
      plan.outputs.map((output) => [output.group, output.kind]),
      [
        ['CMAF', 'cmaf'],
        ['MP4', 'mp4'],
        ['Thumbnails', 'frame-capture'],
      ],
    );
  });
});

describe('buildRenderJob: input clippings hold exactly the Edit frames [start, end)', () => {
  // [frame rate, source frames [a, b) of one segment, StartTimecode, EndTimecode (frame b - 1, inclusive)]
  const TABLE: [number, [number, number], string, string][] = [
    [25, [0, 25], '00:00:00:00', '00:00:00:24'],
    [25, [1490, 1510], '00:00:59:15', '00:01:00:09'],
    [30, [31, 95], '00:00:01:01', '00:00:03:04'],
    [30, [200, 260], '00:00:06:20', '00:00:08:19'],
    [29.97, [1795, 1805], '00:00:59;25', '00:01:00;06'],
    [29.97, [1799, 1801], '00:00:59;29', '00:01:00;02'],
    [29.97, [17_980, 17_984], '00:09:59;28', '00:10:00;01'],
    [50, [0, 51], '00:00:00:00', '00:00:01:00'],
    [59.94, [3598, 3602], '00:00:59;58', '00:01:00;05'],
    [24, [47, 49], '00:00:01:23', '00:00:02:00'],
    [23.976, [1439, 1441], '00:00:59:23', '00:01:00:00'],
    [23.976, [86_399, 86_401], '00:59:59:23', '01:00:00:00'],
  ];

  for (const [frameRate, [a, b], start, end] of TABLE) {
    it(`${frameRate} fps, frames ${a}–${b - 1}: ${start} to ${end}`, () => {
      const job = buildRenderJob({
        ...CASE_001,
        edit: editWith([[a, b]], frameRate),
        asset: { ...CASE_001.asset, frameRate, durationSeconds: frameTime(b + 100, frameRate) },
      });
      const [clipping] = job.Settings.Inputs[0]!.InputClippings;
      assert.deepEqual(clipping, { StartTimecode: start, EndTimecode: end });
      // MediaConvert keeps both named frames, so the clip is b - a frames long.
      assert.equal(timecodeToFrames(end, frameRate) - timecodeToFrames(start, frameRate) + 1, b - a);
    });
  }

  it('takes segment times to the nearest frame boundary, as snapToFrame does', () => {
    const edit: Edit = { ...EDIT, segments: [{ start: 1.01, end: 1.49 }] };
    assert.deepEqual(editFrames(edit, 30), [[30, 45]]);
    assert.deepEqual(buildRenderJob({ ...CASE_001, edit }).Settings.Inputs[0]!.InputClippings, [{ StartTimecode: '00:00:01:00', EndTimecode: '00:00:01:14' }]);
  });

  it('keeps touching segments as two clippings that join without a gap or a repeated frame', () => {
    const job = buildRenderJob({ ...CASE_001, edit: editWith([[30, 60], [60, 90]], 30) });
    assert.deepEqual(job.Settings.Inputs[0]!.InputClippings, [
      { StartTimecode: '00:00:01:00', EndTimecode: '00:00:01:29' },
      { StartTimecode: '00:00:02:00', EndTimecode: '00:00:02:29' },
    ]);
  });

  it('takes a capture every 2 s of the rendered edit, the first one its first frame', () => {
    assert.equal(captureCount([[0, 60]], 30, 1, 2), 1);
    assert.equal(captureCount([[0, 61]], 30, 1, 2), 2);
    assert.equal(captureCount([[31, 95], [200, 260]], 30, 1, 2), 3);
    // 60 frames at 29.97 last 2.002 s: a second capture falls at 2 s.
    assert.equal(captureCount([[0, 60]], 29.97, 1, 2), 2);
    assert.equal(captureCount([[0, 59]], 29.97, 1, 2), 1);
  });
});

describe('ClientRequestToken', () => {
  it('is the same for every submission of one edit version, whatever the request around it', () => {
    const first = buildRenderJob(CASE_001);
    const again = buildRenderJob({ ...CASE_001, correlationId: 'req-other', output: { destination: 'file:///tmp/renders/', name: 'x' } });
    assert.equal(again.ClientRequestToken, first.ClientRequestToken);
    assert.equal(first.ClientRequestToken, renderRequestToken('edit-7', 3));
    assert.match(first.ClientRequestToken, /^[0-9a-f]{64}$/);
  });

  it('differs between versions and between edits', () => {
    const tokens = new Set([renderRequestToken('edit-7', 3), renderRequestToken('edit-7', 4), renderRequestToken('edit-8', 3), renderRequestToken('edit-73', 3)]);
    assert.equal(tokens.size, 4);
  });
});

describe('buildRenderJob refuses what cannot be rendered', () => {
  it('an edit with no segments', () => {
    assert.throws(() => buildRenderJob({ ...CASE_001, edit: { ...EDIT, segments: [] } }), /edit "edit-7" has no segments/);
  });

  it('an edit that runs past the asset, naming the field', () => {
    assert.throws(
      () => buildRenderJob({ ...CASE_001, asset: { ...CASE_001.asset, durationSeconds: 20 } }),
      (error: unknown) => error instanceof EditValidationError && /segments\[1\]\.end/.test(error.message),
    );
  });

  it('a frame rate that has no timecode', () => {
    assert.throws(() => buildRenderJob({ ...CASE_001, asset: { ...CASE_001.asset, frameRate: 12.5 } }), /12.5 has no SMPTE timecode/);
  });

  it('a destination that is not an s3:// or file:// folder, a bad name, a missing correlation id', () => {
    assert.throws(() => buildRenderJob({ ...CASE_001, output: { destination: 'https://example.com/', name: 'x' } }), /output\.destination/);
    assert.throws(() => buildRenderJob({ ...CASE_001, output: { destination: 's3://bucket/', name: '../x' } }), /output\.name/);
    assert.throws(() => buildRenderJob({ ...CASE_001, correlationId: '' }), /correlationId/);
  });

  it('names renders after the edit and its version', () => {
    assert.equal(renderName(EDIT), 'edit-7-v3');
  });
});
