/**
 * The transcoder port: where a render job (a MediaConvert CreateJob body, render/mediaconvert-job.ts)
 * is sent and followed. MediaConvert is one adapter; the embedded one (embedded-transcoder.ts)
 * runs the same job with ffmpeg. Status names are MediaConvert's, so callers read both alike.
 */
import type { RenderJob } from '../render/mediaconvert-job.js';
import type { TranscodeOutput } from './render-command.js';

export type TranscodeJobStatus = 'SUBMITTED' | 'PROGRESSING' | 'COMPLETE' | 'ERROR';

export interface TranscodeJob {
  id: string;
  status: TranscodeJobStatus;
  /** 0..1 (MediaConvert's JobPercentComplete / 100); 1 when COMPLETE. */
  progress: number;
  /** What the job wrote; empty until COMPLETE. */
  outputs: TranscodeOutput[];
  /** Frames and seconds of every video output, once COMPLETE. */
  frameCount?: number;
  durationSeconds?: number;
  /** Why an ERROR job failed. */
  errorMessage?: string;
  clientRequestToken?: string;
  userMetadata: Record<string, string>;
  /** ISO 8601. */
  submittedAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface TranscoderPort {
  /**
   * Queues `job` and resolves with its id. A job whose ClientRequestToken names a job that is
   * queued, running or complete is not run again: the id of that job comes back. Throws at once
   * (a TypeError naming the field) for a job the transcoder cannot carry out.
   */
  submit(job: RenderJob): Promise<string>;
  /** The job's state, or undefined when no job has that id. */
  get(jobId: string): Promise<TranscodeJob | undefined>;
}
