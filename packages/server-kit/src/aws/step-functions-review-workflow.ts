/**
 * The review workflow on Step Functions: the shipped ASL (review-workflow.asl.json) deployed as it
 * is, one execution per submitted Edit version.
 *
 * - `start` is StartExecution named `edit-<id>-v<version>-<tenant key>` (reviewExecutionName).
 *   Step Functions refuses a second execution with a name (ExecutionAlreadyExists), so a repeated
 *   submit starts nothing new and reports `started: false`. The tenant key keeps two tenants' edits
 *   with the same client-chosen id apart: the one state machine serves every tenant. A version
 *   submitted before names carried the tenant key, whose execution still waits on its assignment,
 *   is answered with that legacy execution. (The very same request repeated while the execution
 *   runs, same input and all, is answered with the running execution: that is a retry of one start.)
 * - `wake` ends a person's wait: SendTaskSuccess, or SendTaskFailure `Review.Rejected`, with the
 *   task token the waiting Lambda step stored (step-functions-task-tokens.ts). A token whose step
 *   is over (TaskTimedOut after an escalation, TaskDoesNotExist once completed) is dropped: the
 *   step that waits next reads the Edit's status itself when it starts (review-activities.ts).
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { reviewExecutionName, reviewLegacyExecutionName, type ReviewWorkflow, type ReviewWorkflowInput, type ReviewWaitOutcome } from '../workflow/review-workflow.js';
import type { ReviewTaskTokenStore } from './step-functions-task-tokens.js';

export interface StepFunctionsReviewWorkflowOptions {
  /** One client per region, made once by the host. */
  client: SFNClient;
  /** The review state machine (deployed from loadReviewWorkflowDefinition()). */
  stateMachineArn: string;
  /** Where the waiting Lambda steps put their task tokens. */
  tokens: ReviewTaskTokenStore;
  /** Lines with ids only (execution names, edit ids), never tokens or patient data. */
  log?: (line: string) => void;
}

/** Why a task token was not accepted: its step timed out, was completed already, or it is not a token. */
export class ReviewTaskTokenError extends Error {
  override readonly name = 'ReviewTaskTokenError';

  constructor(
    readonly code: 'task-timed-out' | 'task-does-not-exist' | 'invalid-token',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;
const TOKEN_ERRORS: Record<string, ReviewTaskTokenError['code']> = {
  TaskTimedOut: 'task-timed-out',
  TaskDoesNotExist: 'task-does-not-exist',
  InvalidToken: 'invalid-token',
};

/**
 * Completes the step that waits on `token`. Throws a ReviewTaskTokenError when Step Functions
 * answers that the step is over or the token is not one; other failures (throttling, permissions)
 * are thrown as the SDK reports them.
 */
export async function sendReviewTaskOutcome(client: SFNClient, token: string, outcome: ReviewWaitOutcome | { ok: false; error: string; cause: string }): Promise<void> {
  try {
    if (outcome.ok) await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(outcome.output) }));
    else await client.send(new SendTaskFailureCommand({ taskToken: token, error: outcome.error, cause: outcome.cause }));
  } catch (error) {
    const code = error instanceof Error ? TOKEN_ERRORS[error.name] : undefined;
    if (!code) throw error;
    const why = { 'task-timed-out': 'its step timed out', 'task-does-not-exist': 'its step is over or was never started', 'invalid-token': 'it is not a Step Functions task token' }[code];
    throw new ReviewTaskTokenError(code, `Step Functions did not accept the task token: ${why}.`, { cause: error });
  }
}

export function createStepFunctionsReviewWorkflow(options: StepFunctionsReviewWorkflowOptions): ReviewWorkflow {
  const { client, stateMachineArn, tokens } = options;
  const log = options.log ?? (() => {});
  if (!client || typeof (client as { send?: unknown }).send !== 'function') {
    throw new TypeError('createStepFunctionsReviewWorkflow: `client` must be an SFNClient (new SFNClient({ region })).');
  }
  if (typeof stateMachineArn !== 'string' || !STATE_MACHINE_ARN.test(stateMachineArn)) {
    throw new TypeError(`createStepFunctionsReviewWorkflow: \`stateMachineArn\` must be arn:aws:states:<region>:<account>:stateMachine:<name>; got ${JSON.stringify(stateMachineArn)}.`);
  }
  if (!tokens || typeof tokens.find !== 'function' || typeof tokens.get !== 'function') {
    throw new TypeError('createStepFunctionsReviewWorkflow: `tokens` must be the task token store the review Lambda writes (createReviewTaskTokenStore).');
  }

  return {
    async start(tenant, edit, correlationId) {
      // A repeat of a version submitted before names carried the tenant key: its execution waits on
      // the assignment (the edit is still `submitted`), so its token is in this tenant's store.
      const legacy = reviewLegacyExecutionName(edit.id, edit.version);
      if (await tokens.get(tenant, legacy, 'assignment')) return { execution: legacy, started: false };
      const execution = reviewExecutionName(tenant, edit.id, edit.version);
      const input: ReviewWorkflowInput = { tenant, editId: edit.id, version: edit.version, submittedBy: edit.createdBy, correlationId };
      try {
        await client.send(new StartExecutionCommand({ stateMachineArn, name: execution, input: JSON.stringify(input) }));
        log(`workflow ${execution}: started (${correlationId})`);
        return { execution, started: true };
      } catch (error) {
        if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return { execution, started: false };
        throw error;
      }
    },

    async wake(tenant, editId, wait, outcome) {
      for (const record of await tokens.find(tenant, editId, wait)) {
        try {
          await sendReviewTaskOutcome(client, record.token, outcome);
          log(`workflow ${record.execution}: ${wait} wait ended (${outcome.ok ? 'success' : outcome.error})`);
        } catch (error) {
          if (!(error instanceof ReviewTaskTokenError)) throw error;
          log(`workflow ${record.execution}: ${wait} token dropped (${error.code})`);
        }
        await tokens.remove(record);
      }
    },
  };
}
