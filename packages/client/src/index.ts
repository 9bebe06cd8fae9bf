export type {
  Asset,
  Chapter,
  LiveChannel,
  LiveChannelStatus,
  PlaybackGrant,
  PlaybackSources,
  Rendition,
  Role,
  User,
} from './domain.js';
export { ApiError, type ApiErrorBody } from './api-error.js';
export { createClient, requestDevToken, type Client, type ClientOptions } from './http-client.js';
