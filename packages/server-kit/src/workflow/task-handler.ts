/**
 * One Task state of a running execution, as the local handler aws-local-stepfunctions calls in
 * place of the Lambda: record the occurrence, replay its outcome if it has one, otherwise run the
 * activity (and, for `.waitForTaskToken` states, wait for the token's callback or the deadline).
 * See local-workflow-runner.ts for why every occurrence is recorded.
 */
import type { ExecutionRecord, ExecutionStore, JsonObject, JsonValue, StepOutcome, StepRecord } from './execution-store.js';
import { issueTaskToken, outcomeError, type TaskWaiters } from './task-tokens.js';
import type { TaskState } from './workflow-definition.js';

export interface ActivityContext {
  tenant: string;
  execution: string;
  state: string;
  /** 1 for the first entry into this state, 2 after a retry or a loop back, … */
  occurrence: number;
  /** `.waitForTaskToken` states: the token that completes this step. */
  taskToken?: string;
  /** Aborted when the step ends (done, timed out) or the runner stops. */
  signal: AbortSignal;
  sendTaskSuccess(token: string, output: JsonValue): Promise<boolean>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<boolean>;
}

export type WorkflowActivity = (payload: JsonObject, context: ActivityContext) => Promise<JsonValue | void>;

/** One execution running in this process. */
export interface ActiveRun {
  tenant: string;
  name: string;
  counters: Map<string, number>;
  controller: AbortController;
  /** Rejects when the runner stops, so that nothing waits past it. */
  stopGate: Promise<never>;
  inFlight: Set<Promise<unknown>>;
}

export class WorkflowStoppedError extends Error {
  override readonly name = 'Workflow.Stopped';
}

export interface TaskHandlerDeps {
  run: ActiveRun;
  state: string;
  task: TaskState;
  activity: WorkflowActivity;
  executions: ExecutionStore;
  waiters: TaskWaiters;
  /** Records a token's outcome and wakes its waiter; false when the step had ended. */
  complete(token: string, outcome: StepOutcome): Promise<boolean>;
}

const DEFAULT_TIMEOUT_SECONDS = 60;

export function createTaskHandler(deps: TaskHandlerDeps): (processed: unknown) => Promise<JsonValue> {
  const { run, state, task, activity, complete } = deps;
  const waits = task.Resource.endsWith('.waitForTaskToken');
  // lambda:invoke answers `{ Payload, StatusCode }`; the definition's ResultSelectors read `$.Payload`.
  const lambdaShape = task.Resource.startsWith('arn:aws:states:::lambda:invoke') && !waits;
  const timeoutMs = (task.TimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const wrap = (output: JsonValue): JsonValue => (lambdaShape ? { Payload: output, StatusCode: 200 } : output);
  const settle = (occurrence: number, outcome: StepOutcome) =>
    recordStep(deps.executions, run, state, occurrence, (found) => {
      if (found.outcome) return false;
      found.outcome = outcome;
      found.completedAt = new Date().toISOString();
      return true;
    });

  return async (processed) => {
    if (run.controller.signal.aborted) throw new WorkflowStoppedError('The runner stopped.');
    const enteredAt = new Date().toISOString(); // before any await: this deadline never trails the interpreter's
    const occurrence = (run.counters.get(state) ?? 0) + 1;
    run.counters.set(state, occurrence);
    const work = (async (): Promise<JsonValue> => {
      const step = await recordStep(deps.executions, run, state, occurrence, () => false, () => ({
        state,
        occurrence,
        enteredAt,
        ...(waits ? { token: issueTaskToken({ tenant: run.tenant, execution: run.name, state, occurrence }) } : {}),
      }));
      if (!step) throw new Error(`workflow: execution ${run.name} has no record.`);
      if (step.outcome) {
        if (step.outcome.ok) return wrap(step.outcome.output);
        throw outcomeError(step.outcome);
      }
      const stepController = new AbortController();
      const onStop = () => stepController.abort();
      run.controller.signal.addEventListener('abort', onStop, { once: true });
      const payload = { ...(((processed as { Payload?: JsonObject }).Payload ?? processed) as JsonObject) };
      if (step.token) payload['taskToken'] = step.token;
      const context: ActivityContext = {
        tenant: run.tenant,
        execution: run.name,
        state,
        occurrence,
        ...(step.token ? { taskToken: step.token } : {}),
        signal: stepController.signal,
        sendTaskSuccess: (token, output) => complete(token, { ok: true, output }),
        sendTaskFailure: (token, error, cause) => complete(token, { ok: false, error, cause }),
      };
      const waiter = step.token ? deps.waiters.wait(step.token) : undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        if (!step.token || !waiter) {
          const result = await Promise.race([activity(payload, context), run.stopGate]);
          const output = result === undefined ? null : result;
          await settle(occurrence, { ok: true, output });
          return wrap(output);
        }
        const token = step.token;
        const timeout = new Promise<never>((_, reject) => {
          const remaining = Date.parse(step.enteredAt) + timeoutMs - Date.now();
          timer = setTimeout(() => {
            const cause = `${state} was not completed within ${timeoutMs / 1000} s.`;
            void complete(token, { ok: false, error: 'States.Timeout', cause }).catch(() => {});
            reject(outcomeError({ error: 'States.Timeout', cause }));
          }, Math.max(0, remaining));
        });
        await Promise.race([activity(payload, context), run.stopGate, timeout]);
        return await Promise.race([waiter.promise, run.stopGate, timeout]);
      } catch (error) {
        if (error instanceof WorkflowStoppedError || run.controller.signal.aborted) throw error;
        const failure = { ok: false as const, error: error instanceof Error ? error.name : 'Error', cause: error instanceof Error ? error.message : String(error) };
        if (step.token) await complete(step.token, failure).catch(() => false);
        else await settle(occurrence, failure);
        throw error;
      } finally {
        clearTimeout(timer);
        waiter?.cancel();
        stepController.abort();
        run.controller.signal.removeEventListener('abort', onStop);
      }
    })();
    run.inFlight.add(work);
    void work.finally(() => run.inFlight.delete(work)).catch(() => {});
    return work;
  };
}

/** Finds (or, with `create`, adds) the record of one occurrence, applies `change`, and returns a copy. */
export async function recordStep(
  executions: ExecutionStore,
  run: Pick<ActiveRun, 'tenant' | 'name'>,
  state: string,
  occurrence: number,
  change: (step: StepRecord) => boolean,
  create?: () => StepRecord,
): Promise<StepRecord | undefined> {
  let result: StepRecord | undefined;
  await executions.update(run.tenant, run.name, (execution: ExecutionRecord) => {
    let step = execution.steps.find((candidate) => candidate.state === state && candidate.occurrence === occurrence);
    let changed = false;
    if (!step && create) {
      step = create();
      execution.steps.push(step);
      // Entering a Task is recorded with the step itself, so `state` is never behind a step record.
      execution.state = state;
      changed = true;
    }
    if (step) changed = change(step) || changed;
    result = step && structuredClone(step);
    return changed;
  });
  return result;
}
