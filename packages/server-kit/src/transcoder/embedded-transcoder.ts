/**
 * The embedded TranscoderPort: render jobs run one after another (or a few at a time) with ffmpeg
 * on this machine, kept in memory and mirrored to one JSON file per job in `stateDir`, so that a
 * restart still answers for every job it was given. A job that was queued or running when the
 * process stopped is queued again on the next start: like MediaConvert, a submitted job finishes.
 *
 * Idempotency is on ClientRequestToken (the render of one Edit version): submitting a token whose
 * job is queued, running or complete returns that job's id and runs nothing. A token whose job
 * ended in ERROR starts a new job, so a failed render can be retried by submitting it again.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderJob } from '../render/mediaconvert-job.js';
import { newJobId, runRenderJob } from './ffmpeg-transcoder.js';
import { readRenderJob } from './render-plan.js';
import type { TranscodeJob, TranscoderPort } from './transcoder-port.js';

export interface EmbeddedTranscoderOptions {
  /** Where job state files (`<jobId>.json`) are kept. Created if missing. */
  stateDir: string;
  /** Jobs run at once; default 1 (an encode already uses every core). */
  concurrency?: number;
  /** x264 preset; default `ultrafast` with CABAC and deblocking (see render-command.ts). */
  preset?: string;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Called after every change of a job's status or progress. */
  onChange?: (job: TranscodeJob) => void;
}

export interface EmbeddedTranscoder extends TranscoderPort {
  /** Resolves with the job once it is COMPLETE or ERROR; rejects for an unknown id. */
  wait(jobId: string): Promise<TranscodeJob>;
  /** Stops running jobs (they run again on the next start) and takes no more. */
  close(): Promise<void>;
}

const STATE_SCHEMA = 'surgery-video/transcode-job@1';

interface StoredJob {
  schema: typeof STATE_SCHEMA;
  job: TranscodeJob;
  request: RenderJob;
}

/** Progress is written to disk in steps of this much; status changes always are. */
const PERSIST_STEP = 0.1;

