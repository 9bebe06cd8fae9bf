/**
 * The one ffmpeg run that carries out a render plan in full, every frame decoded and encoded again
 * (pure: paths in, arguments out). Used when the source cannot be cut by copying (smart-render.ts).
 *
 * The cut is made on decoded frames, by their own timestamps: clip i of source frames [a, b)
 * keeps the frames whose time lies in [t(a - 1/2), t(b - 1/2)), where t(n) = videoStart +
 * n * den / num. Half a frame on each side makes the choice immune to timestamp rounding in any
 * container, and `-copyts` keeps the media's own times so those bounds mean what they say.
 * Each clip is its own input (a seek near it in a file, or just the segments it needs of an HLS
 * source), its sound is cut to the same [t(a), t(b)) in samples, and the clips are joined by the
 * concat filter. The joined picture is restamped frame n = n * den / num, so every output is
 * constant frame rate at the source's rate, whatever the clips' timestamps were.
 *
 * One decode feeds every output: the CMAF ladder through the dash muxer (fMP4 segments, an MPD and
 * HLS playlists, as the recorded cases are packaged), each MP4, and each frame capture. An MP4 whose
 * picture and sound are set exactly as one rung of a CMAF ladder (the render's 720p download is the
 * ladder's top rung) is not encoded twice: the rung's packets go to both muxers through `tee`.
 */
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { teeSlave } from '../live/live-encoder-args.js';
import { overlappingSegments } from '../render/manifest-clip.js';
import type { PlannedAudio, PlannedCmafGroup, PlannedFrameCapture, PlannedMp4, PlannedVideo, RenderPlan } from './render-plan.js';
import { concatUri, localPath, type SourceMedia } from './source-media.js';

export interface RenderCommandOptions {
  /**
   * x264 preset; default `ultrafast`, with CABAC and the deblocking filter put back (see x264()).
   * CPU seconds for a 50 s, 720p edit of case-001 (CMAF ladder + MP4 + thumbnails in one run) on
   * a shared 2-core box: `superfast` 25 s with the MP4 encoded on its own, 17.5 s with it shared;
   * `ultrafast` (+ CABAC, deblock) 12 s shared. Local renders are previews of what MediaConvert
   * makes, so speed wins over the last few percent of bitrate at the same quality.
   */
  preset?: string;
}

/** What a run writes, by output group, as the job result lists it. */
export interface TranscodeOutput {
  group: string;
  kind: 'cmaf' | 'mp4' | 'frame-capture';
  /** `file://` URIs: for CMAF the HLS master then the MPD; for an MP4 the file; for captures every image, in order. */
  uris: string[];
}

export interface RenderCommand {
  args: string[];
  /** Folders to create before the run. */
  dirs: string[];
  outputs: TranscodeOutput[];
  /** Files to check after the run: the video of each is expected to hold `frameCount` frames. */
  videoFiles: string[];
  frameCount: number;
  durationSeconds: number;
}

/** Source frames [start, end) of each clipping. */
export type FrameRanges = readonly (readonly [start: number, end: number])[];

const AUDIO_MARGIN_SECONDS = 0.25;
/** Keyframe interval of an MP4 output. */
const MP4_GOP_SECONDS = 2;

