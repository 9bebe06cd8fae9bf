/**
 * @surgery-video/server-kit: the Node side of the surgical video SDK.
 */
export * from './signing/index.js';
export { createApiHandler, type ApiHandler, type ApiOptions } from './api/api-handler.js';
export { createInMemoryCatalogue, type CatalogueEntry, type MediaCatalogue, type PlayableFiles } from './catalogue/media-catalogue.js';
export { issueGrant, grantSetCookies, type GrantSigner, type IssueGrantOptions } from './playback/grant-issuer.js';
export { DEV_USERS, findDevUser } from './identity/dev-users.js';
export { toNodeListener, toWebRequest, writeWebResponse, type WebHandler } from './http/node-adapter.js';
export { withCors } from './http/cors.js';
export type { MediaObject, MediaOrigin, ByteRange } from './edge/media-origin.js';
export { startDevStack, type DevStack, type DevStackOptions, type DevStackProgress } from './dev/dev-stack.js';
export { withDevStack } from './dev/with-dev-stack.js';
export { createLocalEdge, createFileOrigin } from './edge/index.js';
export {
  ensureRecordedCases,
  generateCase,
  CASE_CATALOGUE,
  type RecordedCase,
  type CaseDefinition,
} from './media/recorded-cases.js';
export { FfmpegError, runFfmpeg, assertFfmpeg } from './media/ffmpeg.js';
export { readFrameCode, frameCodeSamplePoint, FRAME_CODE_BITS } from './media/frame-code.js';
export { LiveChannel, type LiveChannelOptions } from './live/live-channel.js';
export { LiveIngestOrigin } from './live/ingest-origin.js';
export {
  createAuthenticator,
  type Authenticator,
  type AuthenticatorConfig,
  type Authentication,
  type AuthRefusalReason,
  type PortalIdentityConfig,
} from './identity/authenticator.js';
export type { ClaimMapping, ClaimName, ClaimNames } from './identity/token-claims.js';
export { DEV_TOKEN_ISSUER, signSessionToken } from './identity/session-token.js';
export { ROLES } from './identity/roles.js';
export {
  ACCESS_RULES,
  ACTIONS,
  accessResourceOfEdit,
  can,
  canAny,
  type AccessDecision,
  type AccessDenialReason,
  type AccessResource,
  type AccessRule,
  type Action,
} from './access/access-rules.js';
export {
  getJson,
  putJson,
  PreconditionFailedError,
  StoredJsonError,
  type DeleteOptions,
  type ListedObject,
  type ListOptions,
  type ObjectList,
  type ObjectStore,
  type PutOptions,
  type StoredObject,
} from './storage/object-store.js';
export { assertObjectKey, isObjectKey, ObjectKeyError, OBJECT_KEY_RULE } from './storage/object-key.js';
export { createDirectoryStore, type DirectoryStore } from './storage/directory-store.js';
export {
  AUDIT_GENESIS_HASH,
  AuditRecordError,
  hashAuditEntry,
  type AuditEntry,
  type AuditRecord,
  type AuditTarget,
} from './audit/audit-entry.js';
export {
  createAuditLog,
  readAudit,
  verifyAuditChain,
  type AuditChainBreak,
  type AuditLog,
  type AuditLogOptions,
  type AuditPage,
  type AuditVerification,
  type ReadAuditOptions,
} from './audit/audit-log.js';
export {
  buildRenderJob,
  captureCount,
  editFrames,
  renderName,
  renderRequestToken,
  RENDER_RENDITIONS,
  RENDER_SETTINGS,
  type BuildRenderJobOptions,
  type RenderAsset,
  type RenderJob,
  type RenderOutput,
} from './render/mediaconvert-job.js';
export { framesToTimecode, timecodeFormat, timecodeToFrames, type TimecodeFormat } from './render/frames-to-timecode.js';
export {
  clipManifest,
  clipPathOf,
  parseMediaPlaylist,
  type ClipManifestOptions,
  type ClipTrim,
  type ManifestClip,
  type MediaPlaylist,
  type MediaSegment,
} from './render/manifest-clip.js';
export { writeManifestClip, type WrittenManifestClip } from './render/manifest-clip-files.js';
export { runRenderJob, type RunRenderJobOptions, type TranscodeOutput, type TranscodeResult } from './transcoder/ffmpeg-transcoder.js';
export { createEmbeddedTranscoder, type EmbeddedTranscoder, type EmbeddedTranscoderOptions } from './transcoder/embedded-transcoder.js';
export type { TranscodeJob, TranscodeJobStatus, TranscoderPort } from './transcoder/transcoder-port.js';
export { createEditStore, editKey, EditExistsError, VersionConflictError, type EditChange, type EditStore, type StoredEdit } from './edits/edit-store.js';
export { createEditService, type EditListFilter, type EditService, type EditServiceOptions } from './edits/edit-service.js';
export { createReviewService, type ReviewService, type ReviewServiceOptions } from './edits/review-service.js';
export { EDITABLE_BY, REVIEW_ACTIONS, TRANSITIONS, transitionRefusal, type ReviewAction, type Transition } from './edits/review-transitions.js';
export { createDevUserDirectory, createStaticUserDirectory, type UserDirectory, type UserDirectoryFilter } from './edits/user-directory.js';
export { createPublicationStore, type PublicationStore } from './edits/publication-store.js';
export type { ReviewApi } from './edits/review-api.js';
export { createEventBus, type BusEvent, type BusListener, type EventBus } from './events/event-bus.js';
export { eventStreamResponse, DEFAULT_HEARTBEAT_MS, type EventStreamOptions } from './events/event-stream-response.js';
export { EDIT_READ_ACTIONS, mayReceive } from './events/event-visibility.js';
export {
  createLocalWorkflowRunner,
  type ActivityContext,
  type LocalWorkflowRunner,
  type LocalWorkflowRunnerOptions,
  type WorkflowActivity,
} from './workflow/local-workflow-runner.js';
export type { ExecutionRecord, ExecutionStatus, StepOutcome, StepRecord } from './workflow/execution-store.js';
export { TaskTokenError } from './workflow/task-tokens.js';
export {
  createLocalReviewWorkflow,
  loadReviewWorkflowDefinition,
  reviewExecutionName,
  reviewWorkflowDefinitionPath,
  REVIEW_STEPS,
  REVIEW_WAIT_STATES,
  type ReviewStep,
  type ReviewWait,
  type ReviewWaitOutcome,
  type ReviewWorkflow,
  type ReviewWorkflowInput,
} from './workflow/review-workflow.js';
export { createReviewActivities, type ReviewActivityDeps } from './workflow/review-activities.js';
export type { PreviewService, RenderService, RenderStatus } from './workflow/render-service.js';
export { createTranscoderRenderService, type TranscoderRenderServiceOptions } from './workflow/transcoder-render-service.js';
export { createManifestClipPreviewService, type ManifestClipPreviewOptions } from './workflow/manifest-clip-preview.js';
export { createJobStore, type JobStore, type StoredJob } from './workflow/job-store.js';
export { createEmbeddedReview, type EmbeddedReview, type EmbeddedReviewOptions } from './workflow/embedded-review.js';
export * from './live/live-operations.js';
export { createEmbeddedLiveOperations, type EmbeddedLiveOperations, type EmbeddedLiveOperationsOptions } from './live/embedded-live-operations.js';
