/**
 * One way to run ffmpeg: a child process whose `-progress` output becomes progress callbacks and
 * whose failure becomes an error that carries the tail of ffmpeg's log (never the command's
 * inputs, which may name files). Media generation, the live channel and the embedded transcoder
 * all go through here, so "ffmpeg is missing" is reported the same way everywhere.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface FfmpegProgress {
  /** Seconds of output written so far. */
  outTime: number;
  /** 0..1 when the expected duration is known, else NaN. */
  fraction: number;
  /** Encoding speed as a multiple of real time (NaN until ffmpeg reports it). */
  speed: number;
  done: boolean;
}

export interface RunFfmpegOptions {
  /** Expected output duration in seconds, used to turn out_time into a fraction. */
  durationSeconds?: number;
  onProgress?: (progress: FfmpegProgress) => void;
  signal?: AbortSignal;
  cwd?: string;
  /** Defaults to `FFMPEG_PATH` or `ffmpeg` on the PATH. */
  ffmpegPath?: string;
}

export class FfmpegError extends Error {
  override readonly name = 'FfmpegError';
  constructor(
    message: string,
    readonly code: 'ffmpeg-missing' | 'ffmpeg-failed' | 'aborted',
    readonly exitCode: number | null,
    readonly logTail: string,
  ) {
    super(message);
  }
}

const LOG_TAIL_BYTES = 4096;

export function ffmpegPath(explicit?: string): string {
  return explicit ?? process.env['FFMPEG_PATH'] ?? 'ffmpeg';
}

/** The `ffmpeg -version` first line, or undefined when ffmpeg cannot be run. */
export function ffmpegVersion(explicit?: string): string | undefined {
  const result = spawnSync(ffmpegPath(explicit), ['-hide_banner', '-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.split('\n', 1)[0];
}

/** Throws an FfmpegError that says how to install ffmpeg when it is not there. */
export function assertFfmpeg(explicit?: string): string {
  const version = ffmpegVersion(explicit);
  if (!version) {
    throw new FfmpegError(
      `ffmpeg was not found (${ffmpegPath(explicit)}). Install it: "apt-get install ffmpeg" on Debian/Ubuntu, ` +
        '"brew install ffmpeg" on macOS, or set FFMPEG_PATH to an ffmpeg 5.1 or newer binary.',
      'ffmpeg-missing',
      null,
      '',
    );
  }
  return version;
}

/** Parses the key=value blocks of `-progress pipe:1` (pure, exported for tests). */
export function parseProgressBlock(block: string, durationSeconds?: number): FfmpegProgress | undefined {
  const fields = new Map<string, string>();
  for (const line of block.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const state = fields.get('progress');
  if (!state) return undefined;
  const micros = Number(fields.get('out_time_us') ?? fields.get('out_time_ms'));
  const outTime = Number.isFinite(micros) && micros > 0 ? micros / 1e6 : 0;
  const speed = Number.parseFloat(fields.get('speed') ?? '');
  const done = state === 'end';
  const fraction =
    durationSeconds && durationSeconds > 0 ? (done ? 1 : Math.min(1, outTime / durationSeconds)) : Number.NaN;
  return { outTime, fraction, speed: Number.isFinite(speed) ? speed : Number.NaN, done };
}

/** Starts ffmpeg and returns the child; callers that supervise long-running ffmpeg use this. */
export function spawnFfmpeg(args: readonly string[], options: Pick<RunFfmpegOptions, 'cwd' | 'ffmpegPath'> = {}): ChildProcess {
  return spawn(ffmpegPath(options.ffmpegPath), ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs ffmpeg to completion, reporting progress; rejects with an FfmpegError on failure. */
export function runFfmpeg(args: readonly string[], options: RunFfmpegOptions = {}): Promise<void> {
  const { durationSeconds, onProgress, signal } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const child = spawnFfmpeg(['-progress', 'pipe:1', '-nostats', ...args], options);
    let stdoutBuffer = '';
    let logTail = '';
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdoutBuffer += chunk;
      let end: number;
      // Each report ends with a `progress=continue|end` line.
      while ((end = stdoutBuffer.search(/progress=(continue|end)\n/)) !== -1) {
        const lineEnd = stdoutBuffer.indexOf('\n', end) + 1;
        const progress = parseProgressBlock(stdoutBuffer.slice(0, lineEnd), durationSeconds);
        stdoutBuffer = stdoutBuffer.slice(lineEnd);
        if (progress) onProgress?.(progress);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      logTail = (logTail + chunk).slice(-LOG_TAIL_BYTES);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      reject(
        error.code === 'ENOENT'
          ? new FfmpegError(
              `ffmpeg was not found (${ffmpegPath(options.ffmpegPath)}); install it or set FFMPEG_PATH.`,
              'ffmpeg-missing',
              null,
              '',
            )
          : error,
      );
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(abortError());
      else if (code === 0) resolve();
      else reject(new FfmpegError(`ffmpeg exited with code ${code}: ${lastLine(logTail)}`, 'ffmpeg-failed', code, logTail));
    });
  });
}

function abortError(): FfmpegError {
  return new FfmpegError('ffmpeg was aborted', 'aborted', null, '');
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? 'no output';
}
