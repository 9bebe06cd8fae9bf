/**
 * What Step Functions answers, for a recording endpoint standing where it would (JSON 1.0,
 * `X-Amz-Target: AWSStepFunctions.<Operation>`, errors as `{ __type, message }` with HTTP 400).
 * It keeps executions by name as Step Functions does: a name is used once; the very same request
 * (same name and input) while the execution runs is answered with that execution, any other start
 * with the name is ExecutionAlreadyExists. Task tokens are issued by the test (`issueToken`), as
 * Step Functions issues them to the Lambda, and end as Step Functions ends them: completed
 * (TaskDoesNotExist afterwards) or timed out (TaskTimedOut).
 */
import { randomBytes } from 'node:crypto';
import type { Reply, Responder } from './recording-endpoint.js';

export interface StepFunctionsResponder {
  respond: Responder;
  executions: Map<string, { arn: string; input: string; startDate: number; status: 'RUNNING' | 'SUCCEEDED' }>;
  /** Task tokens and how their step stands. */
  tokens: Map<string, { execution: string; state: 'waiting' | 'completed' | 'timed-out'; outcome?: unknown }>;
  issueToken(execution: string): string;
}

const JSON_10 = { 'content-type': 'application/x-amz-json-1.0' };

export function stepFunctionsResponder(stateMachineArn: string): StepFunctionsResponder {
  const executions: StepFunctionsResponder['executions'] = new Map();
  const tokens: StepFunctionsResponder['tokens'] = new Map();
  let clock = 1_780_000_000;
  const fail = (type: string, message: string): Reply => ({ status: 400, headers: JSON_10, body: { __type: type, message } });

  const respond: Responder = (request) => {
    const body = request.json() as Record<string, string>;
    switch (request.target) {
      case 'AWSStepFunctions.StartExecution': {
        if (body['stateMachineArn'] !== stateMachineArn) return fail('StateMachineDoesNotExist', `State Machine Does Not Exist: '${body['stateMachineArn']}'`);
        const name = body['name']!;
        const found = executions.get(name);
        if (found && found.status === 'RUNNING' && found.input === body['input']) return { headers: JSON_10, body: { executionArn: found.arn, startDate: found.startDate } };
        if (found) return fail('ExecutionAlreadyExists', `Execution Already Exists: '${found.arn}'`);
        const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
        executions.set(name, { arn, input: body['input'] ?? '{}', startDate: (clock += 1), status: 'RUNNING' });
        return { headers: JSON_10, body: { executionArn: arn, startDate: clock } };
      }
      case 'AWSStepFunctions.SendTaskSuccess':
      case 'AWSStepFunctions.SendTaskFailure': {
        const token = tokens.get(body['taskToken']!);
        if (!token) return fail('InvalidToken', 'Invalid Token');
        if (token.state === 'timed-out') return fail('TaskTimedOut', 'Task Timed Out');
        if (token.state === 'completed') return fail('TaskDoesNotExist', 'Task Does Not Exist');
        token.state = 'completed';
        token.outcome = request.target.endsWith('Success') ? { output: JSON.parse(body['output']!) } : { error: body['error'], cause: body['cause'] };
        return { headers: JSON_10, body: {} };
      }
      case 'AWSStepFunctions.UpdateStateMachine':
        return { headers: JSON_10, body: { updateDate: (clock += 1), revisionId: 'r1' } };
      default:
        return fail('UnknownOperationException', `Unexpected ${String(request.target)}`);
    }
  };

  return {
    respond,
    executions,
    tokens,
    issueToken(execution) {
      // Real tokens are long opaque base64; the adapter must pass them through untouched.
      const token = `AQCEAAAAKgAAAA${randomBytes(48).toString('base64')}`;
      tokens.set(token, { execution, state: 'waiting' });
      return token;
    },
  };
}
