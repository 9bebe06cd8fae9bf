/**
 * Smart rendering: a render whose source already holds every rendition the job asks for (the
 * recorded cases are CMAF HLS with the same 720p/480p/240p ladder and a keyframe at the start of
 * every 2 s segment) is made mostly by copying. Each rendition of the render is cut from the
 * source rendition of the same size: segments wholly inside a clipping are copied packet for
 * packet, and only the frames of the segments a clipping cuts are decoded and encoded again
 * (gop-pieces.ts). The sound is cut and encoded as in the full render (render-command.ts).
 *
 * The pieces are joined as one H.264 elementary stream per rendition, so they must share their
 * sequence and picture parameter sets (SPS/PPS: profile, level, size, sample aspect ratio, entropy
 * coder, initial QP…). The edges are encoded the way the cases were (x264 `ultrafast`, profile
 * main, average bit rate) and the parameter sets of every piece are compared byte for byte; any
 * difference (a source made by another encoder) makes this path step aside (SmartRenderUnfit)
 * and the full re-encode runs instead, so the result is never a stream that changes parameters
 * mid-way.
 *
 * Where this differs from MediaConvert, knowingly:
 * - copied segments keep the source's encoding (its bit rate, not the job's QVBR level); the
 *   re-encoded edges are held under the rung's MaxBitrate with x264's average-bit-rate mode,
 *   because x264's constant-quality mode writes another initial QP into the PPS;
 * - SegmentLengthControl EXACT cuts a segment every SegmentLength whatever the GOP; here segments
 *   can only start on the copied keyframes, so a clip's first segment takes the re-encoded edge
 *   and the next source GOP (at most SegmentLength + one GOP long; the playlists say so in EXTINF
 *   and TARGETDURATION). Every frame is still there, once, in order, at the source's rate.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { runFfmpeg } from '../media/ffmpeg.js';
import { overlappingSegments } from '../render/manifest-clip.js';
import { gopPieces, type GopPiece } from './gop-pieces.js';
import { aac, dashOptions, fileUri, frameCaptureOutput, seconds, type FrameRanges, type TranscodeOutput } from './render-command.js';
import type { PlannedVideo, RenderPlan } from './render-plan.js';
import { concatUri, localPath, type HlsTrack, type SourceMedia } from './source-media.js';

/** The source cannot be cut by copying; the caller renders in full instead. */
export class SmartRenderUnfit extends Error {
  override readonly name = 'SmartRenderUnfit';
}

interface Rung {
  width: number;
  height: number;
  track: HlsTrack;
  /** Rate control of the re-encoded edges: the tightest MaxBitrate any output of this size asks for. */
  maxBitrate: number;
  pieces: GopPiece[];
}

export interface SmartRenderPlan {
  rungs: Rung[];
  /** For each plan output (by index): the rung(s) its video comes from. */
  sources: number[][];
  frameCount: number;
  durationSeconds: number;
}

export interface SmartRenderResult {
  outputs: TranscodeOutput[];
  videoFiles: string[];
  frameCount: number;
  durationSeconds: number;
}

const AUDIO_MARGIN_SECONDS = 0.25;

