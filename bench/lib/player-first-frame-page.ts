/// <reference lib="dom" />
/**
 * Page entry: `<surgery-player api asset autoplay muted>` as a portal would embed it; the player
 * asks the API for the grant, loads its hls.js engine chunk and plays.
 */
import '@surgery-video/player/surgery-player.js';
import { firstFrame, pageParams } from './player-first-frame.js';

const start = performance.now();
const { api, asset, token } = pageParams();
const player = document.createElement('surgery-player');
player.setAttribute('api', api);
player.setAttribute('asset', asset);
player.setAttribute('kind', 'asset');
player.setAttribute('muted', '');
player.setAttribute('autoplay', '');
player.token = token;
player.style.width = '640px';
const frame = firstFrame(player.media);
document.body.append(player);
window.__firstFrame = frame.then((at) => ({ fromNavigationMs: at, fromStartMs: at - start }));
