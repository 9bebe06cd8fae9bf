/**
 * The review workflow function's entry (bundled by lambda-bundle.ts): every Task state of
 * review-workflow.asl.json invokes it with `{ step, execution, input, taskToken? }`, and the
 * stack's EventBridge rule with MediaConvert's job-ended events, which end the Render step.
 * Built at cold start from the environment the stack sets (see createReviewFunctionFromEnvironment).
 */
import { createReviewFunctionFromEnvironment } from '@surgery-video/server-kit/aws';

export const handler = createReviewFunctionFromEnvironment(process.env);
