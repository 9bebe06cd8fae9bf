/**
 * The review workflow's ASL: valid by the Amazon States Language validator that Step Functions'
 * local interpreter uses (asl-validator), pinned by a golden copy, and shaped as the review needs
 * (waits on people with due times and escalation, a render retried on transient errors and caught).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { StateMachine } from '../../src/workflow/asl-interpreter.js';
import { loadReviewWorkflowDefinition, REVIEW_STEPS, reviewWorkflowDefinitionPath } from '../../src/workflow/review-workflow.js';
import { validateAsl as validate } from './asl-validator.js';


interface State {
  Type: string;
  Resource?: string;
  Next?: string;
  End?: boolean;
  TimeoutSeconds?: number;
  Error?: string;
  ResultPath?: string | null;
  Parameters?: { FunctionName?: string; Payload?: Record<string, string> };
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
}

const definition = loadReviewWorkflowDefinition() as unknown as { StartAt: string; States: Record<string, State> };
const states = definition.States;
const INVOKE = 'arn:aws:states:::lambda:invoke';
const WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

describe('review workflow ASL', () => {
  it('is valid ASL, with ARNs and paths checked, and the interpreter accepts it', () => {
    // The validator writes defaults (QueryLanguage) into what it is given: hand it copies.
    const result = validate(structuredClone(definition), { checkArn: true, checkPaths: true });
    assert.equal(result.isValid, true, result.errorsText('\n'));
    assert.doesNotThrow(() => new StateMachine(structuredClone(definition) as never));
  });

  it('is refused by the same validator when broken (the check is real)', () => {
    const broken = structuredClone(definition);
    broken.States['Publish']!.Next = 'NoSuchState';
    const result = validate(broken, { checkArn: true, checkPaths: true });
    assert.equal(result.isValid, false);
    assert.match(result.errorsText('\n'), /NoSuchState|Next/);
  });

  it('matches its golden copy (change both on purpose)', () => {
    const golden = JSON.parse(readFileSync(new URL('./golden/review-workflow.asl.json', import.meta.url), 'utf8')) as unknown;
    assert.deepEqual(definition, golden);
  });

  it('is shipped in the package, under src/workflow/', () => {
    assert.match(reviewWorkflowDefinitionPath(), /packages\/server-kit\/src\/workflow\/review-workflow\.asl\.json$/);
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
    assert.ok(manifest.files.includes('src'));
  });

  it('goes submitted -> instant preview -> assignment -> review -> render -> published', () => {
    const expected: [name: string, resource: string | undefined, next: string | undefined][] = [
      ['InstantPreview', INVOKE, 'AwaitAssignment'],
      ['AwaitAssignment', WAIT, 'AwaitReturn'],
      ['EscalateAssignment', INVOKE, 'AwaitAssignment'],
      ['AwaitReturn', WAIT, 'Render'],
      ['EscalateReview', INVOKE, 'AwaitReturn'],
      ['Render', WAIT, 'Publish'],
      ['RecordRenderFailure', INVOKE, 'RenderFailed'],
      ['Publish', INVOKE, 'Published'],
    ];
    assert.equal(definition.StartAt, 'InstantPreview');
    for (const [name, resource, next] of expected) {
      const state = states[name];
      assert.ok(state, `${name} exists`);
      assert.equal(state.Type, 'Task', name);
      assert.equal(state.Resource, resource, `${name} resource`);
      assert.equal(state.Next, next, `${name} goes to ${next}`);
      // Every Task says how long it may take: the local interpreter would default to 60 s, Step Functions to a year.
      assert.ok(Number.isInteger(state.TimeoutSeconds) && state.TimeoutSeconds! > 0, `${name} has TimeoutSeconds`);
      assert.equal(state.Parameters?.FunctionName, '${ReviewActivitiesFunctionArn}', `${name} calls the activities function`);
      assert.ok((REVIEW_STEPS as readonly string[]).includes(state.Parameters?.Payload?.['step'] ?? ''), `${name} names a known step`);
      assert.equal(state.Parameters?.Payload?.['taskToken.$'], resource === WAIT ? '$$.Task.Token' : undefined, `${name} passes the task token only when it waits for it`);
    }
    assert.deepEqual(
      Object.entries(states).filter(([, state]) => state.Type !== 'Task').map(([name, state]) => [name, state.Type, state.Error]),
      [
        ['RenderFailed', 'Fail', 'Render.Failed'],
        ['Published', 'Succeed', undefined],
        ['Rejected', 'Fail', 'Review.Rejected'],
      ],
    );
  });

  it('escalates a late assignment and a late review to the admins, then waits again', () => {
    for (const [wait, escalation, due] of [['AwaitAssignment', 'EscalateAssignment', 48 * 3600], ['AwaitReturn', 'EscalateReview', 7 * 24 * 3600]] as const) {
      assert.equal(states[wait]!.TimeoutSeconds, due, `${wait} is due after ${due} s`);
      assert.deepEqual(states[wait]!.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'))?.Next, escalation);
      assert.equal(states[escalation]!.Next, wait);
      assert.equal(states[escalation]!.ResultPath, null, `${escalation} keeps the state data as it was`);
    }
    assert.equal(states['AwaitAssignment']!.Catch?.find((c) => c.ErrorEquals.includes('Review.Rejected'))?.Next, 'Rejected');
  });

  it('retries the render with backoff on Render.Transient only, and catches the rest into a failure state', () => {
    const render = states['Render']!;
    assert.equal(render.Retry?.length, 1);
    const [retry] = render.Retry!;
    assert.deepEqual(retry!.ErrorEquals, ['Render.Transient']);
    assert.ok(retry!.MaxAttempts! >= 2 && retry!.BackoffRate! > 1 && retry!.IntervalSeconds! > 0);
    assert.deepEqual(render.Catch, [{ ErrorEquals: ['States.ALL'], ResultPath: '$.renderError', Next: 'RecordRenderFailure' }]);
  });
});
