/**
 * The review workflow port's contract: what every adapter (the embedded runner, Step Functions)
 * does, checked through `ReviewWorkflow` alone. Each adapter's test file calls
 * `reviewWorkflowContract` with a setup that gives the adapter plus two hooks that read its far end
 * the same way: `reachWait` brings a started execution to a person's wait as its backend would
 * (the embedded runner runs to it; on Step Functions the waiting Lambda step stores its task token),
 * and `observe` says what the backend holds for one execution (was it started, with what input, and
 * which task outcomes it received).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Edit } from '@surgery-video/client';
import type { JsonValue } from '../../src/workflow/execution-store.js';
import { reviewExecutionName, reviewLegacyExecutionName, type ReviewWait, type ReviewWorkflow, type ReviewWorkflowInput } from '../../src/workflow/review-workflow.js';

/** A task outcome the backend received for one of an execution's waits. */
export type ObservedOutcome = { wait: ReviewWait; ok: true; output: JsonValue } | { wait: ReviewWait; ok: false; error: string; cause: string };

export interface ObservedExecution {
  /** The backend holds an execution with this name for this tenant. */
  started: boolean;
  input?: ReviewWorkflowInput;
  /** In the order received. */
  outcomes: ObservedOutcome[];
}

export interface ReviewWorkflowContractSubject {
  workflow: ReviewWorkflow;
  /**
   * Brings the edit's started execution (`execution`, default the name `start` gives it) into
   * `wait` (AwaitAssignment / AwaitReturn) and resolves once the wait is open. For `review`, the
   * assignment wait must have been ended first.
   */
  reachWait(tenant: string, edit: Edit, wait: ReviewWait, execution?: string): Promise<void>;
  /** Starts the edit's execution as a release before the tenant key did: named reviewLegacyExecutionName. */
  startLegacy(tenant: string, edit: Edit, correlationId: string): Promise<void>;
  observe(tenant: string, execution: string): Promise<ObservedExecution>;
  /** How many executions the backend holds for the tenant. */
  executionCount(tenant: string): Promise<number>;
  close(): Promise<void>;
}

export function contractEdit(id: string, version: number): Edit {
  return {
    schema: 'surgery-video/edit@1', id, assetId: 'case-001', title: 'Review', version, status: 'submitted',
    segments: [{ start: 1, end: 2 }], annotations: [], createdBy: 'trainee-1', createdAt: '2026-03-01T09:30:00Z', updatedAt: '2026-03-01T09:30:00Z',
  };
}

