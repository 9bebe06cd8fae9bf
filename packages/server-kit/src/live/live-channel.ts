/**
 * The embedded live channel: what Elemental Link -> MediaLive -> MediaPackage do in production,
 * done by one supervised ffmpeg process on this machine.
 *
 * The synthetic operating-room camera (wall clock burned in) is generated in real time and encoded
 * once per rendition, with a keyframe every second on every rendition. ffmpeg's `tee` muxer then
 * hands the same encoded packets, without re-encoding, to two packagers:
 *
 * - the standard path: HLS with fMP4 (CMAF) segments of 1 s, `EXT-X-PROGRAM-DATE-TIME` on every
 *   segment and a sliding DVR window, written as files to `outputDir` (we write `master.m3u8`
 *   ourselves so it carries CODECS, RESOLUTION and FRAME-RATE and no audio-only variant);
 * - the low-latency path: LL-DASH, 1 s segments made of 200 ms CMAF chunks, PUT over chunked HTTP
 *   to the live ingest origin (ingest-origin.ts) so a player can read a segment while it is encoded.
 *
 * If ffmpeg dies the channel restarts it with backoff. The HLS playlist survives: the new process
 * appends to it (`append_list`) after an `EXT-X-DISCONTINUITY`, so the media sequence, the DVR
 * window and the program-date-times carry on and a player sees a short gap, not a new stream.
 * The LL-DASH path restarts as a new presentation (new availabilityStartTime, numbers from 1);
 * players re-read the MPD every 2 s (minimumUpdatePeriod) and join the new live edge.
 *
 * Budget: at 25 fps, 720p + 360p with x264 veryfast, the channel's ffmpeg uses about 60% of one
 * core (30 fps would be about 70%), and the ingest about 1% in Node.
 */
import { EventEmitter } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { assertFfmpeg, FfmpegError, parseProgressBlock, spawnFfmpeg } from '../media/ffmpeg.js';
import { exists, reapLeftoverFfmpeg, trackChild } from './ffmpeg-children.js';
import {
  AUDIO_NAME,
  DEFAULT_LIVE_RENDITIONS,
  h264Level,
  LIVE_SEGMENT_SECONDS,
  LL_MANIFEST_NAME,
  liveChannelArgs,
  liveMasterPlaylist,
  mediaPlaylistPath,
  renditionName,
  type LiveRendition,
} from './live-encoder-args.js';

export * from './live-encoder-args.js';

export type LiveChannelStatus = 'starting' | 'running' | 'restarting' | 'stopped';

export interface LiveChannelOptions {
  /** Channel id; also the label's fallback. Ids only: never patient data. */
  id: string;
  /** Short text burned into the picture (top right). */
  label?: string;
  /** Directory the HLS path is written to. The channel owns it: `start()` clears its previous output. */
  outputDir: string;
  /**
   * Where ffmpeg PUTs the LL-DASH output, e.g. `http://127.0.0.1:8080/ingest/or-1/`
   * (the MPD is `manifest.mpd` under it). Required unless `lowLatency` is false.
   */
  ingestUrl?: string;
  /**
   * The MPD's UTCTiming URL, which players use to sync their clock (serve it with
   * `LiveIngestOrigin.handleTime`); default `/time` on the ingest's host. Give the URL players reach.
   */
  timeUrl?: string;
  /** Default 25. */
  frameRate?: number;
  /** Largest first; the source is generated at the first one's size. Default 720p + 360p. */
  renditions?: readonly LiveRendition[];
  /** HLS time-shift window in seconds. Default 660 (11 minutes). */
  dvrWindowSeconds?: number;
  /** Also produce the LL-DASH path. Default true. */
  lowLatency?: boolean;
  /** The MPD's ServiceDescription target latency in seconds. Default 1.5. */
  targetLatencySeconds?: number;
}

