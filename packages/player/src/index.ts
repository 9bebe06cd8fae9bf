/**
 * @surgery-video/player without side effects: the element class and its types. Import
 * `@surgery-video/player/surgery-player.js` to register `<surgery-player>`.
 */
export { SurgeryPlayer, type LatencyMode, type SurgeryPlayerEventMap } from './player.component.js';
export type { Engine, EngineName, LiveInfo, Quality, QualityRequest } from './engines/engine.js';
export type { GrantMode } from './access/signed-access.js';
export type { GrantKind } from './access/grant-controller.js';
/** The `cause` of a `grant-failed` error: the API's HTTP status and error code. */
export { GrantRequestError } from './access/grant-request.js';
export { PlayerError, type PlayerErrorCode, type PlayerErrorDetail } from './errors/player-error.js';
export { PlayerErrorEvent } from './events/player-error-event.js';
export { QualityChangeEvent, type QualityChangeDetail } from './events/quality-change-event.js';
export { LiveChangeEvent } from './events/live-change-event.js';
export { AnnotationEnterEvent } from './events/annotation-enter-event.js';
export { AnnotationLeaveEvent } from './events/annotation-leave-event.js';
export { ANNOTATION_COLORS, type AnnotationColorKind } from './overlay/annotation-colors.js';
export { MEDIA_EVENTS, type MediaEventName } from './events/media-events.js';
export { playerStateContext, type PlayerState } from './state/player-state.js';
export { frameAt, frameCentre, frameStart } from './frames/frame-time.js';
/** The WebVTT thumbnail-sprite index (`sprite.jpg#xywh=…` cues) the seek bar previews, for timelines that show it too. */
export { cueAt, parseThumbnails, type ThumbnailCue } from './controls/webvtt.js';
/** Where an `object-fit: contain` picture sits in its element (letterbox or pillarbox), as the annotation overlay draws it. */
export { containedBox, type Box as PictureBox } from './overlay/picture-box.js';
export { PLAYER_VERSION } from './version.js';
/** Guarded, version-aware registration, shared with the other @surgery-video elements. */
export { defineElement } from './internal/define-element.js';
export { PlayerRequestEvent, PLAYER_REQUESTS, type PlayerRequestDetailMap, type PlayerRequestType } from './controls/request-events.js';
export { DEFAULT_KEYMAP, type Keymap, type PlayerAction } from './controls/keymap.js';
export { controlsStateContext, type ControlsState } from './controls/controls-state.js';
