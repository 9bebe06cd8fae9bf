/**
 * The embedded runner on a small definition of its own: task tokens, names used once, replay after
 * a restart (nothing done twice, tokens and due times kept), timeouts caught, Retry and Catch on
 * named errors. Activities are plain functions that count their calls.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDirectoryStore, type DirectoryStore } from '../../src/storage/directory-store.js';
import type { StateMachineDefinition } from '../../src/workflow/asl-interpreter.js';
import type { JsonObject } from '../../src/workflow/execution-store.js';
import { createLocalWorkflowRunner, type LocalWorkflowRunner, type LocalWorkflowRunnerOptions, type WorkflowActivity } from '../../src/workflow/local-workflow-runner.js';
import { TaskTokenError } from '../../src/workflow/task-tokens.js';

const invoke = (step: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'fn', Payload: { step, 'input.$': '$$.Execution.Input', 'execution.$': '$$.Execution.Name' } },
  TimeoutSeconds: 30,
});

const DEFINITION = {
  StartAt: 'Prepare',
  States: {
    Prepare: { ...invoke('prepare'), ResultSelector: { 'prepared.$': '$.Payload' }, ResultPath: '$.prepare', Next: 'Wait' },
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'fn', Payload: { step: 'wait', 'taskToken.$': '$$.Task.Token' } },
      TimeoutSeconds: 600,
      ResultPath: '$.wait',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.late', Next: 'Nudge' }],
      Next: 'Work',
    },
    Nudge: { ...invoke('nudge'), ResultPath: null, Next: 'Wait' },
    Work: {
      ...invoke('work'),
      ResultPath: '$.work',
      Retry: [{ ErrorEquals: ['Work.Transient'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Broken' }],
      Next: 'Done',
    },
    Broken: { Type: 'Fail', Error: 'Work.Failed', Cause: 'work kept failing' },
    Done: { Type: 'Succeed' },
  },
} as unknown as StateMachineDefinition;

let dir: string;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'runner-'))));
after(() => rm(dir, { recursive: true, force: true }));

/** Counts of activity calls, and what `work` does on its n-th call. */
function harness(work: (call: number) => unknown = () => ({ worked: true })) {
  const calls: Record<string, number> = { prepare: 0, wait: 0, nudge: 0, work: 0 };
  const activities: Record<string, WorkflowActivity> = {
    prepare: async () => ((calls['prepare'] = calls['prepare']! + 1), { ready: true }),
    wait: async () => void (calls['wait'] = calls['wait']! + 1),
    nudge: async () => ((calls['nudge'] = calls['nudge']! + 1), {}),
    work: async () => {
      calls['work'] = calls['work']! + 1;
      const result = work(calls['work']);
      if (result instanceof Error) throw result;
      return result as JsonObject;
    },
  };
  return { calls, activities };
}

function named(name: string): Error {
  return Object.assign(new Error(`${name} on purpose`), { name });
}

