/**
 * Who may do what: one table of role × action, read by one pure function.
 *
 * Every cell is one of: `allow`; `deny`; or a condition on the resource: `own` (the user created
 * it), `assigned` (it is assigned to the user for review), `published` (it has been published for
 * everyone in the tenant). Over every cell stands the tenant rule: a user never reaches a
 * resource of another tenant, whatever the role. A user with several roles may do what any of
 * them allows.
 *
 * Workflow order (may an edit be submitted twice, returned before it is started) is not access:
 * the review service checks it. This table answers only "may this user, on this resource".
 *
 * A conditional cell needs the resource to decide. Asked without one, it refuses
 * (`needs-resource`): list routes ask per item, so forgetting the resource can only ever hide
 * things, never show them.
 */
import type { Role, User } from '@surgery-video/client';
import { ROLES } from '../identity/roles.js';

export const ACTIONS = [
  'asset.list',
  'asset.view',
  'asset.grant',
  'live.list',
  'live.grant',
  'live.status',
  'live.harvest',
  'edit.create',
  'edit.read.own',
  'edit.read.assigned',
  'edit.read.published',
  'edit.read.any',
  'edit.update.own',
  'edit.update.assigned',
  'review.submit',
  'review.assign',
  'review.start',
  'review.return',
  'review.publish',
  'specialist.list',
  'job.read',
  'audit.read',
] as const;

export type Action = (typeof ACTIONS)[number];

export type AccessRule = 'allow' | 'deny' | 'own' | 'assigned' | 'published';

/** What a condition looks at. Routes build it from the stored object (an Edit, a job). */
export interface AccessResource {
  tenant: string;
  /** The user who created it (an Edit's `createdBy`, a job's starter). */
  createdBy?: string;
  /** The specialist it is assigned to (an Edit's `review.assignee`). */
  assignee?: string;
  /** An Edit's `status`; `published` satisfies the `published` condition. */
  status?: string;
}

export type AccessDenialReason = 'other-tenant' | 'role' | 'not-own' | 'not-assigned' | 'not-published' | 'needs-resource';

export type AccessDecision = { allowed: true } | { allowed: false; reason: AccessDenialReason; message: string };

// prettier-ignore
const TABLE: Readonly<Record<Action, readonly [admin: AccessRule, specialist: AccessRule, trainee: AccessRule, clinician: AccessRule]>> = {
  //                        admin        specialist   trainee      clinician
  'asset.list':           ['allow',     'allow',     'allow',     'allow'],
  'asset.view':           ['allow',     'allow',     'allow',     'allow'],
  'asset.grant':          ['allow',     'allow',     'allow',     'allow'],
  // Live theatre is watched by those who consult on it and by trainees observing (teaching lists).
  'live.list':            ['allow',     'allow',     'allow',     'allow'],
  'live.grant':           ['allow',     'allow',     'allow',     'allow'],
  // Whether a channel is up is an operations question: admins run the channels.
  'live.status':          ['allow',     'deny',      'deny',      'deny'],
  // Turning a live mark into a recorded asset (and following that job): admins, and the consultants
  // who watch the operation and mark what they will review. A harvest keeps patient video past the
  // DVR window and lists it for the whole tenant, so observers (trainees) and clinicians ask one of them.
  'live.harvest':         ['allow',     'allow',     'deny',      'deny'],
  'edit.create':          ['allow',     'allow',     'allow',     'allow'],
  'edit.read.own':        ['own',       'own',       'own',       'own'],
  'edit.read.assigned':   ['allow',     'assigned',  'deny',      'deny'],
  'edit.read.published':  ['published', 'published', 'published', 'published'],
  'edit.read.any':        ['allow',     'deny',      'deny',      'deny'],
  'edit.update.own':      ['own',       'own',       'own',       'own'],
  'edit.update.assigned': ['deny',      'assigned',  'deny',      'deny'],
  'review.submit':        ['own',       'own',       'own',       'own'],
  'review.assign':        ['allow',     'deny',      'deny',      'deny'],
  'review.start':         ['deny',      'assigned',  'deny',      'deny'],
  'review.return':        ['deny',      'assigned',  'deny',      'deny'],
  'review.publish':       ['allow',     'deny',      'deny',      'deny'],
  // Who can be assigned (ids, roles, specialty): what an admin needs to choose for review.assign.
  'specialist.list':      ['allow',     'deny',      'deny',      'deny'],
  'job.read':             ['allow',     'own',       'own',       'own'],
  'audit.read':           ['allow',     'deny',      'deny',      'deny'],
};

