/**
 * The HTMLMediaElement events the player re-dispatches from its inner video, bubbling and composed
 * (the video's own do neither, and stay in the shadow root). They keep their DOM types
 * (`GlobalEventHandlersEventMap` already has them); read state from the player's properties.
 * The video's `error` is not among them: the player reports failures with its own PlayerErrorEvent.
 */
export const MEDIA_EVENTS = [
  'play',
  'pause',
  'playing',
  'timeupdate',
  'seeked',
  'ended',
  'loadedmetadata',
  'ratechange',
  'volumechange',
] as const;

export type MediaEventName = (typeof MEDIA_EVENTS)[number];