export function renderCommand(plan: RenderPlan, source: SourceMedia, clips: FrameRanges, options: RenderCommandOptions = {}): RenderCommand {
  if (clips.length === 0) throw new RangeError('renderCommand: no frames to render.');
  const { num, den } = source.frameRate;
  const time = (frame: number) => source.videoStart + (frame * den) / num;
  const frameCount = clips.reduce((sum, [a, b]) => sum + (b - a), 0);
  const durationSeconds = (frameCount * den) / num;
  const preset = options.preset ?? 'ultrafast';
  const withAudio = source.hasAudio && plan.outputs.some((output) => output.kind !== 'frame-capture' && output.audio !== undefined);

  const args = ['-y', '-copyts'];
  const filters: string[] = [];
  const joined: string[] = [];
  let inputIndex = 0;
  clips.forEach(([a, b], i) => {
    const from = time(a - 0.5);
    const to = time(b - 0.5);
    let videoInput: number;
    let audioInput: number | undefined;
    if (source.kind === 'file') {
      // Seek to a keyframe at or before the clip; the trim below drops what comes before it.
      args.push('-noaccurate_seek', '-ss', seconds(Math.max(0, from - source.videoStart - (den / num))), '-i', source.path);
      videoInput = inputIndex++;
      if (withAudio) audioInput = videoInput;
    } else {
      const { video, audio } = source.hls!;
      const halfFrame = den / num / 2;
      const run = overlappingSegments(video.playlist.segments, from - source.videoStart - halfFrame, to - source.videoStart + halfFrame, 0);
      if (!run) throw new RangeError(`clip ${i} (frames ${a}–${b - 1}) is past the end of the source.`);
      args.push('-i', concatUri(video, run[0], run[1]));
      videoInput = inputIndex++;
      if (withAudio && audio) {
        const audioRun = overlappingSegments(audio.playlist.segments, time(a) - source.videoStart - AUDIO_MARGIN_SECONDS, time(b) - source.videoStart + AUDIO_MARGIN_SECONDS, 0);
        if (!audioRun) throw new RangeError(`clip ${i} (frames ${a}–${b - 1}) has no audio in the source.`);
        args.push('-i', concatUri(audio, audioRun[0], audioRun[1]));
        audioInput = inputIndex++;
      } else if (withAudio) audioInput = videoInput;
    }
    filters.push(`[${videoInput}:v:0]trim=start=${seconds(from)}:end=${seconds(to)},setpts=PTS-STARTPTS[v${i}]`);
    joined.push(`[v${i}]`);
    if (withAudio) {
      filters.push(`[${audioInput}:a:0]atrim=start=${seconds(time(a))}:end=${seconds(time(b))},asetpts=PTS-STARTPTS[a${i}]`);
      joined.push(`[a${i}]`);
    }
  });
  filters.push(`${joined.join('')}concat=n=${clips.length}:v=1:a=${withAudio ? 1 : 0}[vcat]${withAudio ? '[acat]' : ''}`);

  const shared = sharedMp4s(plan);
  const videoTaps = plan.outputs.flatMap((output, o) =>
    output.kind === 'cmaf' ? output.renditions.map((_, r) => `o${o}r${r}`) : shared.has(o) ? [] : [`o${o}`],
  );
  const audioTaps = withAudio ? plan.outputs.flatMap((output, o) => (output.kind !== 'frame-capture' && output.audio && !shared.has(o) ? [`o${o}a`] : [])) : [];
  // Frame n of the edit is shown at n frame durations: constant frame rate at the source's rate.
  filters.push(`[vcat]settb=expr=${den}/${num},setpts=N,split=${videoTaps.length}${videoTaps.map((tap) => `[${tap}s]`).join('')}`);
  if (audioTaps.length > 0) filters.push(`[acat]asplit=${audioTaps.length}${audioTaps.map((tap) => `[${tap}]`).join('')}`);

  const outputArgs: string[] = [];
  const dirs = new Set<string>();
  const outputs: TranscodeOutput[] = [];
  const videoFiles: string[] = [];
  const gop = Math.max(1, Math.round((MP4_GOP_SECONDS * num) / den));
  plan.outputs.forEach((output, o) => {
    if (output.kind === 'cmaf') {
      const base = localPath(output.destination, `${output.group}: Destination`);
      const dir = dirname(base);
      const name = basename(base);
      dirs.add(dir);
      output.renditions.forEach((rendition, r) => filters.push(`[o${o}r${r}s]${scale(rendition.width, rendition.height)}[o${o}r${r}]`));
      const segmentGop = Math.max(1, Math.round((output.segmentSeconds * num) / den));
      const dash = dashOptions(output, name, withAudio);
      const riders = [...shared].filter(([, share]) => share.cmaf === o);
      outputArgs.push(
        ...output.renditions.flatMap((_, r) => ['-map', `[o${o}r${r}]`]),
        ...(withAudio && output.audio ? ['-map', `[o${o}a]`] : []),
        ...x264(preset, segmentGop),
        ...output.renditions.flatMap((rendition, r) => rateControl(rendition, `:v:${r}`)),
        ...(withAudio && output.audio ? aac(output.audio) : []),
        '-fps_mode', 'passthrough',
      );
      if (riders.length === 0) {
        outputArgs.push('-f', 'dash', ...Object.entries(dash).flatMap(([key, value]) => [`-${key}`, String(value)]), `${base}.mpd`);
      } else {
        const slaves = [teeSlave({ f: 'dash', ...dash }, `${base}.mpd`)];
        for (const [m, share] of riders) {
          const mp4 = plan.outputs[m] as PlannedMp4;
          const select = withAudio && mp4.audio ? `v:${share.rendition},a` : `v:${share.rendition}`;
          slaves.push(teeSlave({ f: 'mp4', select, movflags: '+faststart' }, localPath(mp4.uri, `${mp4.group}: Destination`)));
        }
        // The tee muxer cannot tell the encoders that MP4-family muxers want out-of-band headers
        // (without them the dash muxer writes CODECS="avc1" with no profile or level).
        outputArgs.push('-flags', '+global_header', '-f', 'tee', slaves.join('|'));
      }
      outputs.push({ group: output.group, kind: 'cmaf', uris: [fileUri(`${base}.m3u8`), fileUri(`${base}.mpd`)] });
      output.renditions.forEach((_, r) => videoFiles.push(join(dir, `media_${r}.m3u8`)));
    } else if (output.kind === 'mp4' && shared.has(o)) {
      // Written by its CMAF group's tee (above, or below when the group comes later in the job).
      const path = localPath(output.uri, `${output.group}: Destination`);
      dirs.add(dirname(path));
      outputs.push({ group: output.group, kind: 'mp4', uris: [fileUri(path)] });
      videoFiles.push(path);
    } else if (output.kind === 'mp4') {
      const path = localPath(output.uri, `${output.group}: Destination`);
      dirs.add(dirname(path));
      filters.push(`[o${o}s]${scale(output.video.width, output.video.height)}[o${o}]`);
      outputArgs.push(
        '-map', `[o${o}]`,
        ...(withAudio && output.audio ? ['-map', `[o${o}a]`] : []),
        ...x264(preset, gop),
        ...rateControl(output.video, ':v:0'),
        ...(withAudio && output.audio ? aac(output.audio) : []),
        '-fps_mode', 'passthrough',
        '-movflags', '+faststart',
        path,
      );
      outputs.push({ group: output.group, kind: 'mp4', uris: [fileUri(path)] });
      videoFiles.push(path);
    } else {
      const capture = frameCaptureOutput(output, frameCount, source.frameRate, `o${o}s`, `o${o}`);
      dirs.add(capture.dir);
      filters.push(capture.filter);
      outputArgs.push(...capture.args);
      outputs.push(capture.output);
    }
  });

  args.push('-filter_complex', filters.join(';'), ...outputArgs);
  return { args, dirs: [...dirs], outputs, videoFiles, frameCount, durationSeconds };
}

