/**
 * Registers `<clip-editor>` (and, through the player's define file, `<surgery-player>`): the
 * package's only side effect. A second copy of the package on the same page warns and leaves the
 * first definition in place.
 */
import '@surgery-video/player/surgery-player.js';
import { ClipEditor } from './editor.component.js';
import { defineElement } from '@surgery-video/player';

defineElement('clip-editor', ClipEditor);

export { ClipEditor };

declare global {
  interface HTMLElementTagNameMap {
    'clip-editor': ClipEditor;
  }
}
