import type { PlayerErrorDetail } from '../errors/player-error.js';

/**
 * `error`: playback failed (`fatal`, the player shows the message) or is recovering (`fatal: false`).
 * Composed, so it leaves the shadow root of a component that holds the player, but it does not
 * bubble: an `error` event bubbling to `window` is taken for an uncaught script error by every
 * `window.onerror` reporter (and by test runners). Listen on the player, or capture on an ancestor.
 */
export class PlayerErrorEvent extends CustomEvent<PlayerErrorDetail> {
  constructor(detail: PlayerErrorDetail) {
    super('error', { bubbles: false, composed: true, detail });
  }
}
