/**
 * Instant preview: an Edit played from the source's own segments, before (or instead of) a render.
 * Each Edit segment becomes the run of 2 s source segments that overlaps it, runs are separated by
 * EXT-X-DISCONTINUITY, and nothing is re-encoded, so a preview is ready as soon as the Edit is
 * saved. Segments are whole, so a run starts up to one segment before the Edit segment and ends up
 * to one segment after it; the exact in and out points are returned as `trims` for the player to
 * skip (the clip itself cannot cut inside a segment). A render (mediaconvert-job.ts) is the
 * frame-exact cut; the preview is the quick look at it.
 *
 * Segment URIs are rewritten relative to the clip's folder inside the case folder
 * (`clips/<editId>-v<version>/` by default, so `../../seg-0-00016.m4s`): the clip is served from
 * the same edge path and under the same signed cookie as the case.
 */
import { frameRateFraction, type Edit } from '@surgery-video/client';
import { parseMasterPlaylist } from '../media/hls-master.js';
import { editFrames } from './mediaconvert-job.js';

export interface MediaSegment {
  uri: string;
  /** EXTINF, seconds. */
  duration: number;
  /** Start on the playlist's timeline: the sum of the durations before it. */
  start: number;
  /** The EXT-X-MAP URI in force for this segment, if any. */
  map?: string;
}

export interface MediaPlaylist {
  version?: number;
  targetDuration: number;
  segments: MediaSegment[];
}

/** Reads a VOD media playlist: segments with their durations, start times and init segment. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new TypeError('Not an HLS playlist: the first line must be #EXTM3U.');
  if (lines.some((line) => line.startsWith('#EXT-X-STREAM-INF:'))) throw new TypeError('This is a master playlist; a media playlist is needed.');
  const playlist: MediaPlaylist = { targetDuration: 0, segments: [] };
  let map: string | undefined;
  let duration: number | undefined;
  let start = 0;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-VERSION:')) playlist.version = Number(line.slice('#EXT-X-VERSION:'.length));
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) playlist.targetDuration = Number(line.slice('#EXT-X-TARGETDURATION:'.length));
    else if (line.startsWith('#EXT-X-MAP:')) map = /URI="([^"]+)"/.exec(line)?.[1];
    else if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line !== '' && !line.startsWith('#')) {
      if (duration === undefined || !(duration >= 0)) throw new TypeError(`Segment ${line} has no #EXTINF duration.`);
      playlist.segments.push({ uri: line, duration, start, ...(map === undefined ? {} : { map }) });
      start += duration;
      duration = undefined;
    }
  }
  return playlist;
}

/**
 * Indices of the segments that overlap [from, to) seconds on the playlist's timeline, first to
 * last. `tolerance` absorbs the rounding of EXTINF values: a segment that ends within it of
 * `from`, or starts within it of `to`, does not count.
 */
export function overlappingSegments(segments: readonly MediaSegment[], from: number, to: number, tolerance: number): [first: number, last: number] | undefined {
  let first = -1;
  let last = -1;
  segments.forEach((segment, index) => {
    if (segment.start + segment.duration > from + tolerance && segment.start < to - tolerance) {
      if (first === -1) first = index;
      last = index;
    }
  });
  return first === -1 ? undefined : [first, last];
}

export interface ClipTrim {
  /** Which Edit segment. */
  segmentIndex: number;
  /** Seconds into the first source segment of the run where the Edit segment starts. */
  startOffset: number;
  /** Seconds into the last source segment of the run where the Edit segment ends (its end is not shown). */
  endOffset: number;
  /** Where the Edit segment starts and ends on the clip playlist's own timeline (the sum of its EXTINFs). */
  clipStart: number;
  clipEnd: number;
}

export interface ManifestClip {
  /** The clip's master playlist: the source's video variants and audio, without subtitles (their times are the source's). */
  master: string;
  /** Clip media playlists by file name (the source's names, e.g. `media_0.m3u8`), to write beside `master`. */
  playlists: Record<string, string>;
  /** In and out points inside the runs of the top video variant, one per Edit segment, in order. */
  trims: ClipTrim[];
  /** The clip video playlist's length: the Edit's length plus the trimmed heads and tails. */
  durationSeconds: number;
}

export interface ClipManifestOptions {
  edit: Pick<Edit, 'id' | 'version' | 'segments'>;
  /** The source's frame rate (the Edit's segments are taken to its frame boundaries). */
  frameRate: number;
  /** The source master playlist's text. */
  master: string;
  /** The text of each media playlist the master names, by the URI the master uses. */
  mediaPlaylists: Readonly<Record<string, string>>;
  /** The clip's folder relative to the source folder; default `clips/<editId>-v<version>/`. */
  clipPath?: string;
}

/** Audio segments are taken this far beyond the video run on each side: AAC priming shifts audio timelines by a few ms. */
const AUDIO_MARGIN_SECONDS = 0.05;

/** The folder a preview of this Edit version is written to, relative to the case folder. */
export function clipPathOf(edit: Pick<Edit, 'id' | 'version'>): string {
  return `clips/${edit.id}-v${edit.version}/`;
}

