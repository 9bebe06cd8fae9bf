/**
 * The embedded workflow: an ASL definition run in process by aws-local-stepfunctions, the same
 * definition Step Functions runs in production, made durable on the ObjectStore.
 *
 * Each Task state's Parameters name an activity (`Payload.step`); the runner calls it in place of
 * the Lambda. `.waitForTaskToken` states get a token the runner issues (it stands in for
 * `$$.Task.Token`); the state ends when `sendTaskSuccess` / `sendTaskFailure` is called with it,
 * by the activity itself or later by the API.
 *
 * Durability is by replay. Every Task occurrence (the n-th entry into a state) is recorded in the
 * execution record before its activity runs, with its token, and its outcome when it ends: output,
 * error, or `States.Timeout`. After a restart the runner starts the definition again from the top
 * with the stored input; occurrences with an outcome return it without running anything, so the
 * execution walks the same path back to where it was and carries on from there. An occurrence that
 * was waiting keeps its token and its deadline (entered at + TimeoutSeconds), so a due time is a
 * due time across restarts. Activities therefore run at least once, and at most once past their
 * recorded outcome; each one is also idempotent on its own (see review-activities.ts).
 */
import type { ObjectStore } from '../storage/object-store.js';
import { ExecutionError, StateMachine, type StateMachineDefinition } from './asl-interpreter.js';
import { createExecutionStore, type ExecutionRecord, type JsonObject, type JsonValue, type StepOutcome } from './execution-store.js';
import { createTaskHandler, WorkflowStoppedError, type ActiveRun, type WorkflowActivity } from './task-handler.js';
import { readTaskToken, TaskTokenError, TaskWaiters } from './task-tokens.js';
import { taskStates, withTimeouts } from './workflow-definition.js';

export type { ActivityContext, WorkflowActivity } from './task-handler.js';

export interface LocalWorkflowRunnerOptions {
  /** The ASL definition (JSON), e.g. loadReviewWorkflowDefinition(). */
  definition: StateMachineDefinition;
  store: ObjectStore;
  /** By the `Payload.step` the Task states name. */
  activities: Readonly<Record<string, WorkflowActivity>>;
  /** Local only: seconds in place of a Task state's TimeoutSeconds (to see escalations in a test). */
  stateTimeouts?: Readonly<Record<string, number>>;
  /** Local only: retry delays in ms by state name, in place of IntervalSeconds and BackoffRate. */
  retryIntervals?: Readonly<Record<string, number | number[]>>;
  log?: (line: string) => void;
}

export interface LocalWorkflowRunner {
  /** Starts an execution; an existing name (running or ended) starts nothing and returns that one. */
  start(tenant: string, name: string, input: JsonObject): Promise<{ started: boolean; execution: ExecutionRecord }>;
  /** `false` when the step already ended (it timed out, or was completed before). */
  sendTaskSuccess(token: string, output: JsonValue): Promise<boolean>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<boolean>;
  /** The token of the occurrence of `state` that is waiting, if one is. */
  pendingTaskToken(tenant: string, name: string, state: string): Promise<string | undefined>;
  describe(tenant: string, name: string): Promise<ExecutionRecord | undefined>;
  find(tenant: string, namePrefix: string): Promise<ExecutionRecord[]>;
  /** Carries on every execution a previous process left running; returns their names. */
  resume(): Promise<string[]>;
  /** Resolves with the record once the execution ends in this process. */
  settled(tenant: string, name: string): Promise<ExecutionRecord>;
  /** Stops running executions where they are (they stay `running` in the store, to resume later). */
  stop(): Promise<void>;
}

interface LocalRun extends ActiveRun {
  stop: (error: Error) => void;
  abort?: () => void;
  done?: Promise<void>;
}

// `$$.Task.Token` must resolve for the interpreter; the runner puts the real, per-step token in the payload.
const LOCAL_TOKEN_PLACEHOLDER = 'issued-by-the-local-runner';

