/**
 * The render port the workflow's Render step drives: start the frame-accurate render of an Edit
 * version, then follow it. The AWS adapter is MediaConvert (CreateJob, GetJob); the embedded one
 * is the ffmpeg transcoder (transcoder/). A preview port stands beside it for the instant preview.
 */
import type { Asset, Edit, RenderJobStatus, RenderOutputs } from '@surgery-video/client';

export interface RenderStatus {
  status: RenderJobStatus;
  /** 0..1. */
  progress: number;
  outputs?: RenderOutputs;
  /** For `failed`: what went wrong, and whether trying again may work (`Render.Transient`) or not (`Render.Failed`). */
  error?: { code: string; message: string; transient: boolean };
}

export interface RenderService {
  /**
   * Starts the render of this Edit version; the same version twice may return the same job.
   * `metadata` (ids only) rides in the job's UserMetadata beside the correlation id, so that the
   * job's state change events can be tied back to the workflow step that waits on it.
   */
  start(edit: Edit, asset: Asset, correlationId: string, metadata?: Readonly<Record<string, string>>): Promise<{ jobId: string }>;
  /** `undefined` when the renderer does not know the job (an embedded renderer that restarted). */
  status(jobId: string): Promise<RenderStatus | undefined>;
}

export interface PreviewService {
  /** Makes a playable preview of this Edit version at once (no re-encoding); returns where it is. */
  create(edit: Edit, asset: Asset): Promise<{ uri: string }>;
}
