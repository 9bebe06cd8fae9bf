/**
 * The recorded cases of the local stack, made on this machine so nothing is downloaded.
 *
 * Each case is one ffmpeg encode and one quick image run (case-encode.ts), then pure packaging:
 * captions, chapters and thumbnail tracks, and what players need added to the HLS master and MPD.
 * Generation is all-or-nothing: a case is built in a hidden sibling folder and renamed into place
 * only when `case.json` has been written, so an interrupted run (error, abort, Ctrl-C, crash)
 * never leaves a folder that a later run, or the edge, takes for a finished case. `case.json`
 * records the generator version and a hash of every parameter, so a second start reuses the
 * folder without touching it, and a changed catalogue entry or encoder setting regenerates it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { assertCaseDefinition, CASE_CATALOGUE, findCase, type CaseDefinition } from './case-catalogue.js';
import { CASE_FILES, caseEncodePlan, DEFAULT_ENCODE_SETTINGS, type VodEncodeSettings } from './case-encode.js';
import { GENERATOR_VERSION, paramsHash, parseRecordedCase, type RecordedCase } from './case-manifest.js';
import { caseChapters, captionsVtt, chaptersVtt } from './case-text-tracks.js';
import { decorateMpd } from './dash-mpd.js';
import { runFfmpeg } from './ffmpeg.js';
import { decorateMasterPlaylist, parseMasterPlaylist, subtitlesPlaylist } from './hls-master.js';
import { thumbnailsVtt } from './thumbnail-sprite.js';

export type { RecordedCase, RecordedCaseFiles, RecordedCaseRendition } from './case-manifest.js';
export type { CaseDefinition, CaseChapterDefinition } from './case-catalogue.js';
export type { CaseChapter } from './case-text-tracks.js';
export { CASE_CATALOGUE } from './case-catalogue.js';

export type RecordedCaseStage = 'cached' | 'encoding' | 'packaging' | 'done';

export interface RecordedCaseProgress {
  caseId: string;
  stage: RecordedCaseStage;
  /**
   * 0..1. From `generateCase`: this case. From `ensureRecordedCases`: all the cases of the call
   * together, weighted by duration, so one progress bar can follow it.
   */
  fraction: number;
  /** 0..1 for this case alone. */
  caseFraction: number;
}

export interface GenerateCaseOptions {
  onProgress?: (progress: RecordedCaseProgress) => void;
  signal?: AbortSignal;
  /** Overrides of the encoding settings (they are part of the cache key). */
  settings?: Partial<VodEncodeSettings>;
  ffmpegPath?: string;
}

export interface EnsureRecordedCasesOptions extends Omit<GenerateCaseOptions, 'onProgress'> {
  /** Cases are written to `<dataDir>/media/vod/<caseId>/`. */
  dataDir: string;
  /** Catalogue ids or full definitions; default: the whole catalogue. */
  cases?: readonly (string | CaseDefinition)[];
  onProgress?: (progress: RecordedCaseProgress) => void;
  /** Cases generated at the same time (default: 2 on machines with 2 or more cores). */
  concurrency?: number;
}

/** Share of a case's progress given to the encode; packaging takes the rest. */
const ENCODE_SHARE = 0.95;

export function recordedCasesDir(dataDir: string): string {
  return join(dataDir, 'media', 'vod');
}

/** The settings and the cache key a definition would be generated with. */
export function generationParams(definition: CaseDefinition, overrides: Partial<VodEncodeSettings> = {}): { settings: VodEncodeSettings; hash: string } {
  const settings: VodEncodeSettings = { ...DEFAULT_ENCODE_SETTINGS, ...overrides };
  return { settings, hash: paramsHash({ version: GENERATOR_VERSION, definition, settings }) };
}

/**
 * Generates one case into `outDir` (created if missing; must be empty if it exists). On failure
 * or abort, what was written is removed: the folder too when this call created it. Callers that
 * need the all-or-nothing swap into a served folder use `ensureRecordedCases`.
 */