/** A runtime failure of the channel, reported as an event; the channel recovers unless `fatal`. */
export interface LiveChannelProblem {
  code: 'ffmpeg-exited' | 'ffmpeg-stalled' | 'ffmpeg-missing' | 'output-failed';
  message: string;
  fatal: boolean;
  cause?: unknown;
}

export interface LiveChannelEventMap {
  status: [status: LiveChannelStatus];
  problem: [problem: LiveChannelProblem];
}

/** Restart delays; the last one repeats. Reset once a process has run for RESET_BACKOFF_MS. */
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
const RESET_BACKOFF_MS = 30_000;
/** A running ffmpeg that reports no progress for this long is killed and restarted. */
const STALL_MS = 10_000;
/** How long `stop()` lets ffmpeg finish its playlists before killing it. */
const STOP_GRACE_MS = 4000;
const LOG_TAIL_BYTES = 4096;
const PID_FILE = '.ffmpeg.pid';


interface ResolvedOptions {
  id: string;
  label: string;
  outputDir: string;
  manifestUrl: string | undefined;
  utcTimingUrl: string | undefined;
  frameRate: number;
  renditions: readonly LiveRendition[];
  dvrWindowSeconds: number;
  targetLatencySeconds: number;
}

function resolveOptions(options: LiveChannelOptions): ResolvedOptions {
  const fail = (message: string): never => {
    throw new TypeError(`LiveChannel: ${message}`);
  };
  if (!options.id || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(options.id)) fail('id must be letters, digits, "-" or "_".');
  if (!options.outputDir) fail('outputDir is required.');
  const frameRate = options.frameRate ?? 25;
  if (!Number.isInteger(frameRate) || frameRate < 1 || frameRate > 60) fail('frameRate must be an integer from 1 to 60.');
  const renditions = options.renditions ?? DEFAULT_LIVE_RENDITIONS;
  if (renditions.length === 0) fail('renditions must list at least one rendition.');
  const names = new Set<string>();
  for (const r of renditions) {
    if (!(r.width > 0 && r.height > 0 && r.width % 2 === 0 && r.height % 2 === 0)) fail('rendition sizes must be positive and even.');
    if (!(r.bitrateKbps > 0)) fail('rendition bitrateKbps must be positive.');
    if (names.has(renditionName(r)) || renditionName(r) === AUDIO_NAME) fail('rendition heights must be unique.');
    names.add(renditionName(r));
    h264Level(r, frameRate);
  }
  const dvrWindowSeconds = options.dvrWindowSeconds ?? 660;
  if (!(dvrWindowSeconds >= LIVE_SEGMENT_SECONDS)) fail(`dvrWindowSeconds must be at least ${LIVE_SEGMENT_SECONDS}.`);
  const targetLatencySeconds = options.targetLatencySeconds ?? 1.5;
  if (!(targetLatencySeconds > 0)) fail('targetLatencySeconds must be positive.');

  let manifestUrl: string | undefined;
  let utcTimingUrl: string | undefined;
  if (options.lowLatency ?? true) {
    if (!options.ingestUrl) fail('ingestUrl is required when lowLatency is on (or set lowLatency: false).');
    let ingest: URL;
    try {
      ingest = new URL(options.ingestUrl!);
    } catch {
      return fail('ingestUrl must be an absolute http:// URL.');
    }
    if (ingest.protocol !== 'http:' || !ingest.pathname.endsWith('/')) fail('ingestUrl must be an http:// URL ending in "/".');
    manifestUrl = new URL(LL_MANIFEST_NAME, ingest).href;
    utcTimingUrl = options.timeUrl ?? new URL('/time', ingest).href;
  }
  return {
    id: options.id,
    label: options.label ?? options.id,
    outputDir: options.outputDir,
    manifestUrl,
    utcTimingUrl,
    frameRate,
    renditions,
    dvrWindowSeconds,
    targetLatencySeconds,
  };
}

