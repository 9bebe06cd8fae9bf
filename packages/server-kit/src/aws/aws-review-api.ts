/**
 * The review side of the API on AWS: the ReviewApi that createApiHandler({ review }) serves, built
 * like the embedded stack's (workflow/embedded-review.ts) but with the workflow on Step Functions.
 * The API only starts executions and ends waits; the steps themselves run in the review function
 * (lambda-review-environment.ts), over the same stores in the same bucket, which is also where the
 * waiting steps leave their task tokens for `wake` (step-functions-task-tokens.ts).
 *
 * Events are published on an in-process bus that a buffered Lambda never streams (`/events` answers
 * 501 there): clients poll `GET /edits` instead, and every action's result is in its response.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { AuditLog } from '../audit/audit-log.js';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import { createEditService } from '../edits/edit-service.js';
import { createEditStore } from '../edits/edit-store.js';
import { createPublicationStore } from '../edits/publication-store.js';
import type { ReviewApi } from '../edits/review-api.js';
import { createReviewService } from '../edits/review-service.js';
import type { UserDirectory } from '../edits/user-directory.js';
import { createEventBus } from '../events/event-bus.js';
import type { ObjectStore } from '../storage/object-store.js';
import { createJobStore } from '../workflow/job-store.js';
import { createStepFunctionsReviewWorkflow } from './step-functions-review-workflow.js';
import { createReviewTaskTokenStore } from './step-functions-task-tokens.js';

export interface AwsReviewApiOptions {
  /** The data bucket (edits, publications, jobs, task tokens under `tenants/<tenant>/`). */
  store: ObjectStore;
  catalogue: MediaCatalogue;
  users: UserDirectory;
  sfn: SFNClient;
  stateMachineArn: string;
  audit?: AuditLog;
  /** Lines with ids only. */
  log?: (line: string) => void;
}

export function createAwsReviewApi(options: AwsReviewApiOptions): ReviewApi {
  const { store, catalogue, audit } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const bus = createEventBus({ onListenerError: (error) => log(`event stream failed: ${error instanceof Error ? error.message : 'unknown error'}`) });
  const edits = createEditStore(store);
  const publications = createPublicationStore(store);
  const workflow = createStepFunctionsReviewWorkflow({ client: options.sfn, stateMachineArn: options.stateMachineArn, tokens: createReviewTaskTokenStore(store), log });
  const common = { edits, catalogue, audit, bus };
  return {
    edits: createEditService(common),
    reviews: createReviewService({ ...common, users: options.users, workflow, publications }),
    publications,
    jobs: createJobStore(store),
    bus,
    users: options.users,
  };
}