/** Builds the preview playlists of `edit` over the source's media playlists. Throws for an edit with no segment. */
export function clipManifest(options: ClipManifestOptions): ManifestClip {
  const { edit, frameRate, mediaPlaylists } = options;
  if (edit.segments.length === 0) throw new RangeError(`clipManifest: edit "${edit.id}" has no segments.`);
  const clipPath = options.clipPath ?? clipPathOf(edit);
  const up = relativePrefix(clipPath);
  const source = parseMasterPlaylist(options.master);
  const video = source.variants.map((variant) => variant.uri);
  const audio = source.media.filter((media) => media.type === 'AUDIO' && media.uri !== undefined).map((media) => media.uri as string);
  if (video.length === 0) throw new TypeError('clipManifest: the master playlist lists no variant.');

  const rate = frameRateFraction(frameRate);
  const seconds = (frame: number) => (frame * rate.den) / rate.num;
  const quarterFrame = seconds(0.25);
  const ranges = editFrames(edit, frameRate).map(([a, b]) => [seconds(a), seconds(b)] as const);

  const read = (uri: string) => {
    const text = mediaPlaylists[uri];
    if (text === undefined) throw new TypeError(`clipManifest: no text was given for the media playlist ${uri}.`);
    return parseMediaPlaylist(text);
  };

  // The runs of source segments, one per Edit segment, from the top video variant; every video
  // variant is cut at the same segment indices (the ladder shares its keyframes).
  const top = read(video[0]!);
  const runs = ranges.map(([start, end], segmentIndex) => {
    const run = overlappingSegments(top.segments, start, end, quarterFrame);
    if (!run) throw new RangeError(`clipManifest: segments[${segmentIndex}] (${start}–${end} s) lies past the end of ${video[0]}.`);
    return run;
  });

  const trims: ClipTrim[] = [];
  let clipTime = 0;
  runs.forEach(([first, last], segmentIndex) => {
    const [start, end] = ranges[segmentIndex]!;
    const head = top.segments[first]!;
    const tail = top.segments[last]!;
    const clipStart = clipTime + (start - head.start);
    trims.push({
      segmentIndex,
      startOffset: micros(start - head.start),
      endOffset: micros(end - tail.start),
      clipStart: micros(clipStart),
      clipEnd: micros(clipStart + (end - start)),
    });
    clipTime += tail.start + tail.duration - head.start;
  });

  const playlists: Record<string, string> = {};
  for (const uri of video) {
    const playlist = uri === video[0] ? top : read(uri);
    playlists[clipFileName(uri)] = writePlaylist(playlist, runs.map(([first, last]) => playlist.segments.slice(first, last + 1)), up + folderOf(uri));
  }
  for (const uri of audio) {
    const playlist = read(uri);
    const parts = runs.map(([first, last], i) => {
      const from = top.segments[first]!.start - AUDIO_MARGIN_SECONDS;
      const to = top.segments[last]!.start + top.segments[last]!.duration + AUDIO_MARGIN_SECONDS;
      const run = overlappingSegments(playlist.segments, from, to, 0);
      if (!run) throw new RangeError(`clipManifest: ${uri} has no audio for segments[${i}].`);
      return playlist.segments.slice(run[0], run[1] + 1);
    });
    playlists[clipFileName(uri)] = writePlaylist(playlist, parts, up + folderOf(uri));
  }

  return { master: clipMaster(options.master, [...video, ...audio]), playlists, trims, durationSeconds: micros(clipTime) };
}

/** A VOD playlist of the given runs of segments, a discontinuity (and the init segment again) between runs. */
function writePlaylist(source: MediaPlaylist, parts: MediaSegment[][], up: string): string {
  const segments = parts.flat();
  // RFC 8216: each EXTINF, rounded to the nearest integer, is at most the target duration.
  const target = Math.max(source.targetDuration, ...segments.map((segment) => Math.round(segment.duration)));
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${source.version ?? 6}`, `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
  let map: string | undefined;
  parts.forEach((part, index) => {
    if (index > 0) lines.push('#EXT-X-DISCONTINUITY');
    part.forEach((segment) => {
      if (segment.map !== undefined && (segment.map !== map || (index > 0 && segment === part[0]))) {
        lines.push(`#EXT-X-MAP:URI="${rebase(segment.map, up)}"`);
        map = segment.map;
      }
      lines.push(`#EXTINF:${segment.duration.toFixed(6)},`, rebase(segment.uri, up));
    });
  });
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}

/** The source master with its media playlist URIs pointing at the clip's, and subtitles left out. */
function clipMaster(master: string, uris: readonly string[]): string {
  const out: string[] = [];
  for (const line of master.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.startsWith('#EXT-X-MEDIA:') && /TYPE=SUBTITLES/.test(line)) continue;
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      out.push(line.replace(/,SUBTITLES="[^"]*"/, ''));
      continue;
    }
    if (line.startsWith('#EXT-X-MEDIA:')) {
      out.push(line.replace(/URI="([^"]+)"/, (whole, uri: string) => (uris.includes(uri) ? `URI="${clipFileName(uri)}"` : whole)));
      continue;
    }
    out.push(uris.includes(line.trim()) ? clipFileName(line.trim()) : line);
  }
  return out.join('\n');
}

/** The clip keeps the source's playlist names, flattened into its one folder (`720p/index.m3u8` -> `720p_index.m3u8`). */
function clipFileName(uri: string): string {
  return uri.replaceAll('/', '_');
}

function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** `../` once per folder of the clip path: `clips/e1-v2/` -> `../../`. */
function relativePrefix(clipPath: string): string {
  const parts = clipPath.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.some((part) => part === '..')) throw new TypeError(`clipManifest: \`clipPath\` must stay inside the source folder; got ${clipPath}.`);
  return '../'.repeat(parts.length);
}

function rebase(uri: string, up: string): string {
  return /^[a-z][a-z0-9+.-]*:|^\//i.test(uri) ? uri : `${up}${uri}`;
}

function micros(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
