/**
 * Time-shift over a live HLS playlist, the embedded counterpart of MediaPackage's `start`/`end`
 * query: the live media playlist already lists the DVR window with an `EXT-X-PROGRAM-DATE-TIME` on
 * every segment, so a clip of wall-clock time [start, end) is the run of whole segments that
 * overlaps it, nothing re-encoded. Pure functions over playlist text, so they are tested with
 * fixtures and shared by the edge-side time-shift handler and the harvest job.
 *
 * Like MediaPackage, a window that has fully happened gives a VOD playlist (`EXT-X-ENDLIST`); one
 * whose end is still ahead gives an EVENT playlist that grows until it ends. A start before the
 * DVR window, or after the live edge, is refused with `outside-window`.
 */
import { LiveOperationsError, type TimeWindow } from './live-operations.js';

export interface LiveSegment {
  uri: string;
  /** EXTINF, seconds. */
  duration: number;
  /** Program-date-time of the first frame, epoch milliseconds. */
  pdt: number;
  discontinuity: boolean;
  /** The EXT-X-MAP URI in force. */
  map?: string;
}

export interface LiveMediaPlaylist {
  version: number;
  targetDuration: number;
  mediaSequence: number;
  discontinuitySequence: number;
  independentSegments: boolean;
  ended: boolean;
  segments: LiveSegment[];
}

/** Reads a live (or event) media playlist whose segments carry program-date-times. */
export function parseLiveMediaPlaylist(text: string): LiveMediaPlaylist {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new LiveOperationsError('upstream', 'Not an HLS playlist: the first line must be #EXTM3U.');
  const playlist: LiveMediaPlaylist = {
    version: 3,
    targetDuration: 0,
    mediaSequence: 0,
    discontinuitySequence: 0,
    independentSegments: false,
    ended: false,
    segments: [],
  };
  let duration: number | undefined;
  let pdt: number | undefined;
  let discontinuity = false;
  let map: string | undefined;
  const value = (line: string) => line.slice(line.indexOf(':') + 1);
  for (const line of lines) {
    if (line.startsWith('#EXT-X-STREAM-INF:')) throw new LiveOperationsError('upstream', 'This is a master playlist; a media playlist is needed.');
    if (line.startsWith('#EXT-X-VERSION:')) playlist.version = Number(value(line));
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) playlist.targetDuration = Number(value(line));
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) playlist.mediaSequence = Number(value(line));
    else if (line.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE:')) playlist.discontinuitySequence = Number(value(line));
    else if (line === '#EXT-X-INDEPENDENT-SEGMENTS') playlist.independentSegments = true;
    else if (line === '#EXT-X-ENDLIST') playlist.ended = true;
    else if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (line.startsWith('#EXT-X-MAP:')) map = /URI="([^"]+)"/.exec(line)?.[1];
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(value(line));
    else if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(value(line));
    else if (line !== '' && !line.startsWith('#')) {
      if (duration === undefined || !(duration >= 0)) throw new LiveOperationsError('upstream', `Segment ${line} has no #EXTINF duration.`);
      // RFC 8216 4.3.2.6: a segment without its own tag follows on from the one before it.
      const previous = playlist.segments.at(-1);
      const start = pdt ?? (previous && !discontinuity ? previous.pdt + previous.duration * 1000 : undefined);
      if (start === undefined || Number.isNaN(start)) {
        throw new LiveOperationsError('unsupported', `Segment ${line} has no EXT-X-PROGRAM-DATE-TIME; a time-shift needs one on the first segment and after each discontinuity.`);
      }
      playlist.segments.push({ uri: line, duration, pdt: start, discontinuity, ...(map === undefined ? {} : { map }) });
      duration = undefined;
      pdt = undefined;
      discontinuity = false;
    }
  }
  return playlist;
}

export interface TimeShiftedPlaylist {
  text: string;
  /** True when the whole window has happened: a VOD playlist with EXT-X-ENDLIST. */
  complete: boolean;
  segments: LiveSegment[];
  /** Seconds of media listed (whole segments, so up to one segment more on each side than the window). */
  durationSeconds: number;
}

