/**
 * What the runner reads of an ASL definition: its Task states, the activity each one names
 * (`Parameters.Payload.step`), and the local-only timeout overrides.
 */
import type { StateMachineDefinition } from './asl-interpreter.js';
import type { WorkflowActivity } from './task-handler.js';

export interface TaskState {
  Type: 'Task';
  Resource: string;
  TimeoutSeconds?: number;
  Parameters?: { Payload?: { step?: string } };
}

/** The definition with local TimeoutSeconds overrides; a name that is not a Task state is a mistake. */
export function withTimeouts(definition: StateMachineDefinition, timeouts: Readonly<Record<string, number>>): StateMachineDefinition {
  const copy = structuredClone(definition);
  for (const [state, seconds] of Object.entries(timeouts)) {
    const found = copy.States[state];
    if (found?.Type !== 'Task') throw new TypeError(`workflow: stateTimeouts names ${JSON.stringify(state)}, which is not a Task state of the definition.`);
    if (!Number.isInteger(seconds) || seconds < 1) throw new TypeError(`workflow: stateTimeouts.${state} must be a whole number of seconds, at least 1.`);
    (found as TaskState).TimeoutSeconds = seconds;
  }
  return copy;
}

/** Every Task state with the activity it names; a step with no activity is a mistake, thrown at once. */
export function taskStates(definition: StateMachineDefinition, activities: Readonly<Record<string, WorkflowActivity>>): [string, TaskState, WorkflowActivity][] {
  return Object.entries(definition.States)
    .filter(([, state]) => state.Type === 'Task')
    .map(([name, state]) => {
      const task = state as TaskState;
      const step = task.Parameters?.Payload?.step;
      const activity = step === undefined ? undefined : activities[step];
      if (!activity) throw new TypeError(`workflow: Task state ${name} names step ${JSON.stringify(step)}, and no activity is given for it.`);
      return [name, task, activity];
    });
}
