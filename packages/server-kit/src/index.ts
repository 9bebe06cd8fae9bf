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
