/**
 * Registers `<surgery-player>` (the package's only side effect). A second copy of the package on
 * the same page warns and leaves the first definition in place.
 */
import { defineElement } from './internal/define-element.js';
import { SurgeryPlayer } from './player.component.js';

defineElement('surgery-player', SurgeryPlayer);

export { SurgeryPlayer };

declare global {
  interface HTMLElementTagNameMap {
    'surgery-player': SurgeryPlayer;
  }
}
