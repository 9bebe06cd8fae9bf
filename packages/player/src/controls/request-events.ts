/**
 * Intents up: a control never touches the media, it asks the player with a bubbling, composed
 * `*-request` event, and only the player root carries it out. Any element inside the player (in
 * its shadow root or slotted in its light DOM) can send them; the state they change comes back
 * down through `playerStateContext` once the media confirms it.
 */
import type { QualityRequest } from '../engines/engine.js';

export interface PlayerRequestDetailMap {
  'play-request': undefined;
  'pause-request': undefined;
  /** Seconds on the media timeline. */
  'seek-request': { time: number };
  /** Whole frames; negative steps back. */
  'step-request': { frames: number };
  'rate-request': { rate: number };
  'quality-request': { quality: QualityRequest };
  /** 0..1. */
  'volume-request': { volume: number };
  'mute-request': { muted: boolean };
  'captions-request': { enabled: boolean };
  'fullscreen-request': { enabled: boolean };
  'pip-request': { enabled: boolean };
  /** Jump to the live edge and follow it. */
  'live-request': undefined;
}

export type PlayerRequestType = keyof PlayerRequestDetailMap;

export const PLAYER_REQUESTS = [
  'play-request',
  'pause-request',
  'seek-request',
  'step-request',
  'rate-request',
  'quality-request',
  'volume-request',
  'mute-request',
  'captions-request',
  'fullscreen-request',
  'pip-request',
  'live-request',
] as const satisfies readonly PlayerRequestType[];

/** One class for every request: `new PlayerRequestEvent('seek-request', { time: 30 })`. */
export class PlayerRequestEvent<K extends PlayerRequestType = PlayerRequestType> extends CustomEvent<PlayerRequestDetailMap[K]> {
  declare readonly type: K;
  constructor(type: K, ...[detail]: PlayerRequestDetailMap[K] extends undefined ? [] : [PlayerRequestDetailMap[K]]) {
    super(type, { bubbles: true, composed: true, detail: detail as PlayerRequestDetailMap[K] });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'play-request': PlayerRequestEvent<'play-request'>;
    'pause-request': PlayerRequestEvent<'pause-request'>;
    'seek-request': PlayerRequestEvent<'seek-request'>;
    'step-request': PlayerRequestEvent<'step-request'>;
    'rate-request': PlayerRequestEvent<'rate-request'>;
    'quality-request': PlayerRequestEvent<'quality-request'>;
    'volume-request': PlayerRequestEvent<'volume-request'>;
    'mute-request': PlayerRequestEvent<'mute-request'>;
    'captions-request': PlayerRequestEvent<'captions-request'>;
    'fullscreen-request': PlayerRequestEvent<'fullscreen-request'>;
    'pip-request': PlayerRequestEvent<'pip-request'>;
    'live-request': PlayerRequestEvent<'live-request'>;
  }
}
