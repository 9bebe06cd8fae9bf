/**
 * The transcoder port's contract: what every adapter (the embedded ffmpeg one, MediaConvert) does
 * with a render job, checked through the port alone. Each adapter's test file calls
 * `describeTranscoderContract` with a subject that says where its sources are and how many jobs
 * its far end holds (a folder of job files; MediaConvert's jobs as the recording endpoint saw them).
 *
 * The edit is two segments of a 30 fps source, frames [15, 45) and [60, 100): 70 frames, 2.333 s,
 * two thumbnails (at 0 s and 2 s of the render).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { frameTime, type Edit } from '@surgery-video/client';
import type { RenderJob } from '../../src/render/mediaconvert-job.js';
import type { TranscodeJob, TranscoderPort } from '../../src/transcoder/transcoder-port.js';

export interface TranscoderContractSubject {
  transcoder: TranscoderPort;
  /** The render job of `edit` (buildRenderJob) over the subject's readable 30 fps source of at least 4 s. */
  job(edit: Edit, correlationId: string): RenderJob;
  /** The same, over a source that does not exist: accepted, then it fails. */
  unreadableJob(edit: Edit, correlationId: string): RenderJob;
  /** The folder (URI, ending in `/`) the render called `name` is written to. */
  renderFolder(name: string): string;
  /** How many jobs the transcoder's far end holds: what was really started. */
  jobCount(): Promise<number>;
  /** An id of the adapter's form that no job has. */
  unknownJobId: string;
  close(): Promise<void>;
}

export const CONTRACT_FRAME_RATE = 30;
const SEGMENTS: [number, number][] = [
  [15, 45],
  [60, 100],
];
const FRAMES = 70;
const POLL_MS = 20;
const SETTLE_LIMIT_MS = 120_000;

export function contractEdit(id: string, version = 1): Edit {
  return {
    schema: 'surgery-video/edit@1',
    id,
    assetId: 'case-contract',
    title: 'Transcoder contract',
    version,
    status: 'returned',
    segments: SEGMENTS.map(([a, b]) => ({ start: frameTime(a, CONTRACT_FRAME_RATE), end: frameTime(b, CONTRACT_FRAME_RATE) })),
    annotations: [],
    createdBy: 'trainee-1',
    createdAt: '2026-03-01T09:30:00Z',
    updatedAt: '2026-03-01T09:30:00Z',
  };
}

