/**
 * The review workflow contract against the embedded adapter: the shipped definition run by the
 * local runner on a directory store in a temp dir. The activities stand in for review-activities.ts
 * only as far as the contract needs: the instant preview holds the execution until the test lets it
 * reach the assignment wait, and the waits leave their token to the runner, as the real ones do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDirectoryStore } from '../../src/storage/directory-store.js';
import type { ReviewWorkflowInput } from '../../src/workflow/review-workflow.js';
import { createLocalWorkflowRunner, type WorkflowActivity } from '../../src/workflow/local-workflow-runner.js';
import { createLocalReviewWorkflow, loadReviewWorkflowDefinition, REVIEW_STEPS, REVIEW_WAIT_STATES, reviewExecutionName, reviewLegacyExecutionName, type ReviewWait } from '../../src/workflow/review-workflow.js';
import { reviewWorkflowContract, type ObservedOutcome } from './review-workflow-contract.js';

const WAIT_LIMIT_MS = 5000;
const WAIT_BY_STATE = new Map(Object.entries(REVIEW_WAIT_STATES).map(([wait, state]) => [state, wait as ReviewWait]));

/** A gate per execution that the instant preview waits on, so a started execution is not yet in a wait. */
function gates() {
  const opened = new Map<string, { promise: Promise<void>; open: () => void }>();
  return (key: string) => {
    let gate = opened.get(key);
    if (!gate) {
      let open = () => {};
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
      opened.set(key, gate);
    }
    return gate;
  };
}

reviewWorkflowContract('embedded runner', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'review-contract-local-'));
  const gate = gates();
  const idle: WorkflowActivity = async () => ({});
  const activities: Record<string, WorkflowActivity> = Object.fromEntries(REVIEW_STEPS.map((step) => [step, idle]));
  activities['instant-preview'] = async (_payload, context) => {
    await Promise.race([gate(`${context.tenant}/${context.execution}`).promise, new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }))]);
    return { preview: 'ready' };
  };
  // The waits: the runner holds the token and the step waits for it, as with review-activities.ts.
  activities['await-assignment'] = async () => undefined;
  activities['await-return'] = async () => undefined;
  activities['render'] = async () => undefined;
  const runner = createLocalWorkflowRunner({ definition: loadReviewWorkflowDefinition(), store: createDirectoryStore(join(dir, 'objects')), activities });

  return {
    workflow: createLocalReviewWorkflow(runner),
    async reachWait(tenant, edit, wait, execution = reviewExecutionName(tenant, edit.id, edit.version)) {
      if (wait === 'assignment') gate(`${tenant}/${execution}`).open();
      const deadline = Date.now() + WAIT_LIMIT_MS;
      while (!(await runner.pendingTaskToken(tenant, execution, REVIEW_WAIT_STATES[wait]))) {
        if (Date.now() > deadline) throw new Error(`${execution} did not reach ${REVIEW_WAIT_STATES[wait]} within ${WAIT_LIMIT_MS / 1000} s`);
        await sleep(10);
      }
    },
    async startLegacy(tenant, edit, correlationId) {
      const input: ReviewWorkflowInput = { tenant, editId: edit.id, version: edit.version, submittedBy: edit.createdBy, correlationId };
      await runner.start(tenant, reviewLegacyExecutionName(edit.id, edit.version), input);
    },
    async observe(tenant, execution) {
      const record = await runner.describe(tenant, execution);
      const outcomes: ObservedOutcome[] = [];
      for (const step of record?.steps ?? []) {
        const wait = WAIT_BY_STATE.get(step.state);
        if (wait && step.outcome) outcomes.push({ wait, ...step.outcome });
      }
      return { started: record !== undefined, ...(record ? { input: record.input as ReviewWorkflowInput } : {}), outcomes };
    },
    executionCount: async (tenant) => (await runner.find(tenant, 'edit-')).length,
    async close() {
      await runner.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
