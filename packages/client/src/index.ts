export type {
  Asset,
  Chapter,
  LiveChannel,
  LiveChannelHealth,
  LiveChannelStatus,
  LiveHarvest,
  LiveHarvestRequest,
  PlaybackGrant,
  PlaybackSources,
  Rendition,
  Role,
  Specialist,
  SpecialistQuery,
  User,
} from './domain.js';
export { ApiError, type ApiErrorBody } from './api-error.js';
export { createClient, requestDevToken, type Client, type ClientOptions } from './http-client.js';
export type { SubscribeOptions } from './event-stream.js';
export {
  SERVER_EVENT_TYPES,
  type EditChangedEvent,
  type EditDraft,
  type EditListQuery,
  type JobChangedEvent,
  type Publication,
  type RenderJob,
  type RenderJobStatus,
  type RenderOutputs,
  type ReviewEscalatedEvent,
  type ServerEvent,
  type ServerEventType,
} from './review-types.js';
export {
  ANNOTATION_KINDS,
  EDIT_LIMITS,
  EDIT_SCHEMA_ID,
  EDIT_STATUSES,
  SHAPE_TYPES,
  type Annotation,
  type AnnotationKind,
  type Drawing,
  type Edit,
  type EditContext,
  type EditStatus,
  type Review,
  type Segment,
  type Shape,
  type ShapeType,
} from './edit/edit-schema.js';
export { EditValidationError, type EditIssue, type EditRule } from './edit/edit-validation-error.js';
export { createEdit, parseEdit, safeParseEdit, type NewEdit, type SafeParseEditResult } from './edit/parse-edit.js';
export { frameOf, frameRateFraction, frameTime, snapToFrame, type FrameRateFraction } from './edit/frame-math.js';
export { editDuration, editToSource, nextSegmentStart, rebaseAnnotations, sourceToEdit } from './edit/timeline-mapping.js';
export { addSegment, mergeSegments, removeSegment, splitSegment, trimSegment } from './edit/edit-operations.js';