/** The copy plan, or why the source cannot be cut by copying (a sentence, for logs). */
export function planSmartRender(plan: RenderPlan, source: SourceMedia, clips: FrameRanges): SmartRenderPlan | string {
  const variants = source.hls?.variants;
  if (source.kind !== 'hls' || !variants || variants.length === 0) return 'the source is not an HLS ladder with sized variants';
  const { num, den } = source.frameRate;
  const frameOf = (time: number) => (time * num) / den;
  const rungs: Rung[] = [];
  const rungOf = (video: Pick<PlannedVideo, 'width' | 'height'> & { maxBitrate?: number }): number | string => {
    const found = rungs.findIndex((rung) => rung.width === video.width && rung.height === video.height);
    if (found >= 0) {
      if (video.maxBitrate !== undefined) rungs[found]!.maxBitrate = Math.min(rungs[found]!.maxBitrate, video.maxBitrate);
      return found;
    }
    const variant = variants.find((entry) => entry.width === video.width && entry.height === video.height);
    if (!variant || video.maxBitrate === undefined) return `the source has no ${video.width}x${video.height} variant`;
    const segments = variant.track.playlist.segments;
    const starts = segments.map((segment) => frameOf(segment.start));
    // Segments must start on whole frames (each on a keyframe, as the cases are encoded).
    if (starts.some((start) => Math.abs(start - Math.round(start)) > 1e-3)) return `the ${video.width}x${video.height} segments do not start on whole frames`;
    const last = segments.at(-1)!;
    const frameCount = Math.round(frameOf(last.start + last.duration));
    if (frameCount < source.frameCount) return `the ${video.width}x${video.height} variant is shorter than the source`;
    if (new Set(segments.map((segment) => segment.map)).size !== 1) return 'a variant has more than one init segment';
    rungs.push({ width: video.width, height: video.height, track: variant.track, maxBitrate: video.maxBitrate, pieces: gopPieces(clips, starts.map(Math.round), frameCount) });
    return rungs.length - 1;
  };
  const sources: number[][] = [];
  for (const output of plan.outputs) {
    if (output.kind === 'cmaf') {
      const indices = output.renditions.map(rungOf);
      const reason = indices.find((index) => typeof index === 'string');
      if (reason !== undefined) return reason as string;
      sources.push(indices as number[]);
    } else if (output.kind === 'mp4') {
      const index = rungOf(output.video);
      if (typeof index === 'string') return index;
      sources.push([index]);
    } else sources.push([]);
  }
  if (rungs.length === 0) return 'the job has no video output';
  const withAudio = source.hasAudio && plan.outputs.some((output) => output.kind !== 'frame-capture' && output.audio !== undefined);
  if (withAudio && !source.hls?.audio) return 'the sound is not a separate rendition of the source';
  // Frame captures decode the smallest rung at least their size (the top one if none is).
  plan.outputs.forEach((output, o) => {
    if (output.kind !== 'frame-capture') return;
    const fitting = rungs
      .map((rung, index) => ({ rung, index }))
      .filter(({ rung }) => rung.width >= output.width && rung.height >= output.height)
      .sort((a, b) => a.rung.width * a.rung.height - b.rung.width * b.rung.height)[0];
    sources[o] = [fitting?.index ?? rungs.reduce((best, rung, index) => (rung.width * rung.height > rungs[best]!.width * rungs[best]!.height ? index : best), 0)];
  });
  const frameCount = clips.reduce((sum, [a, b]) => sum + (b - a), 0);
  return { rungs, sources, frameCount, durationSeconds: (frameCount * den) / num };
}

export interface RunSmartRenderOptions {
  /**
   * Names the scratch folder (`<tmpdir>/smart-render-<jobId>`): a job run again after its process
   * was killed clears what the killed run left there. Default: a random name.
   */
  jobId?: string;
  ffmpegPath?: string;
  signal?: AbortSignal;
  /** 0..1 of this run. */
  onProgress?: (fraction: number) => void;
}

/** Share of the progress taken by cutting the pieces; the rest is the final mux. */
const PIECES_SHARE = 0.5;

/**
 * Carries out `smart`: pieces per rung (copied and re-encoded), their parameter sets compared,
 * then one ffmpeg run muxing every output from the joined rungs and the re-cut sound. Throws
 * SmartRenderUnfit before writing any output when the pieces cannot be joined.
 */
