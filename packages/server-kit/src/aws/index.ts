/**
 * `@surgery-video/server-kit/aws`: the AWS adapters of server-kit's ports (S3, MediaConvert,
 * Step Functions, MediaPackage v2, MediaLive) and the Lambda entry point. A subpath of its own so
 * that the embedded stack never loads the AWS SDK.
 */
export {};
export {
  createLambdaHandler,
  type LambdaContextLike,
  type LambdaHandlerOptions,
  type LambdaHttpEvent,
  type LambdaHttpHandler,
  type LambdaHttpResult,
  type LazyApiHandler,
} from './lambda-handler.js';
export { createApiFromEnvironment, loadCatalogue, parseCatalogue, API_ENVIRONMENT, CATALOGUE_OBJECT, SIGNING_KEY_OBJECT, type ApiEnvironmentOptions } from './lambda-api-environment.js';
export { createObjectUserDirectory, parseUserDirectory, USERS_OBJECT, type AssignableUserDirectory, type ObjectUserDirectoryOptions } from './object-user-directory.js';
export { createAwsReviewApi, type AwsReviewApiOptions } from './aws-review-api.js';
export { createReviewFunctionFromEnvironment, REVIEW_ENVIRONMENT, RENDERS_PREFIX, type ReviewEnvironmentOptions, type ReviewFunctionHandler } from './lambda-review-environment.js';
export * from './s3-object-store.js';
export { createMediaConvertTranscoder, MediaConvertError, type MediaConvertTranscoderOptions } from './mediaconvert-transcoder.js';
export { createJobInput, derivedRequestToken, retryRequestToken, type MediaConvertRequestDefaults } from './mediaconvert-job-request.js';
export { transcodeJobOf } from './mediaconvert-job-state.js';
export { createStepFunctionsReviewWorkflow, sendReviewTaskOutcome, ReviewTaskTokenError, type StepFunctionsReviewWorkflowOptions } from './step-functions-review-workflow.js';
export { createReviewTaskTokenStore, reviewTaskTokenKey, type ReviewTaskTokenRecord, type ReviewTaskTokenStore, type ReviewTokenWait } from './step-functions-task-tokens.js';
export { reviewWorkflowDefinitionFor, updateReviewStateMachine, REVIEW_ACTIVITIES_PLACEHOLDER, type UpdateReviewStateMachineOptions } from './step-functions-definition.js';
export { createReviewActivitiesLambdaHandler, type ReviewActivitiesEvent, type ReviewActivitiesLambdaDeps } from './review-activities-lambda.js';
export { createMediaConvertEventsLambdaHandler, type MediaConvertEventResult, type MediaConvertEventsLambdaDeps } from './mediaconvert-events-lambda.js';
export { readMediaConvertJobEvent, MEDIACONVERT_EVENT_SOURCE, MEDIACONVERT_JOB_STATE_CHANGE, MEDIACONVERT_FINAL_STATUSES, type MediaConvertJobEvent } from './mediaconvert-events-job.js';
export { createAwsLiveOperations, type AwsLiveChannel, type AwsLiveOperationsOptions } from './mediapackage-live-operations.js';
export { harvestJobInput, harvestStatusOf, harvestClientToken, harvestDestinationPath, type HarvestJobInputOptions, type MediaPackageEndpointRef } from './mediapackage-harvest-job.js';
export { mediaLiveChannelStatus, readMediaLiveChannelStatus } from './medialive-channel-status.js';
export { awsLiveError } from './mediapackage-errors.js';