async function runner(store: DirectoryStore, activities: Record<string, WorkflowActivity>, extra: Partial<LocalWorkflowRunnerOptions> = {}): Promise<LocalWorkflowRunner> {
  return createLocalWorkflowRunner({ definition: DEFINITION, store, activities, retryIntervals: { Work: 10 }, ...extra });
}

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('local workflow runner', () => {
  it('runs a definition to its end once the waiting step\'s token is completed', async () => {
    const store = createDirectoryStore(join(dir, 'a'));
    const { calls, activities } = harness();
    const workflow = await runner(store, activities);
    assert.equal((await workflow.start('t1', 'run-1', { n: 1 })).started, true);
    const token = await until(() => workflow.pendingTaskToken('t1', 'run-1', 'Wait'), 'the wait token');
    assert.equal(await workflow.sendTaskSuccess(token, { approved: true }), true);
    const done = await workflow.settled('t1', 'run-1');
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.output, { n: 1, prepare: { prepared: { ready: true } }, wait: { approved: true }, work: { Payload: { worked: true }, StatusCode: 200 } });
    assert.deepEqual(done.steps.map((step) => `${step.state}#${step.occurrence}`), ['Prepare#1', 'Wait#1', 'Work#1']);
    assert.deepEqual(calls, { prepare: 1, wait: 1, nudge: 0, work: 1 });
    assert.equal(await workflow.sendTaskSuccess(token, {}), false, 'a token completes its step once');
    await assert.rejects(workflow.sendTaskSuccess('bogus', {}), TaskTokenError);
    assert.deepEqual((await store.list('workflow/running/')).items, [], 'nothing is left to resume');
    await workflow.stop();
  });

  it('uses a name once: starting it again starts nothing', async () => {
    const store = createDirectoryStore(join(dir, 'b'));
    const { calls, activities } = harness();
    const workflow = await runner(store, activities);
    const first = await workflow.start('t1', 'run-1', { n: 1 });
    const second = await workflow.start('t1', 'run-1', { n: 2 });
    assert.equal(first.started, true);
    assert.equal(second.started, false);
    assert.deepEqual(second.execution.input, { n: 1 });
    await until(() => workflow.pendingTaskToken('t1', 'run-1', 'Wait'), 'the wait token');
    assert.equal(calls['prepare'], 1);
    await workflow.stop();
  });

  it('carries on after a restart from where it was: done steps are not redone, the waiting token still works', async () => {
    const store = createDirectoryStore(join(dir, 'c'));
    const first = harness();
    const before = await runner(store, first.activities);
    await before.start('t1', 'run-1', { n: 1 });
    const token = await until(() => before.pendingTaskToken('t1', 'run-1', 'Wait'), 'the wait token');
    await before.stop();
    assert.equal((await before.describe('t1', 'run-1'))?.status, 'running', 'a stop is not an end');

    const second = harness();
    const afterRestart = await runner(store, second.activities);
    assert.deepEqual(await afterRestart.resume(), ['run-1']);
    await until(async () => ((await afterRestart.describe('t1', 'run-1'))?.state === 'Wait' ? true : undefined), 'the replay to reach Wait');
    assert.equal(await afterRestart.pendingTaskToken('t1', 'run-1', 'Wait'), token, 'the same token');
    assert.equal(await afterRestart.sendTaskSuccess(token, { late: 'but fine' }), true);
    const done = await afterRestart.settled('t1', 'run-1');
    assert.equal(done.status, 'succeeded');
    assert.equal(done.runs, 2);
    assert.deepEqual(second.calls, { prepare: 0, wait: 1, nudge: 0, work: 1 }, 'Prepare was replayed from its record');
    await afterRestart.stop();
  });

  it('catches a wait that runs past its due time, and keeps the due time across a restart', async () => {
    const store = createDirectoryStore(join(dir, 'd'));
    const first = harness();
    const before = await runner(store, first.activities, { stateTimeouts: { Wait: 2 } });
    await before.start('t1', 'run-1', {});
    await until(() => before.pendingTaskToken('t1', 'run-1', 'Wait'), 'the wait token');
    await before.stop();
    await new Promise((resolve) => setTimeout(resolve, 2100)); // down for longer than the wait was due in

    const second = harness();
    const afterRestart = await runner(store, second.activities, { stateTimeouts: { Wait: 2 } });
    await afterRestart.resume();
    const record = await until(async () => {
      const found = await afterRestart.describe('t1', 'run-1');
      return found?.steps.some((step) => step.state === 'Wait' && step.occurrence === 2) ? found : undefined;
    }, 'the second wait', 1500);
    const firstWait = record.steps.find((step) => step.state === 'Wait' && step.occurrence === 1);
    assert.deepEqual(firstWait?.outcome && !firstWait.outcome.ok && firstWait.outcome.error, 'States.Timeout');
    assert.equal(second.calls['nudge'], 1, 'the late wait was caught at once, without waiting its 2 s again');
    await afterRestart.sendTaskSuccess((await afterRestart.pendingTaskToken('t1', 'run-1', 'Wait'))!, {});
    assert.equal((await afterRestart.settled('t1', 'run-1')).status, 'succeeded');
    await afterRestart.stop();
  });

  it('retries a named error, then catches it into a Fail state', async () => {
    const store = createDirectoryStore(join(dir, 'e'));
    const { calls, activities } = harness(() => named('Work.Transient'));
    const workflow = await runner(store, activities);
    await workflow.start('t1', 'run-1', {});
    await workflow.sendTaskSuccess(await until(() => workflow.pendingTaskToken('t1', 'run-1', 'Wait'), 'the wait token'), {});
    const done = await workflow.settled('t1', 'run-1');
    assert.equal(done.status, 'failed');
    assert.deepEqual(done.error, { error: 'Work.Failed', cause: 'work kept failing' });
    assert.equal(calls['work'], 3, 'one try and two retries');
    assert.deepEqual(done.steps.filter((step) => step.state === 'Work').map((step) => !step.outcome?.ok && step.outcome?.error), ['Work.Transient', 'Work.Transient', 'Work.Transient']);
    await workflow.stop();
  });

  it('refuses a definition whose Task names an activity it was not given', async () => {
    const { activities } = harness();
    const { work: _missing, ...without } = activities;
    assert.throws(() => createLocalWorkflowRunner({ definition: DEFINITION, store: createDirectoryStore(join(dir, 'f')), activities: without }), /Task state Work names step "work"/);
    assert.throws(() => createLocalWorkflowRunner({ definition: DEFINITION, store: createDirectoryStore(join(dir, 'f')), activities, stateTimeouts: { Done: 1 } }), /not a Task state/);
  });
});