/** The table by action, then role. */
export const ACCESS_RULES: Readonly<Record<Action, Readonly<Record<Role, AccessRule>>>> = Object.freeze(
  Object.fromEntries(
    ACTIONS.map((action) => [action, Object.freeze(Object.fromEntries(ROLES.map((role, column) => [role, TABLE[action][column]])) as Record<Role, AccessRule>)]),
  ) as Record<Action, Record<Role, AccessRule>>,
);

const MESSAGES: Record<AccessDenialReason, (action: Action) => string> = {
  'other-tenant': () => 'It belongs to another tenant.',
  role: (action) => `None of your roles may ${action}.`,
  'not-own': (action) => `You may ${action} only on what you created.`,
  'not-assigned': (action) => `You may ${action} only on what is assigned to you.`,
  'not-published': (action) => `You may ${action} only once it is published.`,
  'needs-resource': (action) => `Whether you may ${action} depends on the resource; ask for a particular one.`,
};

// When no role allows, the most telling reason is given: a condition that failed says more than "no role".
const PRIORITY: readonly AccessDenialReason[] = ['needs-resource', 'not-own', 'not-assigned', 'not-published', 'role'];

/** May `user` do `action` (on `resource`)? Pure: no I/O, no clock. */
export function can(user: User, action: Action, resource?: AccessResource): AccessDecision {
  const row = ACCESS_RULES[action];
  if (!row) throw new TypeError(`can: unknown action ${JSON.stringify(action)}; the actions are ${ACTIONS.join(', ')}.`);
  if (resource && resource.tenant !== user.tenant) return deny('other-tenant', action);
  let best: AccessDenialReason = 'role';
  for (const role of user.roles) {
    const rule = row[role];
    if (rule === undefined) continue; // a role this version does not know grants nothing
    const reason = check(rule, user, resource);
    if (reason === undefined) return { allowed: true };
    if (PRIORITY.indexOf(reason) < PRIORITY.indexOf(best)) best = reason;
  }
  return deny(best, action);
}

/** Allowed when any of `actions` is, e.g. reading an edit: own, assigned, published or any. */
export function canAny(user: User, actions: readonly Action[], resource?: AccessResource): AccessDecision {
  let first: AccessDecision | undefined;
  let best: AccessDecision | undefined;
  for (const action of actions) {
    const decision = can(user, action, resource);
    if (decision.allowed) return decision;
    first ??= decision;
    if (!best || (!best.allowed && PRIORITY.indexOf(decision.reason) < PRIORITY.indexOf(best.reason))) best = decision;
  }
  if (!first) throw new TypeError('canAny: give at least one action.');
  return best ?? first;
}

/** The resource an Edit is, for `can`: Edits do not hold their tenant, the store they were read from does. */
export function accessResourceOfEdit(tenant: string, edit: { createdBy: string; status: string; review?: { assignee?: string } | undefined }): AccessResource {
  return { tenant, createdBy: edit.createdBy, status: edit.status, ...(edit.review?.assignee ? { assignee: edit.review.assignee } : {}) };
}

function check(rule: AccessRule, user: User, resource: AccessResource | undefined): AccessDenialReason | undefined {
  switch (rule) {
    case 'allow':
      return undefined;
    case 'deny':
      return 'role';
    case 'own':
      if (!resource) return 'needs-resource';
      return resource.createdBy === user.id ? undefined : 'not-own';
    case 'assigned':
      if (!resource) return 'needs-resource';
      return resource.assignee === user.id ? undefined : 'not-assigned';
    case 'published':
      if (!resource) return 'needs-resource';
      return resource.status === 'published' ? undefined : 'not-published';
  }
}

function deny(reason: AccessDenialReason, action: Action): AccessDecision {
  return { allowed: false, reason, message: MESSAGES[reason](action) };
}