/** The dash muxer's options for a CMAF group written as `<name>.m3u8` / `<name>.mpd`. */
export function dashOptions(output: PlannedCmafGroup, name: string, withAudio: boolean): Record<string, string | number> {
  return {
    seg_duration: output.segmentSeconds,
    use_template: 1,
    use_timeline: 1,
    hls_playlist: 1,
    hls_master_name: `${name}.m3u8`,
    adaptation_sets: withAudio && output.audio ? 'id=0,streams=v id=1,streams=a' : 'id=0,streams=v',
    init_seg_name: 'init-$RepresentationID$.m4s',
    media_seg_name: 'seg-$RepresentationID$-$Number%05d$.m4s',
  };
}

/**
 * The frames a capture output takes, as a filter on the edit's frames (numbered from 0), and how
 * many: capture j is the first frame at or after j * denominator / numerator seconds, so frame n
 * is taken when an interval boundary lies in (t(n - 1), t(n)], in whole-number arithmetic.
 */
export function captureFilter(output: PlannedFrameCapture, frameCount: number, frameRate: { num: number; den: number }): { captures: number; filter: string } {
  const p = frameRate.den * output.numerator;
  const q = frameRate.num * output.denominator;
  const captures = Math.min(output.maxCaptures, Math.ceil((frameCount * p) / q));
  return { captures, filter: `select='eq(n\\,0)+gt(floor(n*${p}/${q})\\,floor((n-1)*${p}/${q}))',${scale(output.width, output.height)}` };
}

/**
 * A frame-capture output (JPEG thumbnails) of an ffmpeg run: its filter from the `from` stream
 * label to `to`, the output arguments, the files it writes and their folder.
 */
