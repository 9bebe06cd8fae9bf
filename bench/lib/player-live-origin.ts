/**
 * How old the newest media is at the origin, so a player's latency can be split into the
 * stream's own delay and the player's. Read through the local edge with the grant's cookies,
 * like a player, but with no buffer of its own:
 *
 * - HLS: the newest segment's `EXT-X-PROGRAM-DATE-TIME` against the wall clock, polled;
 * - LL-DASH: the current segment is read while it is being encoded, and each CMAF chunk (moof +
 *   mdat) is timed as it arrives against the wall-clock time its media ends
 *   (availabilityStartTime + presentation time): the encoder's and the packager's delay.
 */
import type { PlaybackGrant } from '@surgery-video/client';

const CHUNK_SECONDS = 0.2;
/** Chunks (but the first) that arrive within this of the response's first bytes were already there: not timed. */
const BACKLOG_MS = 50;

/** One origin measure in seconds, taken at `at` (Date.now()). */
export interface OriginSample {
  at: number;
  seconds: number;
}

const cookieHeader = (grant: PlaybackGrant) => Object.entries(grant.cookies).map(([name, value]) => `${name}=${value}`).join('; ');

/** Into `into`: wall clock minus the newest HLS segment's program-date-time (its first frame). */
export async function sampleHlsOrigin(grant: PlaybackGrant, signal: AbortSignal, into: OriginSample[]): Promise<void> {
  const playlist = new URL('720p/index.m3u8', grant.sources.hls).href;
  while (!signal.aborted) {
    const text = await fetch(playlist, { headers: { cookie: cookieHeader(grant) }, signal }).then((r) => r.text(), () => '');
    const dates = [...text.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/g)];
    const newest = dates.at(-1)?.[1];
    if (newest) into.push({ at: Date.now(), seconds: (Date.now() - Date.parse(newest.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'))) / 1000 });
    await sleep(250, signal);
  }
}

/** Into `into`: LL-DASH, the arrival of a chunk minus the wall-clock time its media ends. */
export async function sampleDashOrigin(grant: PlaybackGrant, signal: AbortSignal, into: OriginSample[]): Promise<void> {
  const mpdUrl = grant.sources.lowLatencyDash;
  if (!mpdUrl) throw new Error('the live grant has no LL-DASH source');
  const headers = { cookie: cookieHeader(grant) };
  let presentation = '';
  let next = NaN;
  while (!signal.aborted) {
    const mpd = await fetch(mpdUrl, { headers, signal }).then((r) => r.text(), () => '');
    const startAttribute = /availabilityStartTime="([^"]+)"/.exec(mpd)?.[1] ?? '';
    const start = Date.parse(startAttribute);
    const template = /<SegmentTemplate timescale="(\d+)" duration="(\d+)"[^>]*media="([^"]+)"[^>]*startNumber="(\d+)"/.exec(mpd);
    if (!Number.isFinite(start) || !template) {
      await sleep(500, signal);
      continue;
    }
    const [, timescale, duration, media, startNumber] = template;
    const segmentMs = (Number(duration) / Number(timescale)) * 1000;
    // A new presentation (the channel restarted) or the first pass: begin with the segment the
    // wall clock says is being encoded. If the encoder is behind real time it appears late, and
    // the wait is part of the delay measured.
    if (startAttribute !== presentation || !Number.isFinite(next)) next = Math.floor((Date.now() - start) / segmentMs) + 1;
    presentation = startAttribute;
    const segmentStart = start + (next - 1) * segmentMs;
    const url = new URL(media!.replace('$RepresentationID$', '0').replace(/\$Number%0(\d)d\$/, (_m, width: string) => String(next + Number(startNumber) - 1).padStart(Number(width), '0')), mpdUrl);
    const response = await untilPresent(url, headers, signal, 30_000);
    if (response?.body) {
      // Aborted mid-segment (the end of the run): that segment is not counted.
      const arrivals = await chunkArrivals(response.body).catch(() => [] as number[]);
      const first = arrivals[0];
      arrivals.forEach((at, chunk) => {
        if (first !== undefined && (chunk === 0 || at - first > BACKLOG_MS)) into.push({ at, seconds: (at - (segmentStart + (chunk + 1) * CHUNK_SECONDS * 1000)) / 1000 });
      });
      next++;
    } else next = NaN;
  }
}

/** GETs `url` until it is there (the segment's upload has begun), every 40 ms up to `timeoutMs`. */
async function untilPresent(url: URL, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number): Promise<Response | undefined> {
  const until = Date.now() + timeoutMs;
  while (!signal.aborted && Date.now() < until) {
    const response = await fetch(url, { headers, signal }).catch(() => undefined);
    if (response?.ok) return response;
    await response?.body?.cancel();
    await sleep(40, signal);
  }
  return undefined;
}

/** Date.now() at which each complete `mdat` box (the end of a CMAF chunk) arrived. */
async function chunkArrivals(body: ReadableStream<Uint8Array>): Promise<number[]> {
  const arrivals: number[] = [];
  let pending = new Uint8Array(0);
  for await (const part of body as unknown as AsyncIterable<Uint8Array>) {
    const now = Date.now();
    const joined = new Uint8Array(pending.length + part.length);
    joined.set(pending);
    joined.set(part, pending.length);
    let offset = 0;
    while (joined.length - offset >= 8) {
      const view = new DataView(joined.buffer, joined.byteOffset + offset);
      const size = view.getUint32(0);
      if (size < 8 || joined.length - offset < size) break;
      if (String.fromCharCode(...joined.subarray(offset + 4, offset + 8)) === 'mdat') arrivals.push(now);
      offset += size;
    }
    pending = joined.subarray(offset);
  }
  return arrivals;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
