/**
 * The input of a render, found on disk and measured. A `file://` FileInput names one of:
 * - a media file (MP4, MOV…): read directly, seeking near each clip;
 * - an HLS playlist, or a case folder holding `master.m3u8` (the recorded-case layout): the
 *   variant with the highest bandwidth is the picture, as MediaConvert's video selector picks it,
 *   and the variant's audio rendition the sound. A clip reads only the segments it needs, joined
 *   with the concat protocol (ffmpeg 5.1's HLS demuxer cannot seek in fMP4 playlists).
 *
 * The frame rate and the time of frame 0 come from ffprobe: timecodes are frame numbers from the
 * first frame (ZEROBASED), so frame n is at `videoStart + n * den / num` in the media's own time.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseMasterPlaylist } from '../media/hls-master.js';
import { parseMediaPlaylist, type MediaPlaylist } from '../render/manifest-clip.js';

const run = promisify(execFile);

export interface Rational {
  num: number;
  den: number;
}

export interface HlsTrack {
  /** The media playlist's folder: segment URIs are relative to it. */
  dir: string;
  playlist: MediaPlaylist;
}

export interface SourceMedia {
  /** The FileInput as given. */
  uri: string;
  kind: 'file' | 'hls';
  /** The media file (`kind: 'file'`) or the picture's media playlist (`kind: 'hls'`). */
  path: string;
  frameRate: Rational;
  /** Presentation time of frame 0, seconds. */
  videoStart: number;
  width: number;
  height: number;
  /** Frames in the source (from the container, or its duration at the frame rate). */
  frameCount: number;
  hasAudio: boolean;
  /**
   * `kind: 'hls'`: the picture's playlist, and the sound's when it is a separate rendition; and
   * every video variant of a master playlist that states its RESOLUTION (smart-render.ts copies
   * from the one a rendition of the render matches).
   */
  hls?: { video: HlsTrack; audio?: HlsTrack; variants?: SourceVariant[] };
}

export interface SourceVariant {
  width: number;
  height: number;
  track: HlsTrack;
}

export class SourceMediaError extends Error {
  override readonly name = 'SourceMediaError';
}

/** The path a `file://` URI names; throws a SourceMediaError for any other scheme. */
export function localPath(uri: string, field: string): string {
  if (!uri.startsWith('file://')) {
    throw new SourceMediaError(`${field}: the embedded transcoder reads and writes file:// URIs; got ${JSON.stringify(uri)}.`);
  }
  return fileURLToPath(uri);
}

export function ffprobePath(explicit?: string): string {
  return explicit ?? process.env['FFPROBE_PATH'] ?? 'ffprobe';
}

/** Finds and measures the render's input. Throws a SourceMediaError when it is missing or unreadable. */
export async function openSourceMedia(uri: string, options: { ffprobePath?: string } = {}): Promise<SourceMedia> {
  let path = localPath(uri, 'Settings.Inputs[0].FileInput');
  const entry = await stat(path).catch(() => undefined);
  if (!entry) throw new SourceMediaError(`Settings.Inputs[0].FileInput: ${path} does not exist.`);
  if (entry.isDirectory()) path = join(path, 'master.m3u8');
  if (!/\.m3u8$/i.test(path)) {
    const probed = await probe(path, options.ffprobePath);
    return { uri, kind: 'file', path, ...probed };
  }

  const text = await readText(path);
  let video: HlsTrack;
  let audio: HlsTrack | undefined;
  const variants: SourceVariant[] = [];
  if (text.includes('#EXT-X-STREAM-INF:')) {
    const master = parseMasterPlaylist(text);
    const top = [...master.variants].sort((a, b) => b.bandwidth - a.bandwidth)[0];
    if (!top) throw new SourceMediaError(`${path} lists no variant.`);
    video = await readTrack(resolve(dirname(path), top.uri));
    const rendition =
      top.audio === undefined
        ? undefined
        : master.media.filter((media) => media.type === 'AUDIO' && media.groupId === top.audio && media.uri).sort((a, b) => Number(b.default) - Number(a.default))[0];
    if (rendition?.uri) audio = await readTrack(resolve(dirname(path), rendition.uri));
    for (const variant of master.variants) {
      if (variant.width === undefined || variant.height === undefined) continue;
      const track = variant === top ? video : await readTrack(resolve(dirname(path), variant.uri));
      variants.push({ width: variant.width, height: variant.height, track });
    }
  } else {
    video = await readTrack(path);
  }
  const first = video.playlist.segments[0];
  if (!first) throw new SourceMediaError(`${path} lists no segment.`);
  const probed = await probe(concatUri(video, 0, 0), options.ffprobePath);
  const playlistSeconds = video.playlist.segments.reduce((sum, segment) => sum + segment.duration, 0);
  return {
    uri,
    kind: 'hls',
    path,
    ...probed,
    frameCount: Math.round((playlistSeconds * probed.frameRate.num) / probed.frameRate.den),
    hasAudio: probed.hasAudio || audio !== undefined,
    hls: { video, ...(audio ? { audio } : {}), ...(variants.length > 0 ? { variants } : {}) },
  };
}

