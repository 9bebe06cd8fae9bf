/// <reference lib="dom" />
/**
 * Page entry: `<surgery-player api asset kind="live" latency-mode autoplay muted>` on the live
 * channel, sampled every 250 ms into `window.__liveSamples`: the player's `latency` (wall clock
 * minus the program-date-time of the frame on screen), the playback rate (catch-up), the buffer
 * ahead of the playhead, the distance to the end of the seekable range, and stalls so far.
 */
import '@surgery-video/player/surgery-player.js';

export interface LiveSample {
  /** performance.now() of the sample. */
  t: number;
  latency: number;
  engine: string | undefined;
  rate: number;
  bufferAhead: number;
  behindSeekableEnd: number;
  stalls: number;
}

declare global {
  interface Window {
    __liveSamples: LiveSample[];
  }
}

const query = new URLSearchParams(location.search);
const player = document.createElement('surgery-player');
for (const name of ['api', 'asset', 'latency-mode']) player.setAttribute(name, query.get(name) ?? '');
player.setAttribute('kind', 'live');
player.setAttribute('muted', '');
player.setAttribute('autoplay', '');
player.token = query.get('token') ?? undefined;
player.style.width = '640px';
document.body.append(player);

const video = player.media;
let stalls = 0;
video.addEventListener('waiting', () => stalls++);
window.__liveSamples = [];
setInterval(() => {
  const end = (ranges: TimeRanges) => (ranges.length ? ranges.end(ranges.length - 1) : NaN);
  window.__liveSamples.push({
    t: performance.now(),
    latency: player.latency,
    engine: player.engine,
    rate: video.playbackRate,
    bufferAhead: end(video.buffered) - video.currentTime,
    behindSeekableEnd: end(video.seekable) - video.currentTime,
    stalls,
  });
}, 250);