export function frameCaptureOutput(
  output: PlannedFrameCapture,
  frameCount: number,
  frameRate: { num: number; den: number },
  from: string,
  to: string,
): { filter: string; args: string[]; output: TranscodeOutput; dir: string } {
  const prefix = localPath(output.prefix, `${output.group}: Destination`);
  const { captures, filter } = captureFilter(output, frameCount, frameRate);
  return {
    filter: `[${from}]${filter}[${to}]`,
    args: ['-map', `[${to}]`, '-fps_mode', 'passthrough', '-frames:v', String(captures), '-q:v', String(jpegScale(output.quality)), '-start_number', '0', `${prefix}.%07d.${output.extension}`],
    output: {
      group: output.group,
      kind: 'frame-capture',
      uris: Array.from({ length: captures }, (_, j) => fileUri(`${prefix}.${String(j).padStart(7, '0')}.${output.extension}`)),
    },
    dir: dirname(prefix),
  };
}

/**
 * MediaConvert's H.264 settings as x264 choices. CodecProfile MAIN is coded with CABAC and
 * MediaConvert always deblocks; `ultrafast` turns both off, so they are put back (together they
 * cost about 5% of the encode and save a good share of the bitrate at the same quality). Other
 * presets have them on already. Keyframes every segment, none elsewhere: segments start on them,
 * and every rendition switches alike.
 */
function x264(preset: string, gop: number): string[] {
  return [
    '-c:v', 'libx264', '-preset', preset, '-x264-params', 'cabac=1:deblock=0,0',
    '-profile:v', 'main', '-pix_fmt', 'yuv420p', '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
  ];
}

/**
 * Downscaling by bilinear filtering: in ffmpeg 5.1 the filter graph runs on the one thread that
 * also feeds the encoders, and the default bicubic scaler of a 480p and a 240p rung took about as
 * long as encoding them at `ultrafast`. Bilinear costs a third less and is sharp enough for a
 * preview of the MediaConvert render.
 */
function scale(width: number, height: number): string {
  return `scale=${width}:${height}:flags=bilinear`;
}

/**
 * MP4 outputs (by index in plan.outputs) that can take their packets from a CMAF rung: same size,
 * same rate control, same keyframe interval (the group's segment length is the MP4's 2 s GOP) and
 * the same sound (or none).
 */
function sharedMp4s(plan: RenderPlan): Map<number, { cmaf: number; rendition: number }> {
  const shared = new Map<number, { cmaf: number; rendition: number }>();
  plan.outputs.forEach((output, m) => {
    if (output.kind !== 'mp4') return;
    plan.outputs.some((group, o) => {
      if (group.kind !== 'cmaf' || group.segmentSeconds !== MP4_GOP_SECONDS) return false;
      if (output.audio && !sameAudio(output.audio, group.audio)) return false;
      const rendition = group.renditions.findIndex((rung) =>
        rung.width === output.video.width && rung.height === output.video.height &&
        rung.maxBitrate === output.video.maxBitrate && rung.qualityLevel === output.video.qualityLevel);
      if (rendition < 0) return false;
      shared.set(m, { cmaf: o, rendition });
      return true;
    });
  });
  return shared;
}

function sameAudio(a: PlannedAudio, b: PlannedAudio | undefined): boolean {
  return b !== undefined && a.bitrate === b.bitrate && a.sampleRate === b.sampleRate && a.channels === b.channels;
}

/** QVBR as x264 sees it: a constant quality (CRF 51 - 4 * level, 23 at MediaConvert's 7) under MaxBitrate. */
function rateControl(video: PlannedVideo, stream: string): string[] {
  return [
    `-crf${stream}`, String(51 - 4 * video.qualityLevel),
    `-maxrate${stream}`, String(video.maxBitrate),
    `-bufsize${stream}`, String(video.maxBitrate * 2),
  ];
}

export function aac(audio: PlannedAudio): string[] {
  return ['-c:a', 'aac', '-b:a', String(audio.bitrate), '-ar', String(audio.sampleRate), '-ac', String(audio.channels)];
}

/** MediaConvert's JPEG quality 1..100 as ffmpeg's mjpeg scale 31..2 (lower is better). */
export function jpegScale(quality: number): number {
  return Math.max(2, Math.min(31, Math.round(31 - (quality * 29) / 100)));
}

/** Seconds as ffmpeg reads them, to the microsecond (a frame is at least a millisecond). */
export function seconds(value: number): string {
  return value.toFixed(6);
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}
