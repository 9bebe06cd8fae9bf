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
