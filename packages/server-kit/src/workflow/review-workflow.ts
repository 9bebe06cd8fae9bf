/**
 * The review workflow as the API sees it: start the review of a submitted Edit version, and wake
 * the step that waits on a person when that person acts. Its definition is the ASL in
 * `review-workflow.asl.json`, shipped in the package for Step Functions (substitute
 * `${ReviewActivitiesFunctionArn}`) and run as it is by the embedded runner.
 *
 * One execution per submitted version, named `edit-<id>-v<version>`: submitting the same version
 * again starts nothing new (Step Functions refuses a second execution with a name; the embedded
 * runner creates the record with `ifNoneMatch`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Edit } from '@surgery-video/client';
import type { StateMachineDefinition } from './asl-interpreter.js';
import type { JsonObject, JsonValue } from './execution-store.js';
import type { LocalWorkflowRunner } from './local-workflow-runner.js';

/** What a review execution starts with (its `$$.Execution.Input`). Ids only: it is logged by Step Functions. */
export interface ReviewWorkflowInput extends JsonObject {
  tenant: string;
  editId: string;
  /** The version submitted. */
  version: number;
  submittedBy: string;
  correlationId: string;
}

/** The waits a person ends: an admin's assignment (or rejection), a specialist's return. */
export type ReviewWait = 'assignment' | 'review';

export type ReviewWaitOutcome = { ok: true; output: JsonValue } | { ok: false; error: 'Review.Rejected'; cause: string };

export interface ReviewWorkflow {
  start(tenant: string, edit: Edit, correlationId: string): Promise<{ execution: string; started: boolean }>;
  /** Ends the wait, if the edit's execution is in it; otherwise the step sees the edit's status when it gets there. */
  wake(tenant: string, editId: string, wait: ReviewWait, outcome: ReviewWaitOutcome): Promise<void>;
}

/** The wait states of the definition, by wait. */
export const REVIEW_WAIT_STATES: Readonly<Record<ReviewWait, string>> = { assignment: 'AwaitAssignment', review: 'AwaitReturn' };

/** The activities the definition's Task states name (`Parameters.Payload.step`). */
export const REVIEW_STEPS = ['instant-preview', 'await-assignment', 'escalate-assignment', 'await-return', 'escalate-review', 'render', 'render-failed', 'publish'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

// Step Functions execution names: 1 to 80 of [A-Za-z0-9_-].
const MAX_NAME = 80;

/** `edit-<id>-v<version>`; an id too long for that is replaced by a hash of it. */
export function reviewExecutionName(editId: string, version: number): string {
  return `${reviewExecutionPrefix(editId)}${version}`;
}

export function reviewExecutionPrefix(editId: string): string {
  const plain = `edit-${editId}-v`;
  if (plain.length + 15 <= MAX_NAME) return plain;
  return `edit-${createHash('sha256').update(editId).digest('hex').slice(0, 40)}-v`;
}

/** Where the definition is: next to this module in src/, and read from src/ by the compiled dist/ (the package ships both). */
export function reviewWorkflowDefinitionPath(): string {
  const here = new URL('./review-workflow.asl.json', import.meta.url);
  const candidates = [here, new URL('../../src/workflow/review-workflow.asl.json', import.meta.url)];
  for (const candidate of candidates) if (existsSync(candidate)) return fileURLToPath(candidate);
  throw new Error(`workflow: review-workflow.asl.json was not found next to ${fileURLToPath(here)} nor in the package's src/workflow/.`);
}

export function loadReviewWorkflowDefinition(): StateMachineDefinition {
  return JSON.parse(readFileSync(reviewWorkflowDefinitionPath(), 'utf8')) as StateMachineDefinition;
}

/** The review workflow on the embedded runner. */
export function createLocalReviewWorkflow(runner: LocalWorkflowRunner): ReviewWorkflow {
  return {
    async start(tenant, edit, correlationId) {
      const execution = reviewExecutionName(edit.id, edit.version);
      const input: ReviewWorkflowInput = { tenant, editId: edit.id, version: edit.version, submittedBy: edit.createdBy, correlationId };
      const { started } = await runner.start(tenant, execution, input);
      return { execution, started };
    },
    async wake(tenant, editId, wait, outcome) {
      const running = (await runner.find(tenant, reviewExecutionPrefix(editId))).filter(
        (execution) => execution.status === 'running' && execution.input['editId'] === editId,
      );
      for (const execution of running) {
        const token = await runner.pendingTaskToken(tenant, execution.name, REVIEW_WAIT_STATES[wait]);
        if (!token) continue;
        if (outcome.ok) await runner.sendTaskSuccess(token, outcome.output);
        else await runner.sendTaskFailure(token, outcome.error, outcome.cause);
      }
    },
  };
}
