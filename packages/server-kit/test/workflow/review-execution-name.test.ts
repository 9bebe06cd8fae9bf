/**
 * Review execution names: one Step Functions name space serves every tenant, and edit ids can be
 * chosen by the client, so the name must tell (tenant, edit, version) apart, stay within Step
 * Functions' 1 to 80 of [A-Za-z0-9_-], and be the same for the same version every time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isReviewExecutionOf,
  reviewExecutionName,
  reviewExecutionPrefixes,
  reviewLegacyExecutionName,
  reviewTenantKey,
} from '../../src/workflow/review-workflow.js';

const STEP_FUNCTIONS_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const UUID = '3f0c6a4e-9b1d-4c6f-8a53-2f1e7d9c0b44';

// Pairs that a naive `<tenant>-<id>` would run together, ids at and past the plain limit, tenant ids
// with every character a tenant id may hold, and the longest tenant id.
const TENANTS = ['demo', 'other', 'a', 'a-b', 'a_b', 'a.b', 'st-marys', 'St-Marys', 'x'.repeat(16), 'x'.repeat(17), 't_0123456789abcd', `T${'9'.repeat(63)}`];
const EDITS = ['7', 'b-c', 'a-b-c', '7-v3', '7-v3-demo', 'edit-7', UUID, 'x'.repeat(40), 'x'.repeat(41), 'x'.repeat(58), 'x'.repeat(59), 'x'.repeat(70), 'y'.repeat(200)];
const VERSIONS = [1, 3, 10, 31, Number.MAX_SAFE_INTEGER];

describe('review execution names', () => {
  it('are valid Step Functions names, deterministic, and distinct for every (tenant, edit id, version)', () => {
    const seen = new Map<string, string>();
    for (const tenant of TENANTS) {
      for (const editId of EDITS) {
        for (const version of VERSIONS) {
          const name = reviewExecutionName(tenant, editId, version);
          const what = JSON.stringify([tenant, editId, version]);
          assert.match(name, STEP_FUNCTIONS_NAME, `${what} -> ${name} (${name.length} characters)`);
          assert.equal(reviewExecutionName(tenant, editId, version), name, `${what} names the same execution every time`);
          assert.equal(seen.get(name), undefined, `${what} and ${seen.get(name)} would share ${name}`);
          seen.set(name, what);
          assert.equal(isReviewExecutionOf(name, tenant, editId), true, `${name} is ${what}'s`);
        }
      }
    }
    assert.equal(seen.size, TENANTS.length * EDITS.length * VERSIONS.length);
  });

  it('spell out a letters-and-digits tenant id of up to 16 characters; hash any other, never spelling it out', () => {
    assert.equal(reviewExecutionName('demo', 'edit-7', 3), 'edit-edit-7-v3-demo');
    assert.equal(reviewExecutionName('hospitalA', UUID, 12), `edit-${UUID}-v12-hospitalA`, 'an editor-made UUID stays readable');
    for (const tenant of ['st-marys', 'a.b', 'a_b', 'x'.repeat(17)]) {
      const key = reviewTenantKey(tenant);
      assert.match(key, /^t_[0-9a-f]{14}$/, tenant);
      assert.ok(!reviewExecutionName(tenant, 'edit-7', 3).includes(tenant), `${tenant} does not appear in its names`);
    }
    // A tenant whose id looks like a hashed key is still told apart from the tenant it would hash from.
    assert.notEqual(reviewTenantKey('t_0123456789abcd'), 't_0123456789abcd');
  });

  it('are refused for a missing tenant, naming it', () => {
    assert.throws(() => reviewExecutionName('', 'edit-7', 1), /`tenant` must be a tenant id/);
    assert.throws(() => reviewExecutionName(undefined as never, 'edit-7', 1), /`tenant` must be a tenant id/);
  });

  it("find an edit's executions under both the current and the legacy names, and no other edit's or tenant's", () => {
    assert.equal(reviewLegacyExecutionName('edit-7', 3), 'edit-edit-7-v3', 'the names a release before the tenant key gave');
    assert.deepEqual(reviewExecutionPrefixes('edit-7'), ['edit-edit-7-v'], 'one listing finds both');
    // Ids of 41 to 58 characters were plain in legacy names and are hashed now: both are listed.
    const mid = 'x'.repeat(50);
    assert.equal(reviewExecutionPrefixes(mid).length, 2);
    for (const id of ['edit-7', mid, 'y'.repeat(200)]) {
      const legacy = reviewLegacyExecutionName(id, 2);
      assert.ok(reviewExecutionPrefixes(id).some((prefix) => legacy.startsWith(prefix)), `${legacy} is listed`);
      assert.ok(reviewExecutionPrefixes(id).some((prefix) => reviewExecutionName('demo', id, 2).startsWith(prefix)));
      assert.equal(isReviewExecutionOf(legacy, 'demo', id), true);
    }
    assert.equal(isReviewExecutionOf('edit-edit-7-vx-v1-demo', 'demo', 'edit-7'), false, 'edit "edit-7-vx"');
    assert.equal(isReviewExecutionOf('edit-edit-7-v3-other', 'demo', 'edit-7'), false, "another tenant's");
    assert.equal(isReviewExecutionOf('edit-edit-7-v3-demo-v1-demo', 'demo', 'edit-7'), false, 'edit "edit-7-v3-demo"');
  });
});