export class LiveChannel extends EventEmitter<LiveChannelEventMap> {
  readonly id: string;
  private readonly config: ResolvedOptions;
  private currentStatus: LiveChannelStatus = 'stopped';
  private child: ChildProcess | undefined;
  private childStartedAt = 0;
  private restartAttempt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private masterWritten = false;
  private hasPlaylist = false;
  /** Bumped by start() and stop(), so callbacks of an older run do nothing. */
  private run = 0;

  constructor(options: LiveChannelOptions) {
    super();
    this.config = resolveOptions(options);
    this.id = this.config.id;
  }

  get status(): LiveChannelStatus {
    return this.currentStatus;
  }

  /** Process id of the current ffmpeg, while there is one. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get frameRate(): number {
    return this.config.frameRate;
  }

  get dvrWindowSeconds(): number {
    return this.config.dvrWindowSeconds;
  }

  get renditions(): readonly LiveRendition[] {
    return this.config.renditions;
  }

  /** URL of the LL-DASH manifest as ffmpeg uploads it (undefined without the low-latency path). */
  get manifestUrl(): string | undefined {
    return this.config.manifestUrl;
  }

  /** The HLS master playlist's path. */
  get masterPlaylistPath(): string {
    return join(this.config.outputDir, 'master.m3u8');
  }

  private get pidFile(): string {
    return join(this.config.outputDir, PID_FILE);
  }

  /** The ffmpeg arguments this channel runs with (for diagnostics and docs). */
  ffmpegArgs(appendToPlaylist = false): string[] {
    const c = this.config;
    return liveChannelArgs({
      label: c.label,
      outputDir: c.outputDir,
      frameRate: c.frameRate,
      renditions: c.renditions,
      dvrWindowSeconds: c.dvrWindowSeconds,
      ...(c.manifestUrl ? { manifestUrl: c.manifestUrl } : {}),
      ...(c.utcTimingUrl ? { utcTimingUrl: c.utcTimingUrl } : {}),
      targetLatencySeconds: c.targetLatencySeconds,
      appendToPlaylist,
    });
  }

  /**
   * Starts the channel (a new event: the previous output in `outputDir` is removed). Resolves once
   * ffmpeg is launched; `status` becomes `running` when the first segment is on disk.
   * Throws an FfmpegError when ffmpeg is not installed.
   */
  async start(): Promise<void> {
    if (this.stopping) await this.stopping;
    if (this.currentStatus !== 'stopped') return;
    assertFfmpeg();
    const run = ++this.run;
    this.setStatus('starting');
    const { outputDir } = this.config;
    await mkdir(outputDir, { recursive: true });
    await reapLeftoverFfmpeg(this.pidFile, outputDir);
    await rm(this.masterPlaylistPath, { force: true });
    for (const name of [AUDIO_NAME, ...this.config.renditions.map(renditionName)]) {
      await rm(join(outputDir, name), { recursive: true, force: true });
    }
    if (run !== this.run) return;
    this.masterWritten = false;
    this.hasPlaylist = false;
    this.restartAttempt = 0;
    this.launch(run);
  }

