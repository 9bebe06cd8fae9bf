/**
 * Golden wire bodies: the exact CreateJob JSON that reaches MediaConvert (as the SDK client puts
 * it on the wire, lowerCamelCase) for the case-001 edit at 30 fps, the 29.97 fixture and a 59.94
 * edit across the minute boundaries where drop-frame labels skip. Nothing is normalised: every
 * byte of the body follows from the edit (the token is a hash of the edit id and version).
 * Regenerate on purpose with UPDATE_GOLDEN=1 and read the diff.
 *
 * Each clipping at the wire is also read back to frames, which must be the Edit's frames.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { frameTime, parseEdit, type Edit } from '@surgery-video/client';
import { createMediaConvertTranscoder } from '../../src/aws/mediaconvert-transcoder.js';
import { timecodeToFrames } from '../../src/render/frames-to-timecode.js';
import { buildRenderJob, editFrames, type BuildRenderJobOptions } from '../../src/render/mediaconvert-job.js';
import { mediaConvertResponder } from './mediaconvert-responder.js';
import { startRecordingEndpoint, TEST_CREDENTIALS, type RecordingEndpoint } from './recording-endpoint.js';

const ROLE = 'arn:aws:iam::123456789012:role/SurgeryVideoMediaConvert';
const QUEUE = 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default';
const fixture = (name: string): Edit => parseEdit(JSON.parse(readFileSync(new URL(`../render/fixtures/${name}`, import.meta.url), 'utf8')));

/** Frames [3590, 3602) cross minute 1 (labels ;00 to ;03 skipped), [35960, 35968) cross minute 10 (none skipped). */
const EDIT_5994: Edit = {
  ...fixture('edit-ntsc.json'),
  id: 'edit-5994',
  assetId: 'case-5994',
  title: 'Across the first and tenth minute at 59.94',
  segments: [
    [3590, 3602],
    [35_960, 35_968],
  ].map(([a, b]) => ({ start: frameTime(a!, 59.94), end: frameTime(b!, 59.94) })),
};

const CASES: [golden: string, options: BuildRenderJobOptions, clippings: [string, string][]][] = [
  [
    'create-job-case-001.json',
    {
      edit: fixture('edit-case-001.json'),
      asset: { id: 'case-001', frameRate: 30, durationSeconds: 60, sourceUri: 's3://surgery-video-media/vod/case-001/master.m3u8' },
      output: { destination: 's3://surgery-video-renders/renders/', name: 'edit-7-v3' },
      correlationId: 'req-01HZX4C2',
    },
    [
      ['00:00:01:01', '00:00:03:04'],
      ['00:00:24:00', '00:00:30:14'],
    ],
  ],
  [
    'create-job-ntsc-29.97.json',
    {
      edit: fixture('edit-ntsc.json'),
      asset: { id: 'case-ntsc', frameRate: 29.97, durationSeconds: 1200, sourceUri: 's3://surgery-video-media/uploads/case-ntsc/source.mp4' },
      output: { destination: 's3://surgery-video-renders/renders/', name: 'edit-ntsc-v1' },
      correlationId: 'req-01HZX4C3',
    },
    [
      ['00:00:03;10', '00:00:05;10'],
      ['00:00:59;25', '00:01:00;06'],
      ['00:09:59;28', '00:10:00;01'],
    ],
  ],
  [
    'create-job-59.94.json',
    {
      edit: EDIT_5994,
      asset: { id: 'case-5994', frameRate: 59.94, durationSeconds: 1200, sourceUri: 's3://surgery-video-media/uploads/case-5994/source.mp4' },
      output: { destination: 's3://surgery-video-renders/renders/', name: 'edit-5994-v1' },
      correlationId: 'req-01HZX4C4',
    },
    [
      // Minute 0 keeps every label: 3599 is 00:00:59;59, and 3600 is 00:01:00;04 (;00 to ;03 are skipped).
      ['00:00:59;50', '00:01:00;05'],
      // 35 964 frames make ten drop-frame minutes: 35 963 is 00:09:59;59, 35 964 is 00:10:00;00.
      ['00:09:59;56', '00:10:00;03'],
    ],
  ],
];

describe('CreateJob at the wire (golden)', () => {
  let endpoint: RecordingEndpoint;
  let client: MediaConvertClient;

  before(async () => {
    endpoint = await startRecordingEndpoint({ service: 'mediaconvert' }, mediaConvertResponder({ sources: {} }).respond);
    client = new MediaConvertClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS });
  });
  after(async () => {
    client.destroy();
    await endpoint.close();
  });

  for (const [golden, options, clippings] of CASES) {
    it(`${options.asset.frameRate} fps: the body equals golden/${golden}, and its clippings are the Edit's frames`, async () => {
      endpoint.requests.length = 0;
      const transcoder = createMediaConvertTranscoder({ client, role: ROLE, queue: QUEUE });
      await transcoder.submit(buildRenderJob(options));
      assert.equal(endpoint.requests.length, 1);
      const body = endpoint.requests[0]!.json() as { settings: { inputs: { inputClippings: { startTimecode: string; endTimecode: string }[] }[] } };
      const file = new URL(`./golden/${golden}`, import.meta.url);
      if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
      assert.deepEqual(body, JSON.parse(readFileSync(file, 'utf8')));

      const wire = body.settings.inputs[0]!.inputClippings;
      assert.deepEqual(wire.map((clip) => [clip.startTimecode, clip.endTimecode]), clippings);
      const rate = options.asset.frameRate;
      assert.deepEqual(
        wire.map((clip) => [timecodeToFrames(clip.startTimecode, rate), timecodeToFrames(clip.endTimecode, rate) + 1]),
        editFrames(options.edit, rate),
      );
    });
  }
});
