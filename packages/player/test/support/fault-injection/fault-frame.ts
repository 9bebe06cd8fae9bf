/** The controlled page's script: defines <surgery-player> in this frame's registry. */
import '../../../src/surgery-player.js';
