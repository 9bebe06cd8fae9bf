/**
 * The review workflow contract against the Step Functions adapter: the real SFN client pointed at a
 * loopback endpoint that answers as Step Functions does (step-functions-responder.ts), and the task
 * token store on a directory store. A wait is reached as on AWS: the waiting Lambda step (the review
 * activities) stores the token Step Functions handed it; what the backend saw is what arrived at the
 * endpoint.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createStepFunctionsReviewWorkflow } from '../../src/aws/step-functions-review-workflow.js';
import { createReviewTaskTokenStore } from '../../src/aws/step-functions-task-tokens.js';
import { createDirectoryStore } from '../../src/storage/directory-store.js';
import { reviewExecutionName, reviewLegacyExecutionName, type ReviewWait, type ReviewWorkflowInput } from '../../src/workflow/review-workflow.js';
import { reviewWorkflowContract, type ObservedOutcome } from '../workflow/review-workflow-contract.js';
import { stepFunctionsResponder } from './step-functions-responder.js';
import { startRecordingEndpoint, TEST_CREDENTIALS } from './recording-endpoint.js';

const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:surgery-video-review';

reviewWorkflowContract('Step Functions', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'review-contract-sfn-'));
  const endpoint = await startRecordingEndpoint({ service: 'states' });
  const sfn = stepFunctionsResponder(STATE_MACHINE);
  endpoint.respond(sfn.respond);
  const client = new SFNClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const tokens = createReviewTaskTokenStore(createDirectoryStore(join(dir, 'objects')));
  /** The tokens the test handed out as Step Functions would, and whose wait they are. */
  const issued = new Map<string, { tenant: string; execution: string; wait: ReviewWait }>();
  const inputOf = (name: string) => {
    const found = sfn.executions.get(name);
    return found ? (JSON.parse(found.input) as ReviewWorkflowInput) : undefined;
  };

  return {
    workflow: createStepFunctionsReviewWorkflow({ client, stateMachineArn: STATE_MACHINE, tokens }),
    async reachWait(tenant, edit, wait, execution = reviewExecutionName(tenant, edit.id, edit.version)) {
      assert.equal(inputOf(execution)?.tenant, tenant, `${execution} was started for ${tenant}`);
      // What the review activities Lambda does on entering the wait: store $$.Task.Token under ids.
      const token = sfn.issueToken(execution);
      issued.set(token, { tenant, execution, wait });
      await tokens.put({ tenant, editId: edit.id, execution, wait, token });
    },
    async startLegacy(tenant, edit, correlationId) {
      // What the adapter sent before names carried the tenant key.
      const input: ReviewWorkflowInput = { tenant, editId: edit.id, version: edit.version, submittedBy: edit.createdBy, correlationId };
      await client.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE, name: reviewLegacyExecutionName(edit.id, edit.version), input: JSON.stringify(input) }));
    },
    async observe(tenant, execution) {
      const input = inputOf(execution);
      const outcomes: ObservedOutcome[] = [];
      for (const request of endpoint.requests) {
        if (request.target !== 'AWSStepFunctions.SendTaskSuccess' && request.target !== 'AWSStepFunctions.SendTaskFailure') continue;
        const body = request.json() as { taskToken: string; output?: string; error?: string; cause?: string };
        const token = issued.get(body.taskToken);
        assert.ok(token, 'every task outcome sent carries a token a waiting step stored');
        if (token.tenant !== tenant || token.execution !== execution) continue;
        outcomes.push(body.output !== undefined ? { wait: token.wait, ok: true, output: JSON.parse(body.output) } : { wait: token.wait, ok: false, error: body.error!, cause: body.cause! });
      }
      return { started: input?.tenant === tenant, ...(input?.tenant === tenant ? { input } : {}), outcomes };
    },
    executionCount: async (tenant) => [...sfn.executions.keys()].filter((name) => inputOf(name)?.tenant === tenant).length,
    async close() {
      client.destroy();
      assert.deepEqual(endpoint.signatureErrors, []);
      await endpoint.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
