/**
 * Who sees which event, from the one role x action table: an Edit's events go to whoever may read
 * the Edit, a job's to whoever may read the job, an escalation to the tenant's admins.
 */
import type { Edit, EditChangedEvent, JobChangedEvent, RenderJob, ReviewEscalatedEvent, User } from '@surgery-video/client';
import { accessResourceOfEdit, canAny, type Action } from '../access/access-rules.js';
import type { BusEvent } from './event-bus.js';

/** Reading an Edit: any of these (own, assigned, published, or all for admins). */
export const EDIT_READ_ACTIONS: readonly Action[] = ['edit.read.own', 'edit.read.assigned', 'edit.read.published', 'edit.read.any'];

export function mayReceive(user: User, event: BusEvent): boolean {
  return canAny(user, event.actions, event.resource).allowed;
}

export function editChanged(tenant: string, edit: Edit, actor: string, now: number): BusEvent {
  const event: EditChangedEvent = { type: 'edit.changed', editId: edit.id, status: edit.status, version: edit.version, actor, at: new Date(now).toISOString() };
  return { event, resource: accessResourceOfEdit(tenant, edit), actions: EDIT_READ_ACTIONS };
}

/** `owner`: the user the job's access follows (the author of the edit rendered). */
export function jobChanged(tenant: string, job: RenderJob, owner: string, now: number): BusEvent {
  const event: JobChangedEvent = { type: 'job.changed', jobId: job.id, editId: job.editId, status: job.status, progress: job.progress, at: new Date(now).toISOString() };
  return { event, resource: { tenant, createdBy: owner }, actions: ['job.read'] };
}

export function reviewEscalated(tenant: string, editId: string, step: ReviewEscalatedEvent['step'], count: number, now: number): BusEvent {
  const event: ReviewEscalatedEvent = { type: 'review.escalated', editId, step, count, at: new Date(now).toISOString() };
  // Escalations go to those who assign reviews: the tenant's admins.
  return { event, resource: { tenant }, actions: ['review.assign'] };
}
