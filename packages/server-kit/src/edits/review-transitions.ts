/**
 * The review workflow's order, as one table: which action moves an Edit from which statuses to
 * which, and which row of the access table (access/access-rules.ts) allows it. Access says who may
 * act on an edit; this table says whether the edit is at a point where the action makes sense.
 * Both are checked for every action, access first (a stranger learns nothing of the status).
 *
 *   draft -> submitted -> assigned -> in-review -> returned -> published
 *              |  (reject: back to draft)
 */
import type { EditStatus } from '@surgery-video/client';
import type { Action } from '../access/access-rules.js';

export const REVIEW_ACTIONS = ['submit', 'assign', 'start', 'return', 'publish', 'reject'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export interface Transition {
  from: readonly EditStatus[];
  to: EditStatus;
  /** The access-table action that must allow the user on this edit. */
  access: Action;
  /** The audit log's name for it. */
  audit: string;
}

export const TRANSITIONS: Readonly<Record<ReviewAction, Transition>> = {
  submit: { from: ['draft'], to: 'submitted', access: 'review.submit', audit: 'review.submit' },
  // Re-assigning is allowed until the specialist starts.
  assign: { from: ['submitted', 'assigned'], to: 'assigned', access: 'review.assign', audit: 'review.assign' },
  start: { from: ['assigned'], to: 'in-review', access: 'review.start', audit: 'review.start' },
  return: { from: ['in-review'], to: 'returned', access: 'review.return', audit: 'review.return' },
  publish: { from: ['returned'], to: 'published', access: 'review.publish', audit: 'review.publish' },
  // Whoever assigns reviews also decides that an edit gets none: it goes back to its author.
  reject: { from: ['submitted'], to: 'draft', access: 'review.assign', audit: 'review.reject' },
};

/** `undefined` when `action` may be taken from `status`; otherwise why not, naming the status. */
export function transitionRefusal(action: ReviewAction, status: EditStatus): string | undefined {
  const { from, to } = TRANSITIONS[action];
  if (from.includes(status)) return undefined;
  return `The edit is ${status}; "${action}" moves an edit to ${to} only from ${from.join(' or ')}.`;
}

/**
 * Who may change an Edit's content, by status: its author while it is a draft, the assigned
 * specialist while reviewing it. Everything else is changed by review actions only.
 */
export const EDITABLE_BY: Readonly<Partial<Record<EditStatus, 'author' | 'assignee'>>> = {
  draft: 'author',
  'in-review': 'assignee',
};
