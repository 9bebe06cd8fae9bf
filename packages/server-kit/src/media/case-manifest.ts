/**
 * `case.json`: what a generated case folder holds, written last so that its presence means the
 * folder is complete. It is read back on every start to decide whether the case must be made
 * again, so it is parsed whole here: any field that is missing or of the wrong type makes the
 * folder count as not generated, never as half-usable.
 */
import { createHash } from 'node:crypto';
import type { CaseChapter } from './case-text-tracks.js';

/** Bump when the files a case folder holds, or how they are made, change. */
export const GENERATOR_VERSION = 1;

export interface RecordedCaseRendition {
  id: string;
  width: number;
  height: number;
  /** Bits per second, as announced in the HLS master (video + audio). */
  bandwidth: number;
}

export interface RecordedCaseFiles {
  /** HLS master playlist. */
  hls: string;
  /** DASH manifest over the same segments. */
  dash: string;
  /** WebVTT metadata track pointing into the thumbnail sprite. */
  thumbnails: string;
  /** WebVTT captions (English narration). */
  captions: string;
  /** WebVTT chapters: one cue per procedure phase. */
  chapters: string;
  poster: string;
}

/** A generated case, as stored in `<dataDir>/media/vod/<id>/case.json`. File names are relative to that folder. */
export interface RecordedCase {
  id: string;
  title: string;
  specialty?: string;
  durationSeconds: number;
  frameRate: number;
  frameCount: number;
  renditions: RecordedCaseRendition[];
  files: RecordedCaseFiles;
  chapters: CaseChapter[];
  generator: { version: number; paramsHash: string };
  /** ISO 8601. */
  generatedAt: string;
}

/** A short stable hash of generation parameters: key order does not matter. */
export function paramsHash(params: unknown): string {
  return createHash('sha256').update(canonicalJson(params)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Parses stored JSON; throws a TypeError naming the first bad field. */
export function parseRecordedCase(value: unknown): RecordedCase {
  const root = object(value, 'case.json');
  const files = object(root['files'], 'files');
  const generator = object(root['generator'], 'generator');
  const parsed: RecordedCase = {
    id: string(root['id'], 'id'),
    title: string(root['title'], 'title'),
    durationSeconds: number(root['durationSeconds'], 'durationSeconds'),
    frameRate: number(root['frameRate'], 'frameRate'),
    frameCount: number(root['frameCount'], 'frameCount'),
    renditions: array(root['renditions'], 'renditions').map((entry, index) => {
      const rendition = object(entry, `renditions[${index}]`);
      return {
        id: string(rendition['id'], `renditions[${index}].id`),
        width: number(rendition['width'], `renditions[${index}].width`),
        height: number(rendition['height'], `renditions[${index}].height`),
        bandwidth: number(rendition['bandwidth'], `renditions[${index}].bandwidth`),
      };
    }),
    files: {
      hls: fileName(files['hls'], 'files.hls'),
      dash: fileName(files['dash'], 'files.dash'),
      thumbnails: fileName(files['thumbnails'], 'files.thumbnails'),
      captions: fileName(files['captions'], 'files.captions'),
      chapters: fileName(files['chapters'], 'files.chapters'),
      poster: fileName(files['poster'], 'files.poster'),
    },
    chapters: array(root['chapters'], 'chapters').map((entry, index) => {
      const chapter = object(entry, `chapters[${index}]`);
      return {
        title: string(chapter['title'], `chapters[${index}].title`),
        start: number(chapter['start'], `chapters[${index}].start`),
        end: number(chapter['end'], `chapters[${index}].end`),
      };
    }),
    generator: {
      version: number(generator['version'], 'generator.version'),
      paramsHash: string(generator['paramsHash'], 'generator.paramsHash'),
    },
    generatedAt: string(root['generatedAt'], 'generatedAt'),
  };
  if (root['specialty'] !== undefined) parsed.specialty = string(root['specialty'], 'specialty');
  return parsed;
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${field} must be an object.`);
  return value as Record<string, unknown>;
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${field} must be an array.`);
  return value;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new TypeError(`${field} must be a string.`);
  return value;
}

function number(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${field} must be a finite number.`);
  return value;
}

/** A plain file name inside the case folder: no separators, no `..`. */
function fileName(value: unknown, field: string): string {
  const name = string(value, field);
  if (name === '' || name === '.' || name === '..' || /[\\/]/.test(name)) throw new TypeError(`${field} must be a file name inside the case folder.`);
  return name;
}