/**
 * The segments of `text` that overlap `window`, as a playlist of their own: VOD once the window
 * has passed, EVENT while its end is still ahead. Segment and map URIs are kept as they are, so
 * the playlist is served from (or copied beside) the live playlist's folder.
 */
export function timeShiftMediaPlaylist(text: string, window: TimeWindow): TimeShiftedPlaylist {
  const live = parseLiveMediaPlaylist(text);
  const { segments } = live;
  const first = segments[0];
  const last = segments.at(-1);
  if (!first || !last) throw new LiveOperationsError('outside-window', 'The live playlist lists no segment yet.');
  const startMs = window.start * 1000;
  const endMs = window.end * 1000;
  const edgeMs = last.pdt + last.duration * 1000;
  // One target duration of slack: a window asked for from "the oldest second" still counts.
  if (startMs < first.pdt - live.targetDuration * 1000) {
    throw new LiveOperationsError('outside-window', `start ${window.start} is before the DVR window, which begins at ${Math.floor(first.pdt / 1000)}.`, { field: 'start' });
  }
  if (startMs >= edgeMs) {
    throw new LiveOperationsError('outside-window', `start ${window.start} is after the live edge (${Math.floor(edgeMs / 1000)}).`, { field: 'start' });
  }
  const firstIndex = segments.findIndex((segment) => segment.pdt + segment.duration * 1000 > startMs);
  let lastIndex = firstIndex;
  while (lastIndex + 1 < segments.length && segments[lastIndex + 1]!.pdt < endMs) lastIndex++;
  const picked = segments.slice(firstIndex, lastIndex + 1);
  const complete = endMs <= edgeMs || live.ended;
  const discontinuitiesBefore = segments.slice(0, firstIndex + 1).filter((segment) => segment.discontinuity).length;

  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${live.version}`,
    `#EXT-X-TARGETDURATION:${live.targetDuration}`,
    `#EXT-X-MEDIA-SEQUENCE:${live.mediaSequence + firstIndex}`,
    // The first picked segment's own discontinuity is dropped (nothing precedes it here), so it counts as passed.
    `#EXT-X-DISCONTINUITY-SEQUENCE:${live.discontinuitySequence + discontinuitiesBefore}`,
    `#EXT-X-PLAYLIST-TYPE:${complete ? 'VOD' : 'EVENT'}`,
  ];
  if (live.independentSegments) lines.push('#EXT-X-INDEPENDENT-SEGMENTS');
  let map: string | undefined;
  picked.forEach((segment, index) => {
    if (segment.discontinuity && index > 0) lines.push('#EXT-X-DISCONTINUITY');
    if (segment.map !== undefined && (segment.map !== map || (segment.discontinuity && index > 0))) {
      lines.push(`#EXT-X-MAP:URI="${segment.map}"`);
      map = segment.map;
    }
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.pdt).toISOString()}`, `#EXTINF:${segment.duration.toFixed(6)},`, segment.uri);
  });
  if (complete) lines.push('#EXT-X-ENDLIST');
  lines.push('');
  const durationSeconds = Math.round(picked.reduce((sum, segment) => sum + segment.duration, 0) * 1e6) / 1e6;
  return { text: lines.join('\n'), complete, segments: picked, durationSeconds };
}

/** The master playlist with `?start=&end=` on every child playlist URI, as MediaPackage does. */
export function timeShiftMasterPlaylist(text: string, window: TimeWindow): string {
  const query = `start=${window.start}&end=${window.end}`;
  const append = (uri: string) => `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      if (line.startsWith('#')) return line.replace(/URI="([^"]+)"/g, (_, uri: string) => `URI="${append(uri)}"`);
      return line.trim() === '' ? line : append(line.trim());
    })
    .join('\n');
}

/** Seconds between `now` (epoch ms) and the end of the newest segment; undefined for an empty playlist. */
export function lastSegmentAgeSeconds(text: string, now: number): number | undefined {
  const last = parseLiveMediaPlaylist(text).segments.at(-1);
  return last ? Math.max(0, Math.round((now - (last.pdt + last.duration * 1000)) / 100) / 10) : undefined;
}
