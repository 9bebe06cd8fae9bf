/**
 * What the controls need beyond PlayerState, provided by the player's ControlsController through
 * its own context: buffered ranges, the grant's side files (thumbnails, chapters, captions) and the
 * presentation modes (captions, fullscreen, picture-in-picture) the player root owns.
 */
import { createContext } from '@lit/context';

export interface ControlsState {
  /** Buffered ranges of the media timeline, in seconds. */
  buffered: readonly { start: number; end: number }[];
  /** The WebVTT thumbnail sprite index (`#xywh=` cues); undefined when the source has none. */
  thumbnails: string | undefined;
  /** The WebVTT chapters; undefined when the source has none. */
  chapters: string | undefined;
  /** Captions can be shown (the source has a captions track). */
  captionsAvailable: boolean;
  captions: boolean;
  fullscreen: boolean;
  fullscreenAvailable: boolean;
  pip: boolean;
  pipAvailable: boolean;
}

export const controlsStateContext = createContext<ControlsState>(Symbol.for('surgery-video.controls-state'));
