/**
 * The review state machine's definition as Step Functions gets it: the ASL shipped in the package
 * (workflow/review-workflow.asl.json), read as text, with `${ReviewActivitiesFunctionArn}` replaced
 * by the Lambda's ARN and nothing else changed, so what runs on AWS is what the embedded runner
 * runs and what the tests validate. `updateReviewStateMachine` sends it (UpdateStateMachine) for a
 * host that deploys without the CDK stack.
 */
import { readFileSync } from 'node:fs';
import { UpdateStateMachineCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { reviewWorkflowDefinitionPath } from '../workflow/review-workflow.js';

export const REVIEW_ACTIVITIES_PLACEHOLDER = '${ReviewActivitiesFunctionArn}';

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;

/** The shipped definition with the review activities Lambda's ARN in place of the placeholder. */
export function reviewWorkflowDefinitionFor(functionArn: string): string {
  if (typeof functionArn !== 'string' || !LAMBDA_ARN.test(functionArn)) {
    throw new TypeError(`reviewWorkflowDefinitionFor: \`functionArn\` must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:alias]); got ${JSON.stringify(functionArn)}.`);
  }
  const text = readFileSync(reviewWorkflowDefinitionPath(), 'utf8');
  if (!text.includes(REVIEW_ACTIVITIES_PLACEHOLDER)) throw new Error(`review-workflow.asl.json has no ${REVIEW_ACTIVITIES_PLACEHOLDER} to substitute.`);
  return text.split(REVIEW_ACTIVITIES_PLACEHOLDER).join(functionArn);
}

export interface UpdateReviewStateMachineOptions {
  client: SFNClient;
  stateMachineArn: string;
  /** The review activities Lambda (review-activities-lambda.ts). */
  functionArn: string;
}

/** Sends the shipped definition, as reviewWorkflowDefinitionFor gives it, to an existing state machine. */
export async function updateReviewStateMachine(options: UpdateReviewStateMachineOptions): Promise<{ updateDate?: Date }> {
  const definition = reviewWorkflowDefinitionFor(options.functionArn);
  const answer = await options.client.send(new UpdateStateMachineCommand({ stateMachineArn: options.stateMachineArn, definition }));
  return answer.updateDate ? { updateDate: answer.updateDate } : {};
}