/**
 * The concat-protocol URI of segments `first`..`last` of a track, behind its init segment: one
 * fragmented MP4 (or TS) stream whose timestamps are the segments' own.
 */
export function concatUri(track: HlsTrack, first: number, last: number): string {
  const segments = track.playlist.segments.slice(first, last + 1);
  const map = segments[0]?.map;
  if (segments.some((segment) => segment.map !== map)) throw new SourceMediaError('A clip spans two init segments (EXT-X-MAP); the embedded transcoder reads one.');
  const files = [...(map ? [map] : []), ...segments.map((segment) => segment.uri)].map((uri) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('file:')) throw new SourceMediaError(`Segment ${uri} is not a local file.`);
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : resolve(track.dir, uri);
    if (path.includes('|')) throw new SourceMediaError(`Segment path ${path} contains "|", which the concat protocol cannot read.`);
    return path;
  });
  return `concat:${files.join('|')}`;
}

async function readTrack(path: string): Promise<HlsTrack> {
  try {
    return { dir: dirname(path), playlist: parseMediaPlaylist(await readText(path)) };
  } catch (error) {
    if (error instanceof SourceMediaError) throw error;
    throw new SourceMediaError(`${path}: ${(error as Error).message}`);
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new SourceMediaError(`${path} cannot be read.`);
  }
}

interface ProbeResult {
  frameRate: Rational;
  videoStart: number;
  width: number;
  height: number;
  frameCount: number;
  hasAudio: boolean;
}

async function probe(input: string, explicit?: string): Promise<ProbeResult> {
  let stdout: string;
  try {
    ({ stdout } = await run(ffprobePath(explicit), [
      '-v', 'error', '-show_entries', 'stream=codec_type,r_frame_rate,start_time,width,height,nb_frames,duration', '-of', 'json', input,
    ]));
  } catch (error) {
    throw new SourceMediaError(`ffprobe could not read ${input}: ${String((error as { stderr?: string }).stderr ?? (error as Error).message).trim()}`);
  }
  const streams = (JSON.parse(stdout) as { streams?: Record<string, string | number>[] }).streams ?? [];
  const video = streams.find((stream) => stream['codec_type'] === 'video');
  if (!video) throw new SourceMediaError(`${input} has no video stream.`);
  const [num, den] = String(video['r_frame_rate']).split('/').map(Number) as [number, number];
  if (!(num > 0 && den > 0)) throw new SourceMediaError(`${input}: unknown frame rate ${String(video['r_frame_rate'])}.`);
  const start = Number(video['start_time']);
  const frames = Number(video['nb_frames']);
  const duration = Number(video['duration']);
  return {
    frameRate: { num, den },
    videoStart: Number.isFinite(start) ? start : 0,
    width: Number(video['width']),
    height: Number(video['height']),
    frameCount: Number.isSafeInteger(frames) && frames > 0 ? frames : Number.isFinite(duration) ? Math.round((duration * num) / den) : 0,
    hasAudio: streams.some((stream) => stream['codec_type'] === 'audio'),
  };
}
