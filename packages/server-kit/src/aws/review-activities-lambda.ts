/**
 * The review activities as the Lambda every Task state of review-workflow.asl.json invokes
 * (`${ReviewActivitiesFunctionArn}`). Step Functions sends the state's Payload:
 * `{ step, execution, input, taskToken? , render? , error? }`; the handler runs the same activity
 * the embedded runner runs (review-activities.ts) with an ActivityContext whose task callbacks are
 * SendTaskSuccess / SendTaskFailure.
 *
 * A waiting step (AwaitAssignment, AwaitReturn) stores its task token before the activity looks at
 * the Edit, so the API's `wake` can end the wait later (step-functions-task-tokens.ts); if the
 * person already acted, the activity ends the wait itself. The Lambda returns at once either way:
 * the execution waits on the token, not on the Lambda.
 *
 * The Render step waits on its MediaConvert job, which outlives the invocation: its token is
 * stored the same way (wait `render`), the activity is asked for `renderCompletion: 'job-events'`
 * (the job is started with the tenant, execution and render job ids in its UserMetadata, never
 * the token), and the job's state change event ends the wait (mediaconvert-events-lambda.ts).
 *
 * What Step Functions does not pass, the context cannot have: `occurrence` is 1 (the ASL gives no
 * entry count), and the signal is aborted when the invocation returns, so an activity must finish
 * its work before it resolves.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { JsonObject, JsonValue } from '../workflow/execution-store.js';
import { loadReviewWorkflowDefinition, REVIEW_STEPS, REVIEW_WAIT_STATES, type ReviewStep, type ReviewWait, type ReviewWorkflowInput } from '../workflow/review-workflow.js';
import type { RenderActivityContext } from '../workflow/render-activity.js';
import type { WorkflowActivity } from '../workflow/task-handler.js';
import { ReviewTaskTokenError, sendReviewTaskOutcome } from './step-functions-review-workflow.js';
import type { ReviewTaskTokenStore, ReviewTokenWait } from './step-functions-task-tokens.js';

export interface ReviewActivitiesLambdaDeps {
  /** createReviewActivities(...), or the host's own, by step name. */
  activities: Readonly<Record<ReviewStep, WorkflowActivity>>;
  tokens: ReviewTaskTokenStore;
  client: SFNClient;
  log?: (line: string) => void;
}

/** What a Task state of the review definition sends (its Parameters.Payload, resolved). */
export interface ReviewActivitiesEvent extends JsonObject {
  step: ReviewStep;
  execution: string;
  input: ReviewWorkflowInput;
}

const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export function createReviewActivitiesLambdaHandler(deps: ReviewActivitiesLambdaDeps): (event: unknown) => Promise<JsonValue> {
  const log = deps.log ?? (() => {});
  // Which state runs each step, and which of them wait on a token, as the shipped definition says.
  const states = new Map<string, { state: string; waits: boolean }>();
  for (const [name, state] of Object.entries(loadReviewWorkflowDefinition().States)) {
    const task = state as { Type: string; Resource?: string; Parameters?: { Payload?: { step?: string } } };
    const step = task.Parameters?.Payload?.step;
    if (task.Type === 'Task' && step) states.set(step, { state: name, waits: task.Resource?.endsWith('.waitForTaskToken') === true });
  }
  for (const step of REVIEW_STEPS) {
    if (typeof deps.activities?.[step] !== 'function') throw new TypeError(`createReviewActivitiesLambdaHandler: \`activities\` has no "${step}" activity.`);
  }
  const waitOf = new Map<string, ReviewTokenWait>(Object.entries(REVIEW_WAIT_STATES).map(([wait, state]) => [state, wait as ReviewWait]));
  // The render's token waits for the job's state change event, which reads it from the store.
  const renderState = states.get('render');
  if (renderState?.waits) waitOf.set(renderState.state, 'render');

  return async (raw) => {
    const event = readEvent(raw);
    const { state, waits } = states.get(event.step)!;
    const token = event['taskToken'];
    if (waits && (typeof token !== 'string' || token === '')) throw new TypeError(`event.taskToken: step "${event.step}" waits for a task token ($$.Task.Token); none was passed.`);
    if (!waits && token !== undefined) throw new TypeError(`event.taskToken: step "${event.step}" does not wait; its state passes no token.`);
    const { tenant, editId } = event.input;
    const wait = waitOf.get(state);
    if (wait) await deps.tokens.put({ tenant, editId, execution: event.execution, wait, token: token as string });

    const controller = new AbortController();
    const complete = async (taskToken: string, outcome: { ok: true; output: JsonValue } | { ok: false; error: string; cause: string }) => {
      let accepted = true;
      try {
        await sendReviewTaskOutcome(deps.client, taskToken, outcome as Parameters<typeof sendReviewTaskOutcome>[2]);
      } catch (error) {
        // Anything but "this step is over" keeps the stored token, so the API can still end the wait.
        if (!(error instanceof ReviewTaskTokenError)) throw error;
        log(`workflow ${event.execution}: ${state} token not accepted (${error.code})`);
        accepted = false;
      }
      if (wait) await deps.tokens.remove({ tenant, execution: event.execution, wait, token: taskToken });
      return accepted;
    };
    const context: RenderActivityContext = {
      tenant,
      execution: event.execution,
      state,
      occurrence: 1,
      ...(typeof token === 'string' ? { taskToken: token } : {}),
      signal: controller.signal,
      sendTaskSuccess: (taskToken, output) => complete(taskToken, { ok: true, output }),
      sendTaskFailure: (taskToken, error, cause) => complete(taskToken, { ok: false, error, cause }),
      ...(wait === 'render' ? { renderCompletion: 'job-events' as const } : {}),
    };
    try {
      const result = await deps.activities[event.step](event, context);
      return result === undefined ? null : result;
    } catch (error) {
      // The step fails with the invocation: no job event may end it later with this token.
      if (wait === 'render') await deps.tokens.remove({ tenant, execution: event.execution, wait, token: token as string }).catch(() => {});
      throw error;
    } finally {
      controller.abort();
    }
  };
}

/** The event, checked whole: a payload that is not one of the definition's is refused, naming the field. */
function readEvent(raw: unknown): ReviewActivitiesEvent {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new TypeError('event: must be the Task state\'s Payload object.');
  const event = raw as JsonObject;
  if (!(REVIEW_STEPS as readonly unknown[]).includes(event['step'])) throw new TypeError(`event.step: must be one of ${REVIEW_STEPS.join(', ')}; got ${JSON.stringify(event['step'])}.`);
  if (typeof event['execution'] !== 'string' || !EXECUTION_NAME.test(event['execution'])) throw new TypeError('event.execution: must be the execution name ($$.Execution.Name).');
  const input = event['input'];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new TypeError('event.input: must be the execution input ($$.Execution.Input).');
  for (const field of ['tenant', 'editId', 'correlationId'] as const) {
    if (typeof input[field] !== 'string' || input[field] === '') throw new TypeError(`event.input.${field}: must be a non-empty string.`);
  }
  if (!Number.isSafeInteger(input['version'])) throw new TypeError('event.input.version: must be the submitted version number.');
  return event as ReviewActivitiesEvent;
}