  /** Stops ffmpeg (gracefully, then by force) and resolves once it has exited. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.run++;
    clearTimeout(this.restartTimer);
    clearTimeout(this.stallTimer);
    this.restartTimer = undefined;
    const child = this.child;
    const done = (async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      this.child = undefined;
      await rm(this.pidFile, { force: true });
      this.setStatus('stopped');
    })();
    this.stopping = done.finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private launch(run: number): void {
    const args = this.ffmpegArgs(this.hasPlaylist);
    const child = spawnFfmpeg(args);
    this.child = child;
    trackChild(child);
    if (child.pid) void writeFile(this.pidFile, `${child.pid}\n`).catch(() => undefined);
    this.childStartedAt = Date.now();
    let logTail = '';
    let progressBuffer = '';

    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      progressBuffer += chunk;
      let end: number;
      while ((end = progressBuffer.search(/progress=(continue|end)\n/)) !== -1) {
        const lineEnd = progressBuffer.indexOf('\n', end) + 1;
        const progress = parseProgressBlock(progressBuffer.slice(0, lineEnd));
        progressBuffer = progressBuffer.slice(lineEnd);
        if (progress && run === this.run) this.onProgress(run, child, progress.outTime);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      logTail = (logTail + chunk).slice(-LOG_TAIL_BYTES);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT' || run !== this.run) return;
      // ffmpeg vanished since start() checked it: restarting cannot help.
      this.run++;
      clearTimeout(this.stallTimer);
      if (this.child === child) this.child = undefined;
      this.emit('problem', {
        code: 'ffmpeg-missing',
        message: `channel ${this.id}: ffmpeg was not found; install it or set FFMPEG_PATH.`,
        fatal: true,
      });
      this.setStatus('stopped');
    });
    child.on('close', (code, signal) => {
      if (this.child === child) this.child = undefined;
      clearTimeout(this.stallTimer);
      if (run !== this.run) return;
      const ranFor = Date.now() - this.childStartedAt;
      if (ranFor >= RESET_BACKOFF_MS) this.restartAttempt = 0;
      const delay = BACKOFF_MS[Math.min(this.restartAttempt, BACKOFF_MS.length - 1)]!;
      this.restartAttempt++;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      this.emit('problem', {
        code: 'ffmpeg-exited',
        message: `channel ${this.id}: ffmpeg exited (${how}); restarting in ${delay} ms.`,
        fatal: false,
        cause: new FfmpegError(`ffmpeg exited (${how})`, 'ffmpeg-failed', code, logTail),
      });
      this.setStatus('restarting');
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        if (run === this.run) void this.relaunch(run);
      }, delay);
    });
    this.armStallTimer(run, child);
  }

  private async relaunch(run: number): Promise<void> {
    // Continue the playlist only if one was written; a process that died before its first
    // segment left nothing to append to.
    this.hasPlaylist = await exists(join(this.config.outputDir, mediaPlaylistPath(this.config.renditions[0]!)));
    if (run === this.run) this.launch(run);
  }

  private onProgress(run: number, child: ChildProcess, outTime: number): void {
    this.armStallTimer(run, child);
    if (this.currentStatus === 'running' || outTime < LIVE_SEGMENT_SECONDS) return;
    void this.markRunningWhenPlayable(run, child);
  }

  /** `running` means a player can start: the master and the first media playlist exist. */
  private async markRunningWhenPlayable(run: number, child: ChildProcess): Promise<void> {
    const { outputDir, renditions, frameRate } = this.config;
    if (!(await exists(join(outputDir, mediaPlaylistPath(renditions[0]!))))) return;
    if (!this.masterWritten) {
      try {
        const temp = `${this.masterPlaylistPath}.tmp`;
        await writeFile(temp, liveMasterPlaylist(renditions, frameRate));
        await rename(temp, this.masterPlaylistPath);
        this.masterWritten = true;
      } catch (cause) {
        if (run === this.run) {
          this.emit('problem', {
            code: 'output-failed',
            message: `channel ${this.id}: the master playlist could not be written.`,
            fatal: false,
            cause,
          });
        }
        return;
      }
    }
    if (run === this.run && this.child === child && this.currentStatus !== 'running') this.setStatus('running');
  }

  private armStallTimer(run: number, child: ChildProcess): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      if (run !== this.run || this.child !== child) return;
      this.emit('problem', {
        code: 'ffmpeg-stalled',
        message: `channel ${this.id}: ffmpeg made no progress for ${STALL_MS / 1000} s; restarting it.`,
        fatal: false,
      });
      child.kill('SIGKILL');
    }, STALL_MS);
  }

  private setStatus(status: LiveChannelStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.emit('status', status);
  }
}