export function reviewWorkflowContract(name: string, setup: () => Promise<ReviewWorkflowContractSubject>): void {
  describe(`ReviewWorkflow contract: ${name}`, () => {
    let subject: ReviewWorkflowContractSubject;
    beforeEach(async () => {
      subject = await setup();
    });
    afterEach(() => subject?.close());

    it('start names the execution edit-<id>-v<version>-<tenant key>, reports started, and starts it with the review input', async () => {
      const result = await subject.workflow.start('demo', contractEdit('edit-7', 3), 'req-1');
      assert.deepEqual(result, { execution: 'edit-edit-7-v3-demo', started: true });
      const seen = await subject.observe('demo', 'edit-edit-7-v3-demo');
      assert.equal(seen.started, true);
      assert.deepEqual(seen.input, { tenant: 'demo', editId: 'edit-7', version: 3, submittedBy: 'trainee-1', correlationId: 'req-1' });
      assert.deepEqual(seen.outcomes, []);
      assert.equal(await subject.executionCount('demo'), 1);
    });

    it('a repeated start of the same version starts nothing new; another version is a new execution', async () => {
      await subject.workflow.start('demo', contractEdit('edit-7', 3), 'req-1');
      assert.deepEqual(await subject.workflow.start('demo', contractEdit('edit-7', 3), 'req-2'), { execution: 'edit-edit-7-v3-demo', started: false });
      assert.equal(await subject.executionCount('demo'), 1, 'one execution for the version');
      assert.equal((await subject.observe('demo', 'edit-edit-7-v3-demo')).input?.correlationId, 'req-1', 'the first start is the one that runs');
      assert.deepEqual(await subject.workflow.start('demo', contractEdit('edit-7', 4), 'req-3'), { execution: 'edit-edit-7-v4-demo', started: true });
      assert.equal(await subject.executionCount('demo'), 2);
      assert.equal((await subject.observe('demo', 'edit-edit-7-v4-demo')).input?.version, 4);
    });

    it('an edit id too long for a name gets the hashed name within 80 characters, and its waits are still woken', async () => {
      const id = 'x'.repeat(70);
      const edit = contractEdit(id, 1);
      const { execution, started } = await subject.workflow.start('demo', edit, 'req-long');
      assert.equal(started, true);
      assert.equal(execution, reviewExecutionName('demo', id, 1));
      assert.match(execution, /^edit-[0-9a-f]{40}-v1-demo$/);
      assert.ok(execution.length <= 80, `${execution.length} characters`);
      assert.equal((await subject.observe('demo', execution)).input?.editId, id);
      await subject.reachWait('demo', edit, 'assignment');
      await subject.workflow.wake('demo', id, 'assignment', { ok: true, output: { assignee: 'specialist-1' } });
      assert.deepEqual((await subject.observe('demo', execution)).outcomes, [{ wait: 'assignment', ok: true, output: { assignee: 'specialist-1' } }]);
    });

    it('wake with an assignment ends the AwaitAssignment wait with that output', async () => {
      const edit = contractEdit('edit-7', 3);
      await subject.workflow.start('demo', edit, 'req-1');
      await subject.reachWait('demo', edit, 'assignment');
      await subject.workflow.wake('demo', 'edit-7', 'assignment', { ok: true, output: { assignee: 'specialist-1', version: 4 } });
      assert.deepEqual((await subject.observe('demo', 'edit-edit-7-v3-demo')).outcomes, [{ wait: 'assignment', ok: true, output: { assignee: 'specialist-1', version: 4 } }]);
    });

    it('wake with a rejection ends the AwaitAssignment wait with Review.Rejected and its cause', async () => {
      const edit = contractEdit('edit-7', 3);
      await subject.workflow.start('demo', edit, 'req-1');
      await subject.reachWait('demo', edit, 'assignment');
      await subject.workflow.wake('demo', 'edit-7', 'assignment', { ok: false, error: 'Review.Rejected', cause: 'Edit edit-7 was sent back to its author.' });
      assert.deepEqual((await subject.observe('demo', 'edit-edit-7-v3-demo')).outcomes, [
        { wait: 'assignment', ok: false, error: 'Review.Rejected', cause: 'Edit edit-7 was sent back to its author.' },
      ]);
    });

    it('wake with a return ends the AwaitReturn wait once the edit was assigned', async () => {
      const edit = contractEdit('edit-7', 3);
      await subject.workflow.start('demo', edit, 'req-1');
      await subject.reachWait('demo', edit, 'assignment');
      await subject.workflow.wake('demo', 'edit-7', 'assignment', { ok: true, output: { assignee: 'specialist-1' } });
      await subject.reachWait('demo', edit, 'review');
      await subject.workflow.wake('demo', 'edit-7', 'review', { ok: true, output: { verdict: 'approved' } });
      assert.deepEqual((await subject.observe('demo', 'edit-edit-7-v3-demo')).outcomes, [
        { wait: 'assignment', ok: true, output: { assignee: 'specialist-1' } },
        { wait: 'review', ok: true, output: { verdict: 'approved' } },
      ]);
    });

    it('wake when the execution is not in that wait is harmless: no error, nothing sent', async () => {
      // No execution at all for the edit.
      await subject.workflow.wake('demo', 'edit-none', 'assignment', { ok: true, output: null });
      assert.equal(await subject.executionCount('demo'), 0, 'a wake starts nothing');

      const edit = contractEdit('edit-7', 3);
      await subject.workflow.start('demo', edit, 'req-1');
      // Started, not yet in a wait.
      await subject.workflow.wake('demo', 'edit-7', 'assignment', { ok: true, output: { early: true } });
      assert.deepEqual((await subject.observe('demo', 'edit-edit-7-v3-demo')).outcomes, []);

      // In the assignment wait: a wake for the review wait is not for it.
      await subject.reachWait('demo', edit, 'assignment');
      await subject.workflow.wake('demo', 'edit-7', 'review', { ok: true, output: { verdict: 'too soon' } });
      assert.deepEqual((await subject.observe('demo', 'edit-edit-7-v3-demo')).outcomes, []);

      // The wait ended: a second wake for it sends nothing more.
      await subject.workflow.wake('demo', 'edit-7', 'assignment', { ok: true, output: { assignee: 'specialist-1' } });
      await subject.workflow.wake('demo', 'edit-7', 'assignment', { ok: true, output: { assignee: 'specialist-2' } });
      assert.deepEqual((await subject.observe('demo', 'edit-edit-7-v3-demo')).outcomes, [{ wait: 'assignment', ok: true, output: { assignee: 'specialist-1' } }]);
    });

    it("tenants are isolated: a wake for tenant B never touches tenant A's execution of the same edit id", async () => {
      const edit = contractEdit('shared-1', 1);
      await subject.workflow.start('tenant-a', edit, 'req-a');
      await subject.reachWait('tenant-a', edit, 'assignment');
      await subject.workflow.wake('tenant-b', 'shared-1', 'assignment', { ok: true, output: { assignee: 'intruder' } });
      await subject.workflow.wake('tenant-b', 'shared-1', 'assignment', { ok: false, error: 'Review.Rejected', cause: 'from tenant B' });
      assert.deepEqual((await subject.observe('tenant-a', reviewExecutionName('tenant-a', 'shared-1', 1))).outcomes, [], "tenant A's wait is untouched");
      assert.equal((await subject.observe('tenant-b', reviewExecutionName('tenant-b', 'shared-1', 1))).started, false, 'tenant B has no execution of it');
      assert.equal(await subject.executionCount('tenant-b'), 0);
      // Still waiting: tenant A's own wake ends it.
      await subject.workflow.wake('tenant-a', 'shared-1', 'assignment', { ok: true, output: { assignee: 'specialist-a' } });
      assert.deepEqual((await subject.observe('tenant-a', reviewExecutionName('tenant-a', 'shared-1', 1))).outcomes, [{ wait: 'assignment', ok: true, output: { assignee: 'specialist-a' } }]);
    });

    it('two tenants submitting the same edit id and version both start, as two executions, and each wake reaches its own', async () => {
      // Edit ids can be chosen by the client, and on AWS one state machine (one name space) serves every tenant.
      const edit = contractEdit('offline-draft-1', 2);
      const a = await subject.workflow.start('hospitalA', edit, 'req-a');
      const b = await subject.workflow.start('st-marys.eu', edit, 'req-b');
      assert.deepEqual(a, { execution: 'edit-offline-draft-1-v2-hospitalA', started: true });
      assert.equal(b.started, true, "the second tenant's review runs");
      assert.match(b.execution, /^edit-offline-draft-1-v2-t_[0-9a-f]{14}$/, 'a tenant id outside [A-Za-z0-9] is hashed, never spelled out');
      assert.equal(await subject.executionCount('hospitalA'), 1);
      assert.equal(await subject.executionCount('st-marys.eu'), 1);
      assert.equal((await subject.observe('hospitalA', a.execution)).input?.correlationId, 'req-a');
      assert.equal((await subject.observe('st-marys.eu', b.execution)).input?.correlationId, 'req-b');
      // Each tenant's repeat is its own repeat.
      assert.deepEqual(await subject.workflow.start('st-marys.eu', edit, 'req-b2'), { execution: b.execution, started: false });

      await subject.reachWait('hospitalA', edit, 'assignment');
      await subject.reachWait('st-marys.eu', edit, 'assignment');
      await subject.workflow.wake('st-marys.eu', 'offline-draft-1', 'assignment', { ok: true, output: { assignee: 'specialist-b' } });
      assert.deepEqual((await subject.observe('hospitalA', a.execution)).outcomes, [], "B's wake leaves A's wait alone");
      await subject.workflow.wake('hospitalA', 'offline-draft-1', 'assignment', { ok: false, error: 'Review.Rejected', cause: 'from A' });
      assert.deepEqual((await subject.observe('hospitalA', a.execution)).outcomes, [{ wait: 'assignment', ok: false, error: 'Review.Rejected', cause: 'from A' }]);
      assert.deepEqual((await subject.observe('st-marys.eu', b.execution)).outcomes, [{ wait: 'assignment', ok: true, output: { assignee: 'specialist-b' } }]);
    });

    it('an execution started under the legacy name edit-<id>-v<version> is still woken, and a repeated submit of its version starts nothing new', async () => {
      const edit = contractEdit('edit-9', 5);
      const legacy = reviewLegacyExecutionName('edit-9', 5);
      assert.equal(legacy, 'edit-edit-9-v5');
      await subject.startLegacy('demo', edit, 'req-before-upgrade');
      await subject.reachWait('demo', edit, 'assignment', legacy);
      assert.deepEqual(await subject.workflow.start('demo', edit, 'req-retry'), { execution: legacy, started: false });
      assert.equal(await subject.executionCount('demo'), 1, 'no second execution for the version');
      await subject.workflow.wake('demo', 'edit-9', 'assignment', { ok: true, output: { assignee: 'specialist-1' } });
      assert.deepEqual((await subject.observe('demo', legacy)).outcomes, [{ wait: 'assignment', ok: true, output: { assignee: 'specialist-1' } }]);
      // The next version gets the name with the tenant key.
      assert.deepEqual(await subject.workflow.start('demo', contractEdit('edit-9', 6), 'req-next'), { execution: 'edit-edit-9-v6-demo', started: true });
    });
  });
}
