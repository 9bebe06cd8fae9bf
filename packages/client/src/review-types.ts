/**
 * What the review side of the API sends back besides Edits: render jobs, publications and the
 * events of the live event stream (`GET /api/v1/events`). Ids only, like every domain type.
 */
import type { Annotation, EditStatus, Segment } from './edit/edit-schema.js';

/**
 * What `edits.create` takes: a draft without the server's fields (the server sets `schema`,
 * `version`, `status`, `createdBy`, `createdAt`, `updatedAt`, and `id` when it is left out), or a
 * whole Edit (from `createEdit`), whose `status` must be `draft` and `version` 1.
 */
export interface EditDraft {
  id?: string;
  assetId: string;
  title: string;
  segments?: Segment[];
  annotations?: Annotation[];
}

export interface EditListQuery {
  status?: EditStatus;
  /** A specialist's user id: the edits assigned to them. */
  assignee?: string;
}

export type RenderJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Where a finished render's files are (URIs as the renderer wrote them). */
export interface RenderOutputs {
  hls?: string;
  dash?: string;
  mp4?: string;
  thumbnails?: string;
}

/** The frame-accurate render of one Edit version. */
export interface RenderJob {
  id: string;
  editId: string;
  /** The Edit version rendered. */
  editVersion: number;
  status: RenderJobStatus;
  /** 0..1. */
  progress: number;
  outputs?: RenderOutputs;
  error?: { code: string; message: string };
  createdAt: string;
  updatedAt: string;
}

/** A published Edit's render, for everyone who may read the Edit. */
export interface Publication {
  editId: string;
  /** The Edit version published. */
  version: number;
  publishedAt: string;
  /** Absent when an admin published before the render finished; set once it has. */
  jobId?: string;
  outputs?: RenderOutputs;
}

/** An Edit changed status or version. Sent to everyone who may read the Edit. */
export interface EditChangedEvent {
  type: 'edit.changed';
  editId: string;
  status: EditStatus;
  version: number;
  /** The user (or `system`) whose action changed it. */
  actor: string;
  at: string;
}

/** A render job moved on. Sent to those who may read the job. */
export interface JobChangedEvent {
  type: 'job.changed';
  jobId: string;
  editId: string;
  status: RenderJobStatus;
  progress: number;
  at: string;
}

/** A review step ran past its due time and was escalated to the tenant's admins. */
export interface ReviewEscalatedEvent {
  type: 'review.escalated';
  editId: string;
  /** `assignment`: nobody was assigned in time; `review`: the specialist did not return it in time. */
  step: 'assignment' | 'review';
  /** How many times this step has been escalated. */
  count: number;
  at: string;
}

export type ServerEvent = EditChangedEvent | JobChangedEvent | ReviewEscalatedEvent;
export type ServerEventType = ServerEvent['type'];

export const SERVER_EVENT_TYPES: readonly ServerEventType[] = ['edit.changed', 'job.changed', 'review.escalated'];
