/**
 * Every cell of the role × action table, checked in one loop against expectations written out
 * here (not read from the code under test), in each situation a resource can be in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role, User } from '@surgery-video/client';
import { ACCESS_RULES, ACTIONS, accessResourceOfEdit, can, canAny, type AccessResource, type Action } from '../../src/access/access-rules.js';
import { DEV_USERS } from '../../src/identity/dev-users.js';

type Expect = 'yes' | 'no' | 'own' | 'assigned' | 'published';

// prettier-ignore
const EXPECTED: Record<Action, Record<Role, Expect>> = {
  'asset.list':           { admin: 'yes',       specialist: 'yes',       trainee: 'yes',       clinician: 'yes' },
  'asset.view':           { admin: 'yes',       specialist: 'yes',       trainee: 'yes',       clinician: 'yes' },
  'asset.grant':          { admin: 'yes',       specialist: 'yes',       trainee: 'yes',       clinician: 'yes' },
  'live.list':            { admin: 'yes',       specialist: 'yes',       trainee: 'yes',       clinician: 'yes' },
  'live.grant':           { admin: 'yes',       specialist: 'yes',       trainee: 'yes',       clinician: 'yes' },
  'live.status':          { admin: 'yes',       specialist: 'no',        trainee: 'no',        clinician: 'no' },
  'live.harvest':         { admin: 'yes',       specialist: 'yes',       trainee: 'no',        clinician: 'no' },
  'edit.create':          { admin: 'yes',       specialist: 'yes',       trainee: 'yes',       clinician: 'yes' },
  'edit.read.own':        { admin: 'own',       specialist: 'own',       trainee: 'own',       clinician: 'own' },
  'edit.read.assigned':   { admin: 'yes',       specialist: 'assigned',  trainee: 'no',        clinician: 'no' },
  'edit.read.published':  { admin: 'published', specialist: 'published', trainee: 'published', clinician: 'published' },
  'edit.read.any':        { admin: 'yes',       specialist: 'no',        trainee: 'no',        clinician: 'no' },
  'edit.update.own':      { admin: 'own',       specialist: 'own',       trainee: 'own',       clinician: 'own' },
  'edit.update.assigned': { admin: 'no',        specialist: 'assigned',  trainee: 'no',        clinician: 'no' },
  'review.submit':        { admin: 'own',       specialist: 'own',       trainee: 'own',       clinician: 'own' },
  'review.assign':        { admin: 'yes',       specialist: 'no',        trainee: 'no',        clinician: 'no' },
  'review.start':         { admin: 'no',        specialist: 'assigned',  trainee: 'no',        clinician: 'no' },
  'review.return':        { admin: 'no',        specialist: 'assigned',  trainee: 'no',        clinician: 'no' },
  'review.publish':       { admin: 'yes',       specialist: 'no',        trainee: 'no',        clinician: 'no' },
  'specialist.list':      { admin: 'yes',       specialist: 'no',        trainee: 'no',        clinician: 'no' },
  'job.read':             { admin: 'yes',       specialist: 'own',       trainee: 'own',       clinician: 'own' },
  'audit.read':           { admin: 'yes',       specialist: 'no',        trainee: 'no',        clinician: 'no' },
};

const ROLES: Role[] = ['admin', 'specialist', 'trainee', 'clinician'];
const userWith = (role: Role, tenant = 'demo'): User => ({ id: `${role}-x`, name: role, roles: [role], tenant });

/** Each situation a request can be in, and which expectations it satisfies, with the reason for the others. */
const SITUATIONS: { name: string; resource: (user: User) => AccessResource | undefined; satisfies: Expect[]; otherwise: Partial<Record<Expect, string>> }[] = [
  { name: 'no resource', resource: () => undefined, satisfies: ['yes'], otherwise: { own: 'needs-resource', assigned: 'needs-resource', published: 'needs-resource' } },
  { name: 'someone else\'s draft', resource: () => ({ tenant: 'demo', createdBy: 'someone', assignee: 'someone-else', status: 'draft' }), satisfies: ['yes'], otherwise: { own: 'not-own', assigned: 'not-assigned', published: 'not-published' } },
  { name: 'my own draft', resource: (u) => ({ tenant: 'demo', createdBy: u.id, status: 'draft' }), satisfies: ['yes', 'own'], otherwise: { assigned: 'not-assigned', published: 'not-published' } },
  { name: 'assigned to me', resource: (u) => ({ tenant: 'demo', createdBy: 'someone', assignee: u.id, status: 'in-review' }), satisfies: ['yes', 'assigned'], otherwise: { own: 'not-own', published: 'not-published' } },
  { name: 'published by someone else', resource: () => ({ tenant: 'demo', createdBy: 'someone', assignee: 'someone-else', status: 'published' }), satisfies: ['yes', 'published'], otherwise: { own: 'not-own', assigned: 'not-assigned' } },
];