export async function createEmbeddedTranscoder(options: EmbeddedTranscoderOptions): Promise<EmbeddedTranscoder> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number >= 1; got ${concurrency}.`);
  const { stateDir } = options;
  await mkdir(stateDir, { recursive: true });

  const jobs = new Map<string, StoredJob>();
  const byToken = new Map<string, string>();
  const waiters = new Map<string, ((job: TranscodeJob) => void)[]>();
  const queue: string[] = [];
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const persisted = new Map<string, number>();
  let writes = Promise.resolve();
  let closed = false;

  for (const stored of await loadJobs(stateDir)) {
    jobs.set(stored.job.id, stored);
    if (stored.job.clientRequestToken !== undefined && stored.job.status !== 'ERROR') byToken.set(stored.job.clientRequestToken, stored.job.id);
    // Queued or running when the last process stopped: it runs (again) from the start.
    if (stored.job.status === 'SUBMITTED' || stored.job.status === 'PROGRESSING') {
      stored.job = { ...stored.job, status: 'SUBMITTED', progress: 0 };
      delete stored.job.startedAt;
      queue.push(stored.job.id);
    }
  }
  queue.sort();

  const snapshot = (job: TranscodeJob): TranscodeJob => structuredClone(job);

  const persist = (stored: StoredJob) => {
    persisted.set(stored.job.id, stored.job.progress);
    const text = `${JSON.stringify(stored, null, 2)}\n`;
    const file = join(stateDir, `${stored.job.id}.json`);
    // Writes are chained so the file always ends with the latest state; one that fails does not stop the next.
    const write = writes.then(async () => {
      const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, text, 'utf8');
      await rename(temp, file);
    });
    writes = write.catch(() => undefined);
    return write;
  };

  const update = (stored: StoredJob, patch: Partial<TranscodeJob>) => {
    const statusChanged = patch.status !== undefined && patch.status !== stored.job.status;
    stored.job = { ...stored.job, ...patch };
    const last = persisted.get(stored.job.id) ?? -1;
    // The job's state in memory stays right if a write fails; the next change writes it again.
    if (statusChanged || stored.job.progress - last >= PERSIST_STEP) persist(stored).catch(() => undefined);
    options.onChange?.(snapshot(stored.job));
    if (stored.job.status === 'COMPLETE' || stored.job.status === 'ERROR') {
      for (const resolve of waiters.get(stored.job.id) ?? []) resolve(snapshot(stored.job));
      waiters.delete(stored.job.id);
    }
  };

  const start = (id: string) => {
    const stored = jobs.get(id)!;
    const controller = new AbortController();
    update(stored, { status: 'PROGRESSING', progress: 0, startedAt: new Date().toISOString() });
    const done = runRenderJob(stored.request, {
      id,
      signal: controller.signal,
      onProgress: (fraction) => {
        // The last step (1) is left to the COMPLETE update, which comes with the outputs.
        if (fraction < 1) update(stored, { progress: fraction });
      },
      ...(options.preset ? { preset: options.preset } : {}),
      ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
      ...(options.ffprobePath ? { ffprobePath: options.ffprobePath } : {}),
    }).then(
      (result) => {
        const finishedAt = new Date().toISOString();
        if (result.status === 'COMPLETE') {
          update(stored, {
            status: 'COMPLETE',
            progress: 1,
            outputs: result.outputs,
            ...(result.frameCount === undefined ? {} : { frameCount: result.frameCount }),
            ...(result.durationSeconds === undefined ? {} : { durationSeconds: result.durationSeconds }),
            finishedAt,
          });
        } else {
          fail(stored, result.errorMessage ?? 'The render failed.');
        }
      },
      (error: unknown) => {
        // Aborted by close(): the job stays as stored and runs again on the next start.
        if (!controller.signal.aborted) fail(stored, `The render failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    ).finally(() => {
      running.delete(id);
      pump();
    });
    running.set(id, { controller, done });
  };

  const fail = (stored: StoredJob, errorMessage: string) => {
    if (stored.job.clientRequestToken !== undefined && byToken.get(stored.job.clientRequestToken) === stored.job.id) {
      byToken.delete(stored.job.clientRequestToken);
    }
    update(stored, { status: 'ERROR', errorMessage, finishedAt: new Date().toISOString() });
  };

  const pump = () => {
    while (!closed && running.size < concurrency && queue.length > 0) start(queue.shift()!);
  };

  const transcoder: EmbeddedTranscoder = {
    async submit(request) {
      if (closed) throw new Error('This transcoder is closed.');
      const plan = readRenderJob(request);
      const token = plan.clientRequestToken;
      const existing = token === undefined ? undefined : byToken.get(token);
      if (existing !== undefined) return existing;
      const id = newJobId();
      const stored: StoredJob = {
        schema: STATE_SCHEMA,
        request: structuredClone(request),
        job: {
          id,
          status: 'SUBMITTED',
          progress: 0,
          outputs: [],
          ...(token === undefined ? {} : { clientRequestToken: token }),
          userMetadata: plan.userMetadata,
          submittedAt: new Date().toISOString(),
        },
      };
      jobs.set(id, stored);
      if (token !== undefined) byToken.set(token, id);
      await persist(stored);
      options.onChange?.(snapshot(stored.job));
      queue.push(id);
      pump();
      return id;
    },

    async get(jobId) {
      const stored = jobs.get(jobId);
      return stored ? snapshot(stored.job) : undefined;
    },

    wait(jobId) {
      const stored = jobs.get(jobId);
      if (!stored) return Promise.reject(new RangeError(`No transcode job has the id ${JSON.stringify(jobId)}.`));
      if (stored.job.status === 'COMPLETE' || stored.job.status === 'ERROR') return Promise.resolve(snapshot(stored.job));
      return new Promise((resolve) => waiters.set(jobId, [...(waiters.get(jobId) ?? []), resolve]));
    },

    async close() {
      closed = true;
      const active = [...running.values()];
      for (const { controller } of active) controller.abort(new Error('The transcoder was closed.'));
      await Promise.all(active.map(({ done }) => done));
      await writes;
    },
  };

  pump();
  return transcoder;
}

/** Every readable job state file; a file that is not one (torn, foreign) is left alone and skipped. */
async function loadJobs(stateDir: string): Promise<StoredJob[]> {
  const stored: StoredJob[] = [];
  for (const name of (await readdir(stateDir)).filter((entry) => entry.endsWith('.json')).sort()) {
    try {
      const value = JSON.parse(await readFile(join(stateDir, name), 'utf8')) as StoredJob;
      if (value?.schema !== STATE_SCHEMA || typeof value.job?.id !== 'string' || `${value.job.id}.json` !== name) continue;
      readRenderJob(value.request);
      stored.push(value);
    } catch {
      continue;
    }
  }
  return stored;
}