/** Every state `get` reports until the job ends. */
async function follow(transcoder: TranscoderPort, id: string): Promise<TranscodeJob[]> {
  const seen: TranscodeJob[] = [];
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  for (;;) {
    const job = await transcoder.get(id);
    assert.ok(job, `job ${id} is known while it runs`);
    seen.push(job);
    if (job.status === 'COMPLETE' || job.status === 'ERROR') return seen;
    if (Date.now() > deadline) throw new Error(`job ${id} did not end within ${SETTLE_LIMIT_MS} ms (last: ${job.status})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function describeTranscoderContract(name: string, setup: () => Promise<TranscoderContractSubject>): void {
  describe(`transcoder contract: ${name}`, () => {
    let subject: TranscoderContractSubject;
    let request: RenderJob;
    let jobId: string;
    let states: TranscodeJob[];

    before(async () => {
      subject = await setup();
      request = subject.job(contractEdit('edit-contract'), 'req-contract-1');
      jobId = await subject.transcoder.submit(request);
      states = await follow(subject.transcoder, jobId);
    });
    after(async () => {
      await subject?.close();
    });

    it('submit resolves with a job id; get reports it with the request token and metadata, submitted first', () => {
      assert.equal(typeof jobId, 'string');
      assert.ok(jobId.length > 0);
      const [first] = states;
      assert.equal(first!.id, jobId);
      assert.ok(['SUBMITTED', 'PROGRESSING', 'COMPLETE'].includes(first!.status), first!.status);
      assert.equal(first!.clientRequestToken, request.ClientRequestToken);
      assert.deepEqual(first!.userMetadata, request.UserMetadata);
      assert.equal(first!.userMetadata['correlationId'], 'req-contract-1');
      assert.ok(!Number.isNaN(Date.parse(first!.submittedAt)), first!.submittedAt);
    });

    it('runs to COMPLETE: status only moves forward, progress never goes back and ends at 1', () => {
      const order = ['SUBMITTED', 'PROGRESSING', 'COMPLETE'];
      const done = states.at(-1)!;
      assert.equal(done.status, 'COMPLETE', done.errorMessage);
      const ranks = states.map((state) => order.indexOf(state.status));
      assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
      const progress = states.map((state) => state.progress);
      assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
      assert.ok(progress.every((value) => value >= 0 && value <= 1));
      assert.equal(done.progress, 1);
      assert.ok(done.finishedAt && Date.parse(done.finishedAt) >= Date.parse(done.submittedAt));
    });

    it('lists what it wrote: the CMAF package (HLS, DASH), the MP4 and every thumbnail, under the render folder', () => {
      const folder = subject.renderFolder('edit-contract-v1');
      assert.deepEqual(
        states.at(-1)!.outputs.map((output) => [output.group, output.kind, output.uris]),
        [
          ['CMAF', 'cmaf', [`${folder}cmaf/index.m3u8`, `${folder}cmaf/index.mpd`]],
          ['MP4', 'mp4', [`${folder}mp4/edit-contract-v1.mp4`]],
          ['Thumbnails', 'frame-capture', [`${folder}thumbnails/thumb.0000000.jpg`, `${folder}thumbnails/thumb.0000001.jpg`]],
        ],
      );
    });

    it('reports the rendered duration: the Edit\'s 70 frames at 30 fps', () => {
      const done = states.at(-1)!;
      assert.ok(done.durationSeconds !== undefined && Math.abs(done.durationSeconds - FRAMES / CONTRACT_FRAME_RATE) < 0.002, `duration ${done.durationSeconds}`);
      if (done.frameCount !== undefined) assert.equal(done.frameCount, FRAMES);
    });

    it('the same ClientRequestToken again is the same job, and nothing new is started', async () => {
      const count = await subject.jobCount();
      const again = subject.job(contractEdit('edit-contract'), 'req-contract-2');
      assert.equal(again.ClientRequestToken, request.ClientRequestToken);
      assert.equal(await subject.transcoder.submit(again), jobId);
      assert.equal(await subject.jobCount(), count);
      assert.equal((await subject.transcoder.get(jobId))?.status, 'COMPLETE');
    });

    it('another version of the edit is another job', async () => {
      const count = await subject.jobCount();
      const other = await subject.transcoder.submit(subject.job(contractEdit('edit-contract', 2), 'req-contract-3'));
      assert.notEqual(other, jobId);
      assert.equal(await subject.jobCount(), count + 1);
      assert.equal((await follow(subject.transcoder, other)).at(-1)!.status, 'COMPLETE');
    });

    it('get of an id no job has resolves with undefined', async () => {
      assert.equal(await subject.transcoder.get(subject.unknownJobId), undefined);
    });

    it('a job it cannot carry out is refused at once, the error naming the field, and nothing is started', async () => {
      const count = await subject.jobCount();
      const job = subject.job(contractEdit('edit-refused'), 'req-contract-4');
      const noSource = structuredClone(job);
      delete (noSource.Settings.Inputs[0] as { FileInput?: string }).FileInput;
      await assert.rejects(subject.transcoder.submit(noSource), (error: unknown) => error instanceof TypeError && /Settings\.Inputs\[0\]\.FileInput/.test(error.message));
      await assert.rejects(subject.transcoder.submit({ ...job, ClientRequestToken: 'x'.repeat(65) }), (error: unknown) => error instanceof TypeError && /ClientRequestToken/.test(error.message));
      await assert.rejects(subject.transcoder.submit({ ...job, Settings: { ...job.Settings, OutputGroups: 'none' as never } }), (error: unknown) => error instanceof TypeError && /Settings\.OutputGroups/.test(error.message));
      assert.equal(await subject.jobCount(), count);
    });

    it('a job whose source cannot be read ends in ERROR with a message; submitting it again starts a new job', async () => {
      const job = subject.unreadableJob(contractEdit('edit-unreadable'), 'req-contract-5');
      const first = await subject.transcoder.submit(job);
      const failed = (await follow(subject.transcoder, first)).at(-1)!;
      assert.equal(failed.status, 'ERROR');
      assert.ok(failed.errorMessage && failed.errorMessage.length > 0);
      assert.deepEqual(failed.outputs, []);
      const count = await subject.jobCount();
      const second = await subject.transcoder.submit(job);
      assert.notEqual(second, first);
      assert.equal(await subject.jobCount(), count + 1);
      assert.equal((await follow(subject.transcoder, second)).at(-1)!.status, 'ERROR');
    });
  });
}
