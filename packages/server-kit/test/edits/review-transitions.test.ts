/** The review order: every action from every status, in one table. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { EDIT_STATUSES, type EditStatus } from '@surgery-video/client';
import { ACTIONS } from '../../src/access/access-rules.js';
import { REVIEW_ACTIONS, TRANSITIONS, transitionRefusal, type ReviewAction } from '../../src/edits/review-transitions.js';

// action: the statuses it may be taken from -> the status it leads to
const EXPECTED: Record<ReviewAction, [from: EditStatus[], to: EditStatus]> = {
  submit: [['draft'], 'submitted'],
  assign: [['submitted', 'assigned'], 'assigned'],
  start: [['assigned'], 'in-review'],
  return: [['in-review'], 'returned'],
  publish: [['returned'], 'published'],
  reject: [['submitted'], 'draft'],
};

it('allows each review action from its statuses only, and names the status when it refuses', () => {
  for (const action of REVIEW_ACTIONS) {
    const [from, to] = EXPECTED[action];
    assert.equal(TRANSITIONS[action].to, to, `${action} leads to ${to}`);
    assert.ok((ACTIONS as readonly string[]).includes(TRANSITIONS[action].access), `${action} is checked against the access table`);
    for (const status of EDIT_STATUSES) {
      const refusal = transitionRefusal(action, status);
      if (from.includes(status)) assert.equal(refusal, undefined, `${action} from ${status}`);
      else assert.match(refusal ?? '', new RegExp(`^The edit is ${status};`), `${action} from ${status} is refused, naming ${status}`);
    }
  }
});
