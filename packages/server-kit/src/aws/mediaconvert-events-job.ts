/**
 * An EventBridge "MediaConvert Job State Change" event, read into what the render's completion
 * needs: the job id, its final status, and the ids its UserMetadata carries (render-activity.ts,
 * `renderJobMetadata`). Pure: no AWS call, no store.
 *
 * The event shape is AWS's (source `aws.mediaconvert`, `detail.status`, `detail.jobId`,
 * `detail.userMetadata`, `detail.errorCode` / `errorMessage` on ERROR). An event that is not one
 * of these is refused naming the field (a rule that sends other events is a deployment mistake);
 * a job without our metadata, or with ids that could not be ours, is `foreign`.
 */
import type { RenderJobMetadata } from '../workflow/render-activity.js';

export const MEDIACONVERT_EVENT_SOURCE = 'aws.mediaconvert';
export const MEDIACONVERT_JOB_STATE_CHANGE = 'MediaConvert Job State Change';
/** The statuses that end a job, and so the step waiting on it (the EventBridge rule's `detail.status`). */
export const MEDIACONVERT_FINAL_STATUSES = ['COMPLETE', 'ERROR', 'CANCELED'] as const;
export type MediaConvertFinalStatus = (typeof MEDIACONVERT_FINAL_STATUSES)[number];

export type MediaConvertJobEvent =
  | { kind: 'render'; jobId: string; status: MediaConvertFinalStatus; render: RenderJobMetadata; editVersion: number }
  /** Ours to ignore: a status that ends nothing (PROGRESSING, STATUS_UPDATE, …) or a job the review did not start. */
  | { kind: 'ignored'; jobId: string; status: string; why: 'not-final' | 'foreign' };

// Step Functions execution names; tenant ids as the audit log takes them (they become object-key folders).
const EXECUTION = /^[A-Za-z0-9_-]{1,80}$/;
const TENANT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function readMediaConvertJobEvent(raw: unknown): MediaConvertJobEvent {
  const event = object(raw, 'event');
  if (event['source'] !== MEDIACONVERT_EVENT_SOURCE) throw new TypeError(`event.source: must be "${MEDIACONVERT_EVENT_SOURCE}"; got ${JSON.stringify(event['source'])}.`);
  if (event['detail-type'] !== MEDIACONVERT_JOB_STATE_CHANGE) {
    throw new TypeError(`event.detail-type: must be "${MEDIACONVERT_JOB_STATE_CHANGE}"; got ${JSON.stringify(event['detail-type'])}.`);
  }
  const detail = object(event['detail'], 'event.detail');
  const jobId = detail['jobId'];
  if (typeof jobId !== 'string' || jobId === '') throw new TypeError('event.detail.jobId: must be the MediaConvert job id.');
  const status = detail['status'];
  if (typeof status !== 'string' || status === '') throw new TypeError('event.detail.status: must be the job\'s status.');
  if (!(MEDIACONVERT_FINAL_STATUSES as readonly string[]).includes(status)) return { kind: 'ignored', jobId, status, why: 'not-final' };

  const metadata = detail['userMetadata'];
  const entries = metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
  const { tenant, execution, renderJob, editVersion } = entries;
  // buildRenderJob writes the edit version; renderJobMetadata the rest.
  const version = typeof editVersion === 'string' && /^[1-9]\d{0,8}$/.test(editVersion) ? Number(editVersion) : undefined;
  const ours =
    typeof tenant === 'string' && TENANT.test(tenant) &&
    typeof execution === 'string' && EXECUTION.test(execution) &&
    typeof renderJob === 'string' && new RegExp(`^${execution}-r\\d{1,6}$`).test(renderJob) &&
    version !== undefined;
  if (!ours) return { kind: 'ignored', jobId, status, why: 'foreign' };
  return {
    kind: 'render',
    jobId,
    status: status as MediaConvertFinalStatus,
    render: { tenant: tenant as string, execution: execution as string, renderJob: renderJob as string },
    editVersion: version,
  };
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${at}: must be an object (an EventBridge MediaConvert job state change event).`);
  return value as Record<string, unknown>;
}