export async function generateCase(definition: CaseDefinition, outDir: string, options: GenerateCaseOptions = {}): Promise<RecordedCase> {
  assertCaseDefinition(definition);
  const { signal } = options;
  signal?.throwIfAborted();
  const { settings, hash } = generationParams(definition, options.settings);
  const plan = caseEncodePlan(definition, settings);
  const report = (stage: RecordedCaseStage, fraction: number) =>
    options.onProgress?.({ caseId: definition.id, stage, fraction, caseFraction: fraction });

  const created = (await mkdir(outDir, { recursive: true })) !== undefined;
  if (!created && (await readdir(outDir)).length > 0) throw new Error(`generateCase needs an empty folder; ${outDir} is not empty.`);
  try {
    report('encoding', 0);
    await runFfmpeg(plan.args, {
      cwd: outDir,
      durationSeconds: definition.durationSeconds,
      ...(signal ? { signal } : {}),
      ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
      onProgress: (progress) => {
        if (Number.isFinite(progress.fraction)) report('encoding', progress.fraction * ENCODE_SHARE);
      },
    });
    signal?.throwIfAborted();
    report('packaging', ENCODE_SHARE);
    await runFfmpeg(plan.imageArgs, {
      cwd: outDir,
      ...(signal ? { signal } : {}),
      ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
    });
    report('packaging', ENCODE_SHARE + (1 - ENCODE_SHARE) / 2);

    const write = (name: string, text: string) => writeFile(join(outDir, name), text, 'utf8');
    await write(CASE_FILES.captions, captionsVtt(definition));
    await write(CASE_FILES.chapters, chaptersVtt(definition));
    await write(CASE_FILES.thumbnails, thumbnailsVtt(plan.sprite, CASE_FILES.thumbnailSprite));
    await write(CASE_FILES.captionsPlaylist, subtitlesPlaylist({ uri: CASE_FILES.captions, durationSeconds: definition.durationSeconds }));

    const master = decorateMasterPlaylist(await readFile(join(outDir, CASE_FILES.hls), 'utf8'), {
      frameRate: definition.frameRate,
      subtitles: { groupId: 'subs', name: 'English', language: 'en', uri: CASE_FILES.captionsPlaylist },
    });
    await write(CASE_FILES.hls, master);
    const mpd = decorateMpd(await readFile(join(outDir, CASE_FILES.dash), 'utf8'), {
      frameRate: definition.frameRate,
      textTracks: [{ id: 'captions-en', language: 'en', label: 'English', uri: CASE_FILES.captions, role: 'subtitle' }],
    });
    await write(CASE_FILES.dash, mpd);

    const variants = parseMasterPlaylist(master).variants;
    const renditions = settings.renditions.map((rendition) => {
      const variant = variants.find((entry) => entry.width === rendition.width && entry.height === rendition.height);
      if (!variant) throw new Error(`ffmpeg wrote no ${rendition.width}x${rendition.height} variant for ${definition.id}.`);
      return { id: rendition.id, width: rendition.width, height: rendition.height, bandwidth: variant.bandwidth };
    });

    const recorded: RecordedCase = {
      id: definition.id,
      title: definition.title,
      ...(definition.specialty === undefined ? {} : { specialty: definition.specialty }),
      durationSeconds: definition.durationSeconds,
      frameRate: definition.frameRate,
      frameCount: definition.durationSeconds * definition.frameRate,
      renditions,
      files: {
        hls: CASE_FILES.hls,
        dash: CASE_FILES.dash,
        thumbnails: CASE_FILES.thumbnails,
        captions: CASE_FILES.captions,
        chapters: CASE_FILES.chapters,
        poster: CASE_FILES.poster,
      },
      chapters: caseChapters(definition),
      generator: { version: GENERATOR_VERSION, paramsHash: hash },
      generatedAt: new Date().toISOString(),
    };
    // Last: its presence marks the folder complete.
    await write(CASE_FILES.caseJson, `${JSON.stringify(recorded, null, 2)}\n`);
    report('done', 1);
    return recorded;
  } catch (error) {
    if (created) await rm(outDir, { recursive: true, force: true });
    else await Promise.all((await readdir(outDir)).map((name) => rm(join(outDir, name), { recursive: true, force: true })));
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

/**
 * Makes sure every case exists under `<dataDir>/media/vod/`, generating only those that are
 * missing or were made by another generator version or with other parameters. Resolves with the
 * cases in the order asked for. On error or abort, cases still being generated are stopped and
 * leave nothing behind; cases already completed stay.
 */
export async function ensureRecordedCases(options: EnsureRecordedCasesOptions): Promise<RecordedCase[]> {
  const definitions = (options.cases ?? CASE_CATALOGUE).map((entry) => (typeof entry === 'string' ? findCase(entry) : entry));
  definitions.forEach(assertCaseDefinition);
  const ids = new Set<string>();
  for (const definition of definitions) {
    if (ids.has(definition.id)) throw new Error(`Case "${definition.id}" is listed twice.`);
    ids.add(definition.id);
  }
  const concurrency = options.concurrency ?? Math.min(2, availableParallelism());
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number >= 1, not ${concurrency}.`);
  options.signal?.throwIfAborted();

  const vodDir = recordedCasesDir(options.dataDir);
  await mkdir(vodDir, { recursive: true });

  // Overall progress: each case weighs its duration.
  const total = definitions.reduce((sum, definition) => sum + definition.durationSeconds, 0);
  const done = new Map<string, number>();
  const report = (caseId: string, stage: RecordedCaseStage, caseFraction: number, weight: number) => {
    done.set(caseId, caseFraction * weight);
    const fraction = [...done.values()].reduce((sum, value) => sum + value, 0) / total;
    options.onProgress?.({ caseId, stage, fraction: Math.min(1, fraction), caseFraction });
  };

  // One failure stops the others, so that the call settles with nothing half-made.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const results: RecordedCase[] = new Array(definitions.length);
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < definitions.length && !signal.aborted) {
      const index = next++;
      const definition = definitions[index]!;
      try {
        results[index] = await ensureCase(definition, vodDir, {
          ...options,
          signal,
          onProgress: (progress) => report(definition.id, progress.stage, progress.caseFraction, definition.durationSeconds),
        });
      } catch (error) {
        firstError ??= error;
        stop.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, definitions.length) }, worker));
  if (options.signal?.aborted) throw options.signal.reason;
  if (firstError !== undefined) throw firstError;
  return results;
}

async function ensureCase(definition: CaseDefinition, vodDir: string, options: GenerateCaseOptions): Promise<RecordedCase> {
  const caseDir = join(vodDir, definition.id);
  const { hash } = generationParams(definition, options.settings);
  const existing = await readCompleteCase(caseDir, hash);
  if (existing) {
    options.onProgress?.({ caseId: definition.id, stage: 'cached', fraction: 1, caseFraction: 1 });
    return existing;
  }

  await removeAbandoned(vodDir, definition.id);
  const temp = join(vodDir, `.${definition.id}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  const recorded = await generateCase(definition, temp, options);
  try {
    await rename(temp, caseDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EISDIR') {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    // A folder is in the way: an outdated case, or one a concurrent run has just finished.
    const current = await readCompleteCase(caseDir, hash);
    if (current) {
      await rm(temp, { recursive: true, force: true });
      return current;
    }
    const stale = join(vodDir, `.${definition.id}.stale-${process.pid}-${randomBytes(4).toString('hex')}`);
    await rename(caseDir, stale);
    await rename(temp, caseDir);
    await rm(stale, { recursive: true, force: true });
  }
  return recorded;
}

/** The stored case when its folder is complete and was made with these parameters. */
async function readCompleteCase(caseDir: string, hash: string): Promise<RecordedCase | undefined> {
  let recorded: RecordedCase;
  try {
    recorded = parseRecordedCase(JSON.parse(await readFile(join(caseDir, CASE_FILES.caseJson), 'utf8')));
  } catch {
    return undefined;
  }
  if (recorded.generator.version !== GENERATOR_VERSION || recorded.generator.paramsHash !== hash) return undefined;
  const present = await Promise.all(
    Object.values(recorded.files).map((name) =>
      stat(join(caseDir, name)).then(
        (entry) => entry.isFile(),
        () => false,
      ),
    ),
  );
  return present.every(Boolean) ? recorded : undefined;
}

/** Removes temp folders of this case left by runs that died (their process is gone). */
async function removeAbandoned(vodDir: string, caseId: string): Promise<void> {
  const pattern = new RegExp(`^\\.${caseId.replace(/[-]/g, '\\-')}\\.(?:partial|stale)-(\\d+)-[0-9a-f]+$`);
  for (const name of await readdir(vodDir)) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isProcessAlive(pid)) {
      await rm(join(vodDir, name), { recursive: true, force: true });
    }
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
