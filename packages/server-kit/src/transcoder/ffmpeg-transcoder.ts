/**
 * The embedded transcoder's work: one MediaConvert job description, carried out with ffmpeg on
 * this machine. The job is read as MediaConvert reads it (render-plan.ts), its input found and
 * measured (source-media.ts), its clippings turned from timecodes into frame numbers at the
 * source's own frame rate. A source that is a ladder of the job's own sizes in keyframe-led
 * segments (the recorded cases) is cut mostly by copying its segments (smart-render.ts); any other,
 * or one whose re-encoded edges would not join its segments, is rendered in full by one ffmpeg run
 * that writes every output (render-command.ts).
 *
 * A render is then checked as a viewer would meet it: every video output must hold exactly the
 * clipped frames (counted, not estimated). A job that cannot be read is a programmer's mistake and
 * throws; anything that goes wrong while running it (a missing source, a clipping past its end,
 * ffmpeg failing) becomes an ERROR result with a message saying what.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decorateMasterPlaylist } from '../media/hls-master.js';
import { FfmpegError, runFfmpeg } from '../media/ffmpeg.js';
import { framesToTimecode, timecodeToFrames } from '../render/frames-to-timecode.js';
import { measureMasterBandwidth } from './hls-bandwidth.js';
import { measureMpdMaxSegment } from './mpd-max-segment.js';
import { renderCommand, type FrameRanges, type TranscodeOutput } from './render-command.js';
import { readRenderJob, type RenderPlan } from './render-plan.js';
import { planSmartRender, runSmartRender, SmartRenderUnfit, type SmartRenderResult } from './smart-render.js';
import { ffprobePath, openSourceMedia, SourceMediaError, type SourceMedia } from './source-media.js';

const run = promisify(execFile);

export type { TranscodeOutput } from './render-command.js';

export interface TranscodeResult {
  id: string;
  status: 'COMPLETE' | 'ERROR';
  outputs: TranscodeOutput[];
  /** Frames in every video output (COMPLETE only). */
  frameCount?: number;
  /** Seconds of every output (COMPLETE only). */
  durationSeconds?: number;
  errorMessage?: string;
}

export interface RunRenderJobOptions {
  /** The job id the result carries; default a new one. */
  id?: string;
  /** 0..1, never decreasing; 1 once the outputs are checked. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** x264 preset; default `ultrafast` with CABAC and deblocking (see render-command.ts). */
  preset?: string;
  ffmpegPath?: string;
  ffprobePath?: string;
}

/** Share of the progress before ffmpeg starts (reading the job and probing the source), and after it ends (the checks). */
const PREPARE_SHARE = 0.02;
const CHECK_SHARE = 0.03;

/**
 * Runs `job` (a MediaConvert CreateJob body) with ffmpeg. Throws a TypeError for a job it cannot
 * read; resolves with `status: 'ERROR'` and `errorMessage` for a job that fails while running, and
 * rejects only when `signal` aborts it.
 */
export async function runRenderJob(job: unknown, options: RunRenderJobOptions = {}): Promise<TranscodeResult> {
  const plan = readRenderJob(job);
  const id = options.id ?? newJobId();
  let reported = 0;
  const report = (fraction: number) => {
    const clamped = Math.min(1, Math.max(reported, fraction));
    if (clamped > reported || fraction === 0) options.onProgress?.(clamped);
    reported = clamped;
  };
  report(0);
  try {
    const source = await openSourceMedia(plan.input.uri, { ...(options.ffprobePath ? { ffprobePath: options.ffprobePath } : {}) });
    const clips = clipFrames(plan, source);
    options.signal?.throwIfAborted();
    report(PREPARE_SHARE);
    const command = (await smartRender(plan, source, clips, { ...options, id }, report)) ?? (await fullRender(plan, source, clips, options, report));
    await finishCmaf(command.outputs, source);
    await checkOutputs(command.outputs, command.videoFiles, command.frameCount, options.ffprobePath);
    report(1);
    return { id, status: 'COMPLETE', outputs: command.outputs, frameCount: command.frameCount, durationSeconds: command.durationSeconds };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    return { id, status: 'ERROR', outputs: [], errorMessage: errorMessage(error) };
  }
}

/**
 * The copying render (smart-render.ts) when the source allows it, or undefined to render in
 * full: the source lacks a rendition of the job's sizes, or its pieces would not join.
 */