export async function runSmartRender(plan: RenderPlan, source: SourceMedia, clips: FrameRanges, smart: SmartRenderPlan, options: RunSmartRenderOptions = {}): Promise<SmartRenderResult> {
  const name = options.jobId === undefined ? randomBytes(4).toString('hex') : options.jobId.replace(/[^A-Za-z0-9_-]/g, '_');
  const work = join(tmpdir(), `smart-render-${name}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  // The rungs are cut side by side; when one fails the others are stopped before the folder goes.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const ffmpeg = (args: string[], durationSeconds?: number, onFraction?: (fraction: number) => void) =>
    runFfmpeg(args, {
      ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
      signal,
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      ...(onFraction ? { onProgress: (progress) => Number.isFinite(progress.fraction) && onFraction(progress.fraction) } : {}),
    });
  try {
    let cut = 0;
    const rungFiles = await allOrStop(
      stop,
      smart.rungs.map(async (rung, r) => {
        const files = rung.pieces.map((_, k) => join(work, `rung${r}-piece${k}.h264`));
        await ffmpeg(piecesArgs(rung, files, source.frameRate));
        const joined = join(work, `rung${r}.h264`);
        await joinPieces(rung.pieces, files, joined, `${rung.width}x${rung.height}`);
        // Timed once here, in an MP4 the final run copies from like any other input.
        const timed = join(work, `rung${r}.mp4`);
        await ffmpeg(['-y', '-f', 'h264', '-framerate', `${source.frameRate.num}/${source.frameRate.den}`, '-i', joined, '-c:v', 'copy', '-bsf:v', restamp(source.frameRate), timed]);
        options.onProgress?.((++cut / smart.rungs.length) * PIECES_SHARE);
        return timed;
      }),
    );
    const command = muxArgs(plan, source, clips, smart, rungFiles);
    await Promise.all(command.dirs.map((dir) => mkdir(dir, { recursive: true })));
    await ffmpeg(command.args, smart.durationSeconds, (fraction) => options.onProgress?.(PIECES_SHARE + fraction * (1 - PIECES_SHARE)));
    return { outputs: command.outputs, videoFiles: command.videoFiles, frameCount: smart.frameCount, durationSeconds: smart.durationSeconds };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Promise.all that, on the first failure, aborts `stop` and waits for the rest to settle. */
async function allOrStop<T>(stop: AbortController, work: Promise<T>[]): Promise<T[]> {
  const settled = Promise.allSettled(work);
  try {
    return await Promise.all(work);
  } catch (error) {
    stop.abort(error);
    await settled;
    throw error;
  }
}

/**
 * One ffmpeg run writing a rung's pieces as H.264 elementary streams (Annex B, parameter sets
 * before every keyframe): copies through h264_mp4toannexb, edges decoded from their one segment
 * (which starts on a keyframe), trimmed by frame number and encoded.
 */
function piecesArgs(rung: Rung, files: readonly string[], frameRate: { num: number; den: number }): string[] {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const gop = Math.max(1, Math.round((2 * frameRate.num) / frameRate.den));
  rung.pieces.forEach((piece, k) => {
    inputs.push('-i', piece.kind === 'copy' ? concatUri(rung.track, piece.first, piece.last) : concatUri(rung.track, piece.segment, piece.segment));
    if (piece.kind === 'copy') {
      outputs.push('-map', `${k}:v:0`, '-c:v', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'h264', files[k]!);
    } else {
      outputs.push(
        // The segment's first packet as it is, to check that decoding starts on a keyframe there.
        '-map', `${k}:v:0`, '-c:v', 'copy', '-bsf:v', 'h264_mp4toannexb', '-frames:v', '1', '-f', 'h264', firstPacketFile(files[k]!),
        '-map', `${k}:v:0`,
        '-vf', `trim=start_frame=${piece.from}:end_frame=${piece.to},setpts=PTS-STARTPTS`,
        '-fps_mode', 'passthrough',
        // As the cases are encoded (media/case-encode.ts); the PPS check in joinPieces holds us to it.
        '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
        '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
        '-b:v', String(rung.maxBitrate), '-maxrate', String(rung.maxBitrate), '-bufsize', String(rung.maxBitrate * 2),
        '-f', 'h264', files[k]!,
      );
    }
  });
  return ['-y', ...inputs, ...outputs];
}

function firstPacketFile(piece: string): string {
  return piece.replace(/\.h264$/, '.first.h264');
}

/**
 * Appends the pieces into one stream after checking that each source segment they start from
 * opens with an IDR picture (copies begin there; edges are decoded from there, so frame numbers
 * count from it) and that all pieces carry the same SPS and PPS.
 */
async function joinPieces(pieces: readonly GopPiece[], files: readonly string[], target: string, label: string): Promise<void> {
  const out = await open(target, 'w');
  try {
    let reference: string | undefined;
    for (const [k, file] of files.entries()) {
      const data = await readFile(file);
      const piece = pieces[k]!;
      const opening = piece.kind === 'copy' ? data : await readFile(firstPacketFile(file));
      if (!opensWithIdr(opening)) {
        throw new SmartRenderUnfit(`${label}: source segment ${piece.kind === 'copy' ? piece.first : piece.segment} does not start with a keyframe.`);
      }
      const sets = parameterSets(data);
      if (sets === '') throw new SmartRenderUnfit(`${label}: a piece has no parameter sets.`);
      if (reference === undefined) reference = sets;
      else if (sets !== reference) throw new SmartRenderUnfit(`${label}: the re-encoded edges do not share the source's SPS/PPS.`);
      await out.write(data);
    }
  } finally {
    await out.close();
  }
}

