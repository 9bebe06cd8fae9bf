/**
 * The player's state as one immutable snapshot, provided through @lit/context to everything inside
 * the player (controls, the editor's timeline): they read it and send intents, and only the player
 * talks to the engine. A snapshot is committed when the media element or the engine confirms a
 * change (an event), never when something is merely requested.
 */
import { createContext } from '@lit/context';
import type { EngineName, Quality, QualityRequest } from '../engines/engine.js';
import type { PlayerErrorDetail } from '../errors/player-error.js';

export interface PlayerState {
  /** The URL being played; undefined when there is none. */
  source: string | undefined;
  engine: EngineName | undefined;
  paused: boolean;
  ended: boolean;
  /** Playback is stalled waiting for data. */
  waiting: boolean;
  seeking: boolean;
  currentTime: number;
  /** Infinity for live. */
  duration: number;
  playbackRate: number;
  volume: number;
  muted: boolean;
  readyState: number;
  live: boolean;
  /** The viewer follows the live edge (false while watching the DVR window). */
  atLiveEdge: boolean;
  /** Seconds between the wall clock and the program-date-time of the frame on screen; NaN when unknown. */
  latency: number;
  /** The seekable window (the DVR window for live). */
  seekable: { start: number; end: number } | undefined;
  qualities: readonly Quality[];
  quality: QualityRequest;
  /** Index into `qualities` of the rendition playing; -1 when unknown. */
  activeQuality: number;
  frameRate: number;
  /** The last fatal error, shown by the player; undefined while playback is fine. */
  error: PlayerErrorDetail | undefined;
}

export const playerStateContext = createContext<PlayerState>(Symbol.for('surgery-video.player-state'));
