/**
 * What the edit, review, job and event routes work with. The embedded stack builds it with
 * createEmbeddedReview (workflow/embedded-review.ts); a host with its own workflow (Step Functions)
 * builds the same object around its ReviewWorkflow adapter.
 */
import type { EventBus } from '../events/event-bus.js';
import type { JobStore } from '../workflow/job-store.js';
import type { EditService } from './edit-service.js';
import type { PublicationStore } from './publication-store.js';
import type { ReviewService } from './review-service.js';
import type { UserDirectory } from './user-directory.js';

export interface ReviewApi {
  edits: EditService;
  reviews: ReviewService;
  publications: PublicationStore;
  jobs: JobStore;
  bus: EventBus;
  /** The directory `reviews.assign` checks specialists against; `GET /specialists` lists it (when it can list). */
  users?: UserDirectory;
  /** Comment lines on idle event streams, in ms (default 15 s). */
  heartbeatMs?: number;
}