describe('access rules', () => {
  it('the expectations cover every action and every role', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...ACTIONS].sort());
    for (const action of ACTIONS) assert.deepEqual(Object.keys(EXPECTED[action]).sort(), [...ROLES].sort(), action);
    for (const action of ['asset.list', 'asset.view', 'asset.grant', 'live.list', 'live.grant', 'edit.create', 'edit.read.own', 'edit.read.any', 'edit.update.own', 'edit.update.assigned', 'review.submit', 'review.assign', 'review.start', 'review.return', 'review.publish', 'job.read', 'audit.read', 'live.status', 'live.harvest', 'specialist.list']) {
      assert.ok((ACTIONS as readonly string[]).includes(action), `${action} is an action`);
    }
  });

  it('every cell of the table, in every situation', () => {
    let checked = 0;
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        const expect = EXPECTED[action][role];
        const user = userWith(role);
        for (const situation of SITUATIONS) {
          const decision = can(user, action, situation.resource(user));
          const where = `${role} ${action} (${situation.name})`;
          if (situation.satisfies.includes(expect)) {
            assert.deepEqual(decision, { allowed: true }, where);
          } else {
            assert.equal(decision.allowed, false, where);
            assert.equal(!decision.allowed && decision.reason, situation.otherwise[expect] ?? 'role', where);
            assert.ok(!decision.allowed && decision.message.includes(decision.reason === 'other-tenant' ? 'tenant' : action), `${where}: the message names the action`);
          }
          checked++;
        }
      }
    }
    assert.equal(checked, ACTIONS.length * ROLES.length * SITUATIONS.length);
  });

  it('never lets a user reach another tenant\'s resource, whatever the role, even their own or assigned or published', () => {
    const roles: Role[][] = [...ROLES.map((role) => [role]), [...ROLES]];
    for (const userRoles of roles) {
      const user: User = { id: 'u-1', name: 'u', roles: userRoles, tenant: 'other' };
      for (const action of ACTIONS) {
        const decision = can(user, action, { tenant: 'demo', createdBy: 'u-1', assignee: 'u-1', status: 'published' });
        assert.equal(!decision.allowed && decision.reason, 'other-tenant', `${userRoles.join('+')} ${action}`);
      }
    }
    const trainee9 = DEV_USERS.find((u) => u.id === 'trainee-9') as User;
    const admin1 = DEV_USERS.find((u) => u.id === 'admin-1') as User;
    assert.equal(can(trainee9, 'asset.view', { tenant: 'demo' }).allowed, false);
    assert.equal(can(admin1, 'audit.read', { tenant: 'other' }).allowed, false);
    assert.equal(can(admin1, 'audit.read', { tenant: 'demo' }).allowed, true);
  });

  it('gives a user with several roles what any of them allows', () => {
    const both: User = { id: 'u-2', name: 'u', roles: ['trainee', 'specialist'], tenant: 'demo' };
    assert.equal(can(both, 'live.grant').allowed, true, 'the specialist role allows live');
    assert.equal(can(both, 'review.start', { tenant: 'demo', assignee: 'u-2' }).allowed, true);
    assert.deepEqual(can(both, 'review.start', { tenant: 'demo', assignee: 'u-3' }), { allowed: false, reason: 'not-assigned', message: 'You may review.start only on what is assigned to you.' });
    const none: User = { id: 'u-3', name: 'u', roles: [], tenant: 'demo' };
    assert.equal(!can(none, 'asset.list').allowed && 'denied', 'denied', 'no role, no access');
  });

  it('reads an edit when any read action allows it', () => {
    const readEdit = ['edit.read.own', 'edit.read.assigned', 'edit.read.published', 'edit.read.any'] as const;
    const specialist = DEV_USERS.find((u) => u.id === 'specialist-1') as User;
    const trainee = DEV_USERS.find((u) => u.id === 'trainee-1') as User;
    const edit = { id: 'e-1', createdBy: 'trainee-1', status: 'assigned', review: { assignee: 'specialist-1', assignedBy: 'admin-1' } };
    const submitted = accessResourceOfEdit('demo', edit);
    assert.deepEqual(submitted, { tenant: 'demo', createdBy: 'trainee-1', assignee: 'specialist-1', status: 'assigned' });
    assert.equal(canAny(specialist, readEdit, submitted).allowed, true);
    assert.equal(canAny(trainee, readEdit, submitted).allowed, true);
    const trainee2 = DEV_USERS.find((u) => u.id === 'trainee-2') as User;
    assert.equal(!canAny(trainee2, readEdit, submitted).allowed && 'denied', 'denied', 'another trainee cannot read it before it is published');
    assert.equal(canAny(trainee2, readEdit, accessResourceOfEdit('demo', { ...edit, status: 'published' })).allowed, true);
    assert.equal(!canAny(trainee2, readEdit, accessResourceOfEdit('other', { ...edit, status: 'published' })).allowed && 'denied', 'denied', 'published elsewhere is still elsewhere');
  });

  it('exposes the table it decides from, one rule per role and action', () => {
    assert.equal(ACCESS_RULES['review.assign'].admin, 'allow');
    assert.equal(ACCESS_RULES['edit.update.assigned'].specialist, 'assigned');
    assert.ok(Object.isFrozen(ACCESS_RULES) && Object.isFrozen(ACCESS_RULES['audit.read']));
    assert.throws(() => can(userWith('admin'), 'edit.delete' as Action), /unknown action "edit.delete"/);
  });
});