export function createLocalWorkflowRunner(options: LocalWorkflowRunnerOptions): LocalWorkflowRunner {
  const log = options.log ?? (() => {});
  const definition = withTimeouts(options.definition, options.stateTimeouts ?? {});
  const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  const tasks = taskStates(definition, options.activities);
  const executions = createExecutionStore(options.store);
  const waiters = new TaskWaiters();
  const active = new Map<string, LocalRun>();
  const settledWaiters = new Map<string, ((record: ExecutionRecord) => void)[]>();
  let stopped = false;
  const keyOf = (tenant: string, name: string) => `${tenant}/${name}`;

  async function complete(token: string, outcome: StepOutcome): Promise<boolean> {
    const subject = readTaskToken(token);
    let accepted = false;
    let known = false;
    await executions.update(subject.tenant, subject.execution, (record) => {
      const step = record.steps.find((candidate) => candidate.token === token);
      if (!step) return false;
      known = true;
      if (step.outcome) return false;
      step.outcome = outcome;
      step.completedAt = new Date().toISOString();
      accepted = true;
      return true;
    });
    if (!known) throw new TaskTokenError('invalid-token', 'No waiting step has this task token.');
    if (accepted) waiters.settle(token, outcome);
    return accepted;
  }

  function launch(execution: ExecutionRecord): void {
    let stop: (error: Error) => void = () => {};
    const stopGate = new Promise<never>((_, reject) => (stop = reject));
    stopGate.catch(() => {});
    const run: LocalRun = { tenant: execution.tenant, name: execution.name, counters: new Map(), controller: new AbortController(), stopGate, stop, inFlight: new Set() };
    const handlers = Object.fromEntries(
      tasks.map(([state, task, activity]) => [state, createTaskHandler({ run, state, task, activity, executions, waiters, complete })]),
    );
    const running = machine.run(execution.input, {
      overrides: { taskResourceLocalHandlers: handlers, ...(options.retryIntervals ? { retryIntervalOverrides: { ...options.retryIntervals } } : {}) },
      context: { Execution: { Name: execution.name, Id: `arn:aws:states:local:000000000000:execution:review-workflow:${execution.name}` }, Task: { Token: LOCAL_TOKEN_PLACEHOLDER } },
      noThrowOnAbort: true,
    });
    run.abort = running.abort;
    active.set(keyOf(run.tenant, run.name), run);
    void follow(run, running.eventLogs);
    run.done = running.result.then(
      (output) => finish(run, { status: 'succeeded', output: output as JsonValue }),
      (error: unknown) => {
        const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error instanceof Error ? error : new Error(String(error));
        return finish(run, { status: 'failed', error: { error: cause.name, cause: cause.message } });
      },
    );
  }

  /** Records entries into states other than Tasks (a Task's entry is recorded with its step, by the handler). */
  async function follow(run: LocalRun, events: AsyncGenerator<{ type: string; state?: { name: string; type: string } }>): Promise<void> {
    try {
      for await (const event of events) {
        if (run.controller.signal.aborted) return;
        if (event.type !== 'StateEntered' || !event.state || event.state.type === 'Task') continue;
        const state = event.state.name;
        await executions.update(run.tenant, run.name, (execution) => (execution.state === state ? false : ((execution.state = state), true)));
      }
    } catch (error) {
      log(`workflow ${run.name}: could not record a state change (${error instanceof Error ? error.message : 'unknown error'})`);
    }
  }

  async function finish(run: LocalRun, end: Pick<ExecutionRecord, 'status' | 'output' | 'error'>): Promise<void> {
    const key = keyOf(run.tenant, run.name);
    if (run.controller.signal.aborted) return void active.delete(key);
    await Promise.allSettled([...run.inFlight]);
    const saved = await executions.update(run.tenant, run.name, (execution) => {
      Object.assign(execution, end, { stoppedAt: new Date().toISOString() });
      if (end.output === undefined) delete execution.output;
      return true;
    });
    await executions.clearRunning(run.tenant, run.name);
    active.delete(key);
    log(`workflow ${run.name}: ${end.status}${end.error ? ` (${end.error.error})` : ''}`);
    if (saved) for (const resolve of settledWaiters.get(key)?.splice(0) ?? []) resolve(saved);
  }

  return {
    async start(tenant, name, input) {
      if (stopped) throw new Error('workflow: the runner is stopped.');
      const now = new Date().toISOString();
      const execution: ExecutionRecord = { name, tenant, input, status: 'running', steps: [], runs: 1, startedAt: now, updatedAt: now };
      await executions.markRunning(tenant, name);
      if (!(await executions.create(execution))) {
        const existing = (await executions.get(tenant, name)) as ExecutionRecord;
        if (existing.status !== 'running') await executions.clearRunning(tenant, name);
        return { started: false, execution: existing };
      }
      launch(execution);
      return { started: true, execution };
    },
    sendTaskSuccess: (token, output) => complete(token, { ok: true, output }),
    sendTaskFailure: (token, error, cause) => complete(token, { ok: false, error, cause }),
    async pendingTaskToken(tenant, name, state) {
      const execution = await executions.get(tenant, name);
      return execution?.steps.filter((step) => step.state === state && step.token && !step.outcome).at(-1)?.token;
    },
    describe: (tenant, name) => executions.get(tenant, name),
    find: (tenant, namePrefix) => executions.find(tenant, namePrefix),
    async resume() {
      const resumed: string[] = [];
      for (const { tenant, name } of await executions.listRunning()) {
        if (stopped || active.has(keyOf(tenant, name))) continue;
        const execution = await executions.update(tenant, name, (found) => (found.status === 'running' ? ((found.runs += 1), true) : false));
        if (!execution || execution.status !== 'running') {
          await executions.clearRunning(tenant, name);
          continue;
        }
        log(`workflow ${name}: resumed at ${execution.state ?? 'its start'} (run ${execution.runs})`);
        launch(execution);
        resumed.push(name);
      }
      return resumed;
    },
    async settled(tenant, name) {
      const key = keyOf(tenant, name);
      const ended = new Promise<ExecutionRecord>((resolve) => settledWaiters.set(key, [...(settledWaiters.get(key) ?? []), resolve]));
      const current = await executions.get(tenant, name);
      return current && current.status !== 'running' ? current : ended;
    },
    async stop() {
      stopped = true;
      const runs = [...active.values()];
      for (const run of runs) {
        run.controller.abort();
        run.stop(new WorkflowStoppedError('The runner stopped.'));
        run.abort?.();
      }
      await Promise.allSettled(runs.flatMap((run) => [run.done, ...run.inFlight]));
      waiters.clear();
      await executions.drain();
    },
  };
}
