/**
 * The review side of the product on one machine: edits and publications on the ObjectStore, the
 * review workflow's ASL on the embedded runner, the event bus, and the services the API's edit,
 * review, job and event routes call. The dev stack builds one; so can a host that wants the
 * embedded workflow behind its own server.
 */
import type { AuditLog } from '../audit/audit-log.js';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import { createEditService } from '../edits/edit-service.js';
import { createEditStore } from '../edits/edit-store.js';
import { createPublicationStore } from '../edits/publication-store.js';
import type { ReviewApi } from '../edits/review-api.js';
import { createReviewService } from '../edits/review-service.js';
import { createDevUserDirectory, type UserDirectory } from '../edits/user-directory.js';
import { createEventBus, type EventBus } from '../events/event-bus.js';
import type { ObjectStore } from '../storage/object-store.js';
import { createJobStore } from './job-store.js';
import { createLocalWorkflowRunner, type LocalWorkflowRunner } from './local-workflow-runner.js';
import type { PreviewService, RenderService } from './render-service.js';
import { createReviewActivities } from './review-activities.js';
import { createLocalReviewWorkflow, loadReviewWorkflowDefinition, type ReviewWorkflow } from './review-workflow.js';

export interface EmbeddedReviewOptions {
  store: ObjectStore;
  catalogue: MediaCatalogue;
  render: RenderService;
  preview?: PreviewService;
  audit?: AuditLog;
  /** Who can be assigned; default: the embedded stack's dev users. */
  users?: UserDirectory;
  bus?: EventBus;
  now?: () => number;
  /** Local only: seconds in place of Task states' TimeoutSeconds, e.g. `{ AwaitReturn: 2 }` to see an escalation. */
  stateTimeouts?: Readonly<Record<string, number>>;
  /** Local only: retry delays (ms) by state name. */
  retryIntervals?: Readonly<Record<string, number | number[]>>;
  /** How often a running render is polled (ms, default 500). */
  renderPollMs?: number;
  /** Comment lines on idle event streams (ms, default 15 s). */
  heartbeatMs?: number;
  log?: (line: string) => void;
}

export interface EmbeddedReview {
  /** For createApiHandler({ review }). */
  api: ReviewApi;
  workflow: ReviewWorkflow;
  runner: LocalWorkflowRunner;
  bus: EventBus;
  /** Carries on the reviews a previous process left running; returns their execution names. */
  resume(): Promise<string[]>;
  /** Stops the workflow where it is (it resumes on the next start) and ends the event streams. */
  stop(): Promise<void>;
}

export function createEmbeddedReview(options: EmbeddedReviewOptions): EmbeddedReview {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const bus = options.bus ?? createEventBus({ onListenerError: (error) => log(`event stream failed: ${error instanceof Error ? error.message : 'unknown error'}`) });
  const edits = createEditStore(options.store, now);
  const publications = createPublicationStore(options.store);
  const jobs = createJobStore(options.store);
  const activities = createReviewActivities({
    edits,
    catalogue: options.catalogue,
    jobs,
    publications,
    render: options.render,
    preview: options.preview,
    audit: options.audit,
    bus,
    now,
    ...(options.renderPollMs ? { renderPollMs: options.renderPollMs } : {}),
    log,
  });
  const runner = createLocalWorkflowRunner({
    definition: loadReviewWorkflowDefinition(),
    store: options.store,
    activities,
    ...(options.stateTimeouts ? { stateTimeouts: options.stateTimeouts } : {}),
    ...(options.retryIntervals ? { retryIntervals: options.retryIntervals } : {}),
    log,
  });
  const workflow = createLocalReviewWorkflow(runner);
  const common = { edits, catalogue: options.catalogue, audit: options.audit, bus, now };
  const users = options.users ?? createDevUserDirectory();
  const api: ReviewApi = {
    edits: createEditService(common),
    reviews: createReviewService({ ...common, users, workflow, publications }),
    publications,
    users,
    jobs,
    bus,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  };
  let stopped: Promise<void> | undefined;
  return {
    api,
    workflow,
    runner,
    bus,
    resume: () => runner.resume(),
    stop: () =>
      (stopped ??= (async () => {
        await runner.stop();
        bus.close();
      })()),
  };
}
