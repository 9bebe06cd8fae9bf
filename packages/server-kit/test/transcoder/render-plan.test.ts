import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readRenderJob } from '../../src/transcoder/render-plan.js';
import { clipFrames } from '../../src/transcoder/ffmpeg-transcoder.js';

/** The golden case-001 job, as MediaConvert gets it. */
const GOLDEN = JSON.parse(readFileSync(new URL('../render/golden/render-job-case-001.json', import.meta.url), 'utf8')) as Record<string, any>;

function changed(change: (job: Record<string, any>) => void): unknown {
  const job = structuredClone(GOLDEN);
  change(job);
  return job;
}

describe('readRenderJob: the embedded transcoder reads the MediaConvert job', () => {
  it('as one input, its clippings, and outputs named as MediaConvert names them', () => {
    const plan = readRenderJob(GOLDEN);
    assert.equal(plan.input.uri, 's3://surgery-video-media/vod/case-001/master.m3u8');
    assert.equal(plan.clientRequestToken, GOLDEN['ClientRequestToken']);
    assert.deepEqual(plan.outputs[0], {
      kind: 'cmaf',
      group: 'CMAF',
      destination: 's3://surgery-video-renders/renders/edit-7-v3/cmaf/index',
      segmentSeconds: 2,
      renditions: [
        { width: 1280, height: 720, maxBitrate: 1_800_000, qualityLevel: 7, nameModifier: '_720p' },
        { width: 854, height: 480, maxBitrate: 800_000, qualityLevel: 7, nameModifier: '_480p' },
        { width: 426, height: 240, maxBitrate: 300_000, qualityLevel: 7, nameModifier: '_240p' },
      ],
      audio: { bitrate: 96_000, sampleRate: 48_000, channels: 2 },
    });
    assert.deepEqual(plan.outputs[1], {
      kind: 'mp4',
      group: 'MP4',
      uri: 's3://surgery-video-renders/renders/edit-7-v3/mp4/edit-7-v3.mp4',
      video: { width: 1280, height: 720, maxBitrate: 1_800_000, qualityLevel: 7 },
      audio: { bitrate: 96_000, sampleRate: 48_000, channels: 2 },
    });
    assert.deepEqual(plan.outputs[2], {
      kind: 'frame-capture',
      group: 'Thumbnails',
      prefix: 's3://surgery-video-renders/renders/edit-7-v3/thumbnails/thumb',
      extension: 'jpg',
      width: 640,
      height: 360,
      numerator: 1,
      denominator: 2,
      maxCaptures: 5,
      quality: 80,
    });
  });

  // Each change, and the field the refusal names.
  const REFUSALS: [string, (job: Record<string, any>) => void, RegExp][] = [
    ['a second input', (job) => job.Settings.Inputs.push(job.Settings.Inputs[0]), /^Settings\.Inputs: .*exactly one input/],
    ['embedded timecodes', (job) => (job.Settings.Inputs[0].TimecodeSource = 'EMBEDDED'), /^Settings\.Inputs\[0\]\.TimecodeSource/],
    ['a clipping with neither end', (job) => (job.Settings.Inputs[0].InputClippings[1] = {}), /^Settings\.Inputs\[0\]\.InputClippings\[1\]: give StartTimecode/],
    ['no FileInput', (job) => delete job.Settings.Inputs[0].FileInput, /^Settings\.Inputs\[0\]\.FileInput: must be a non-empty string/],
    ['an HLS group', (job) => (job.Settings.OutputGroups[0].OutputGroupSettings.Type = 'HLS_GROUP_SETTINGS'), /^Settings\.OutputGroups\[0\]\.OutputGroupSettings\.Type/],
    ['H.265', (job) => (job.Settings.OutputGroups[1].Outputs[0].VideoDescription.CodecSettings.Codec = 'H_265'), /^Settings\.OutputGroups\[1\]\.Outputs\[0\]\.VideoDescription\.CodecSettings\.Codec/],
    ['an odd width', (job) => (job.Settings.OutputGroups[0].Outputs[1].VideoDescription.Width = 853), /^Settings\.OutputGroups\[0\]\.Outputs\[1\]\.VideoDescription\.Width: must be even/],
    ['a CMAF output with two tracks', (job) => (job.Settings.OutputGroups[0].Outputs[0].AudioDescriptions = job.Settings.OutputGroups[0].Outputs[3].AudioDescriptions), /^Settings\.OutputGroups\[0\]\.Outputs\[0\]: a CMAF output carries one track/],
    ['a QVBR level of 11', (job) => (job.Settings.OutputGroups[1].Outputs[0].VideoDescription.CodecSettings.H264Settings.QvbrSettings.QvbrQualityLevel = 11), /QvbrQualityLevel: must be a whole number from 1 to 10/],
    ['5.1 audio', (job) => (job.Settings.OutputGroups[1].Outputs[0].AudioDescriptions[0].CodecSettings.AacSettings.CodingMode = 'CODING_MODE_5_1'), /AacSettings\.CodingMode/],
    ['a 65-character token', (job) => (job.ClientRequestToken = 'x'.repeat(65)), /^ClientRequestToken/],
    ['non-string metadata', (job) => (job.UserMetadata.editVersion = 3), /^UserMetadata\.editVersion: must be a string/],
  ];

  for (const [what, change, message] of REFUSALS) {
    it(`refuses ${what}, naming the field`, () => {
      assert.throws(() => readRenderJob(changed(change)), (error: unknown) => error instanceof TypeError && message.test(error.message));
    });
  }
});

describe('clipFrames: clippings as source frames, checked against the source', () => {
  const plan = readRenderJob(GOLDEN);

  it('turns each clipping into frames [start, end), the EndTimecode frame included', () => {
    assert.deepEqual(clipFrames(plan, { frameRate: { num: 30, den: 1 }, frameCount: 1800 }), [
      [31, 95],
      [720, 915],
    ]);
  });

  it('refuses a clipping past the source and a timecode of another rate, naming the clipping', () => {
    assert.throws(() => clipFrames(plan, { frameRate: { num: 30, den: 1 }, frameCount: 900 }), /InputClippings\[1\]\.EndTimecode: 00:00:30:14 is past the source's last frame 00:00:29:29/);
    assert.throws(() => clipFrames(plan, { frameRate: { num: 30000, den: 1001 }, frameCount: 1800 }), /InputClippings\[0\]\.StartTimecode: .*must use ";".*29\.97 fps/);
  });

  it('takes the whole source when there is no clipping', () => {
    const whole = readRenderJob(changed((job) => delete job.Settings.Inputs[0].InputClippings));
    assert.deepEqual(clipFrames(whole, { frameRate: { num: 25, den: 1 }, frameCount: 250 }), [[0, 250]]);
  });
});
