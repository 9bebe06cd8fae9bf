/**
 * The review workflow as the API sees it: start the review of a submitted Edit version, and wake
 * the step that waits on a person when that person acts. Its definition is the ASL in
 * `review-workflow.asl.json`, shipped in the package for Step Functions (substitute
 * `${ReviewActivitiesFunctionArn}`) and run as it is by the embedded runner.
 *
 * One execution per submitted version, named `edit-<id>-v<version>-<tenant key>`: submitting the
 * same version again starts nothing new (Step Functions refuses a second execution with a name; the
 * embedded runner creates the record with `ifNoneMatch`). The tenant key is in the name because on
 * AWS one state machine serves every tenant and a name is unique per state machine (and stays taken
 * for ~90 days after its execution closes), while edit ids can be chosen by the client: without
 * it, a second tenant's edit with the same id and version would never be reviewed.
 *
 * Names made before the tenant key (`edit-<id>-v<version>`) are still found by `wake` and by a
 * repeated submit (reviewLegacyExecutionName), so reviews started before an upgrade carry on.
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
// Room kept for the version's digits: Number.MAX_SAFE_INTEGER has 16. (Legacy names kept 15.)
const VERSION_DIGITS = 16;
const LEGACY_VERSION_DIGITS = 15;
// A tenant id of letters and digits is its own key; any other (tenant ids may hold ".", "_", "-"
// and run to 64 characters) is `t_` and a hash. The plain form has no "_", so the two never meet,
// and neither has a "-", so the name's last "-" always starts the tenant key.
const PLAIN_TENANT = /^[A-Za-z0-9]{1,16}$/;
const TENANT_KEY_LENGTH = 16;

/**
 * The tenant's part of an execution name: the tenant id itself when it is 1 to 16 letters and
 * digits, otherwise `t_` and 14 hex digits of its SHA-256 (ids only: a tenant's name is never used).
 */
export function reviewTenantKey(tenant: string): string {
  if (typeof tenant !== 'string' || tenant === '') throw new TypeError(`workflow: \`tenant\` must be a tenant id; got ${JSON.stringify(tenant)}.`);
  if (PLAIN_TENANT.test(tenant)) return tenant;
  return `t_${createHash('sha256').update(tenant).digest('hex').slice(0, TENANT_KEY_LENGTH - 2)}`;
}

/** `edit-<id>-v<version>-<tenant key>`; an id too long for that is replaced by a hash of it. */
export function reviewExecutionName(tenant: string, editId: string, version: number): string {
  return `${reviewExecutionPrefix(editId)}${version}-${reviewTenantKey(tenant)}`;
}

/** What every execution name of the edit begins with (other edits' names may begin with it too: check the input's editId). */
export function reviewExecutionPrefix(editId: string): string {
  return editPrefix(editId, MAX_NAME - VERSION_DIGITS - 1 - TENANT_KEY_LENGTH);
}

/**
 * The name an execution of this version had before names carried the tenant key. Executions
 * started under it (on disk for the embedded runner, on the state machine on AWS) are still woken,
 * and a repeated submit of their version starts nothing new.
 */
export function reviewLegacyExecutionName(editId: string, version: number): string {
  return `${reviewLegacyExecutionPrefix(editId)}${version}`;
}

export function reviewLegacyExecutionPrefix(editId: string): string {
  return editPrefix(editId, MAX_NAME - LEGACY_VERSION_DIGITS);
}

/** The prefixes to list to find all of an edit's executions, new names and legacy ones: one, or two for an id of 41 to 58 characters (plain in legacy names, hashed now). */
export function reviewExecutionPrefixes(editId: string): string[] {
  return [...new Set([reviewExecutionPrefix(editId), reviewLegacyExecutionPrefix(editId)])];
}

/** Whether `name` is the name of one of this tenant's executions of the edit (any version, new or legacy form). */
export function isReviewExecutionOf(name: string, tenant: string, editId: string): boolean {
  const rest = (prefix: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : undefined);
  const current = rest(reviewExecutionPrefix(editId));
  const legacy = rest(reviewLegacyExecutionPrefix(editId));
  return (current !== undefined && new RegExp(`^\\d+-${reviewTenantKey(tenant)}$`).test(current)) || (legacy !== undefined && /^\d+$/.test(legacy));
}

function editPrefix(editId: string, room: number): string {
  const plain = `edit-${editId}-v`;
  if (plain.length <= room) return plain;
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
      // A version submitted before names carried the tenant key keeps its execution.
      const legacy = reviewLegacyExecutionName(edit.id, edit.version);
      if (await runner.describe(tenant, legacy)) return { execution: legacy, started: false };
      const execution = reviewExecutionName(tenant, edit.id, edit.version);
      const input: ReviewWorkflowInput = { tenant, editId: edit.id, version: edit.version, submittedBy: edit.createdBy, correlationId };
      const { started } = await runner.start(tenant, execution, input);
      return { execution, started };
    },
    async wake(tenant, editId, wait, outcome) {
      const listed = (await Promise.all(reviewExecutionPrefixes(editId).map((prefix) => runner.find(tenant, prefix)))).flat();
      const found = [...new Map(listed.map((execution) => [execution.name, execution])).values()];
      const running = found.filter(
        (execution) => execution.status === 'running' && execution.input['editId'] === editId && isReviewExecutionOf(execution.name, tenant, editId),
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