/** Whether the first picture (VCL NAL unit, types 1–5) of an Annex B stream is an IDR (type 5). */
export function opensWithIdr(data: Uint8Array): boolean {
  for (const start of nalStarts(data)) {
    const type = data[start]! & 0x1f;
    if (type >= 1 && type <= 5) return type === 5;
  }
  return false;
}

/** Offsets of the NAL units (after their 00 00 01 start codes) of an Annex B stream. */
function nalStarts(data: Uint8Array): number[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  return starts;
}

/** The distinct SPS and PPS NAL units (types 7 and 8) of an Annex B stream, as hex, in order. */
export function parameterSets(data: Uint8Array): string {
  const starts = nalStarts(data);
  const seen = new Set<string>();
  starts.forEach((start, k) => {
    const type = data[start]! & 0x1f;
    if (type !== 7 && type !== 8) return;
    let end = k + 1 < starts.length ? starts[k + 1]! - 3 : data.length;
    // The zero of a four-byte start code belongs to the next unit.
    while (end > start && data[end - 1] === 0) end--;
    seen.add(Buffer.from(data.subarray(start, end)).toString('hex'));
  });
  return [...seen].join(',');
}

/**
 * The final run: the joined rungs (frame n at n frame durations: constant frame rate), copied into the CMAF group and MP4s; the sound cut per clip
 * as in the full render and encoded once per output; captures decoded from their rung.
 */