async function smartRender(plan: RenderPlan, source: SourceMedia, clips: FrameRanges, options: RunRenderJobOptions, report: (fraction: number) => void): Promise<SmartRenderResult | undefined> {
  // Another preset is a request for that encoder's output everywhere, not only at the edges.
  if (options.preset !== undefined && options.preset !== 'ultrafast') return undefined;
  const smart = planSmartRender(plan, source, clips);
  if (typeof smart === 'string') return undefined;
  try {
    return await runSmartRender(plan, source, clips, smart, {
      ...(options.id === undefined ? {} : { jobId: options.id }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
      onProgress: (fraction) => report(PREPARE_SHARE + fraction * (1 - PREPARE_SHARE - CHECK_SHARE)),
    });
  } catch (error) {
    if (error instanceof SmartRenderUnfit) return undefined;
    throw error;
  }
}

/** Every frame decoded and encoded again, in one ffmpeg run (render-command.ts). */
async function fullRender(plan: RenderPlan, source: SourceMedia, clips: FrameRanges, options: RunRenderJobOptions, report: (fraction: number) => void): Promise<SmartRenderResult> {
  const command = renderCommand(plan, source, clips, { ...(options.preset ? { preset: options.preset } : {}) });
  await Promise.all(command.dirs.map((dir) => mkdir(dir, { recursive: true })));
  await runFfmpeg(command.args, {
    durationSeconds: command.durationSeconds,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
    onProgress: (progress) => {
      if (Number.isFinite(progress.fraction)) report(PREPARE_SHARE + progress.fraction * (1 - PREPARE_SHARE - CHECK_SHARE));
    },
  });
  return command;
}

/** A job id shaped like MediaConvert's: milliseconds since the epoch and a random suffix. */
export function newJobId(): string {
  return `${Date.now()}-${randomBytes(3).toString('hex')}`;
}

export class RenderJobError extends Error {
  override readonly name = 'RenderJobError';
}

/** The clippings as source frames [start, end), checked against the source. */
export function clipFrames(plan: RenderPlan, source: Pick<SourceMedia, 'frameRate' | 'frameCount'>): FrameRanges {
  const frameRate = source.frameRate.num / source.frameRate.den;
  const last = source.frameCount - 1;
  const frameOf = (timecode: string, at: string) => {
    try {
      return timecodeToFrames(timecode, frameRate);
    } catch (error) {
      throw new RenderJobError(`${at}: ${(error as Error).message} (the source is ${rateLabel(source.frameRate)} fps).`);
    }
  };
  if (plan.input.clippings.length === 0) return [[0, source.frameCount]];
  return plan.input.clippings.map(({ start, end }, i) => {
    const at = `Settings.Inputs[0].InputClippings[${i}]`;
    const a = start === undefined ? 0 : frameOf(start, `${at}.StartTimecode`);
    // EndTimecode names the last frame kept.
    const b = end === undefined ? source.frameCount : frameOf(end, `${at}.EndTimecode`) + 1;
    if (b - 1 > last) {
      throw new RenderJobError(`${at}.EndTimecode: ${end} is past the source's last frame ${framesToTimecode(last, frameRate)} (frame ${last}).`);
    }
    if (b <= a) throw new RenderJobError(`${at}: EndTimecode ${end} is before StartTimecode ${start}.`);
    return [a, b] as const;
  });
}

/**
 * The dash muxer's HLS master lacks FRAME-RATE, which players read for frame stepping, and may
 * list a rung with a BANDWIDTH far below its real rate (hls-bandwidth.ts); its MPD gives the
 * segment length asked for as maxSegmentDuration, not the longest written (mpd-max-segment.ts).
 */
async function finishCmaf(outputs: readonly TranscodeOutput[], source: SourceMedia): Promise<void> {
  for (const output of outputs) {
    if (output.kind !== 'cmaf') continue;
    const master = fileURLToPath(output.uris[0]!);
    await writeFile(master, decorateMasterPlaylist(await measureMasterBandwidth(master), { frameRate: source.frameRate.num / source.frameRate.den }), 'utf8');
    const mpd = fileURLToPath(output.uris[1]!);
    await writeFile(mpd, await measureMpdMaxSegment(mpd, master), 'utf8');
  }
}

async function checkOutputs(outputs: readonly TranscodeOutput[], videoFiles: readonly string[], frameCount: number, explicitProbe?: string): Promise<void> {
  for (const output of outputs) {
    for (const uri of output.uris) {
      const entry = await stat(fileURLToPath(uri)).catch(() => undefined);
      if (!entry?.isFile() || entry.size === 0) throw new RenderJobError(`${output.group}: ffmpeg did not write ${fileURLToPath(uri)}.`);
    }
  }
  for (const file of videoFiles) {
    const { stdout } = await run(ffprobePath(explicitProbe), [
      '-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file,
    ]);
    const counted = Number(stdout.trim().split('\n')[0]);
    if (counted !== frameCount) throw new RenderJobError(`${file} holds ${counted} frames; the clippings hold ${frameCount}.`);
  }
}

function rateLabel({ num, den }: { num: number; den: number }): string {
  return den === 1 ? String(num) : (num / den).toFixed(3).replace(/0+$/, '');
}

function errorMessage(error: unknown): string {
  if (error instanceof FfmpegError || error instanceof SourceMediaError || error instanceof RenderJobError) return error.message;
  if (error instanceof RangeError) return error.message;
  return `The render failed: ${error instanceof Error ? error.message : String(error)}`;
}