function muxArgs(plan: RenderPlan, source: SourceMedia, clips: FrameRanges, smart: SmartRenderPlan, rungFiles: readonly string[]) {
  const { num, den } = source.frameRate;
  const time = (frame: number) => source.videoStart + (frame * den) / num;
  const withAudio = source.hasAudio && plan.outputs.some((output) => output.kind !== 'frame-capture' && output.audio !== undefined);
  // -copyts: the sound is cut by the source's own times (as in the full render); the rungs start at 0.
  const args = ['-y', '-copyts'];
  rungFiles.forEach((file) => args.push('-i', file));
  let inputIndex = rungFiles.length;
  const filters: string[] = [];
  const audioTaps = withAudio ? plan.outputs.flatMap((output, o) => (output.kind !== 'frame-capture' && output.audio ? [`o${o}a`] : [])) : [];
  if (audioTaps.length > 0) {
    const { audio } = source.hls!;
    if (!audio) throw new SmartRenderUnfit('the sound is not a separate rendition');
    const joined: string[] = [];
    clips.forEach(([a, b], i) => {
      const run = overlappingSegments(audio.playlist.segments, time(a) - source.videoStart - AUDIO_MARGIN_SECONDS, time(b) - source.videoStart + AUDIO_MARGIN_SECONDS, 0);
      if (!run) throw new RangeError(`clip ${i} (frames ${a}–${b - 1}) has no audio in the source.`);
      args.push('-i', concatUri(audio, run[0], run[1]));
      filters.push(`[${inputIndex}:a:0]atrim=start=${seconds(time(a))}:end=${seconds(time(b))},asetpts=PTS-STARTPTS[a${i}]`);
      joined.push(`[a${i}]`);
      inputIndex++;
    });
    filters.push(`${joined.join('')}concat=n=${clips.length}:v=0:a=1,asplit=${audioTaps.length}${audioTaps.map((tap) => `[${tap}]`).join('')}`);
  }
  const outputArgs: string[] = [];
  const dirs = new Set<string>();
  const outputs: TranscodeOutput[] = [];
  const videoFiles: string[] = [];
  plan.outputs.forEach((output, o) => {
    const rungs = smart.sources[o]!;
    if (output.kind === 'cmaf') {
      const base = localPath(output.destination, `${output.group}: Destination`);
      const dir = dirname(base);
      dirs.add(dir);
      const audioToo = withAudio && output.audio !== undefined;
      const dash = dashOptions(output, basename(base), audioToo);
      outputArgs.push(
        ...rungs.flatMap((r) => ['-map', `${r}:v:0`]),
        ...(audioToo ? ['-map', `[o${o}a]`, ...aac(output.audio!)] : []),
        '-c:v', 'copy',
        '-f', 'dash', ...Object.entries(dash).flatMap(([key, value]) => [`-${key}`, String(value)]), `${base}.mpd`,
      );
      outputs.push({ group: output.group, kind: 'cmaf', uris: [fileUri(`${base}.m3u8`), fileUri(`${base}.mpd`)] });
      rungs.forEach((_, r) => videoFiles.push(join(dir, `media_${r}.m3u8`)));
    } else if (output.kind === 'mp4') {
      const path = localPath(output.uri, `${output.group}: Destination`);
      dirs.add(dirname(path));
      const audioToo = withAudio && output.audio !== undefined;
      outputArgs.push(
        '-map', `${rungs[0]}:v:0`,
        ...(audioToo ? ['-map', `[o${o}a]`, ...aac(output.audio!)] : []),
        '-c:v', 'copy', '-movflags', '+faststart', path,
      );
      outputs.push({ group: output.group, kind: 'mp4', uris: [fileUri(path)] });
      videoFiles.push(path);
    } else {
      const capture = frameCaptureOutput(output, smart.frameCount, source.frameRate, `${rungs[0]}:v:0`, `o${o}`);
      dirs.add(capture.dir);
      filters.push(capture.filter);
      outputArgs.push(...capture.args);
      outputs.push(capture.output);
    }
  });
  if (filters.length > 0) args.push('-filter_complex', filters.join(';'));
  args.push(...outputArgs);
  return { args, dirs: [...dirs], outputs, videoFiles };
}

/**
 * Frame n of a joined rung at exactly n frame durations. ffmpeg stamps a copied stream that has
 * no times of its own in microseconds (33 333 per frame at 30 fps), and the dash muxer, which cuts
 * a segment at the first keyframe at least SegmentLength after the last cut, then finds the
 * keyframe 2 s on a few microseconds short and makes a 4 s segment.
 */
function restamp({ num, den }: { num: number; den: number }): string {
  // Decode order is presentation order: the edges are coded without B-frames, and the SPS check
  // (joinPieces) holds the copies to the same (x264 writes num_reorder_frames into the SPS).
  // TB is the copied stream's time base (the raw stream's 1/1200000 at 30 fps): whole ticks per frame.
  return `setts=ts=round(N*${den}/(${num}*TB)):duration=round(${den}/(${num}*TB))`;
}
