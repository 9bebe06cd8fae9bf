/**
 * The text tracks of a case, derived from its catalogue entry: chapters (one cue per procedure
 * phase, from its start to the next phase) and captions (the phase's narration, spread evenly over
 * the phase with a short gap between cues so consecutive lines do not flash into each other).
 */
import type { CaseDefinition } from './case-catalogue.js';
import { writeVtt, type VttCue } from './vtt.js';

export interface CaseChapter {
  title: string;
  /** Seconds. */
  start: number;
  end: number;
}

/** Longest a single caption stays on screen, in seconds. */
const MAX_CAPTION_SECONDS = 6;

export function caseChapters(definition: CaseDefinition): CaseChapter[] {
  return definition.chapters.map((chapter, index) => ({
    title: chapter.title,
    start: chapter.start,
    end: definition.chapters[index + 1]?.start ?? definition.durationSeconds,
  }));
}

export function chaptersVtt(definition: CaseDefinition): string {
  return writeVtt(
    caseChapters(definition).map((chapter, index) => ({
      id: `chapter-${index + 1}`,
      start: chapter.start,
      end: chapter.end,
      text: chapter.title,
    })),
  );
}

export function captionCues(definition: CaseDefinition): VttCue[] {
  const cues: VttCue[] = [];
  caseChapters(definition).forEach((chapter, index) => {
    const lines = definition.chapters[index]?.narration ?? [];
    if (lines.length === 0) return;
    const slot = (chapter.end - chapter.start) / lines.length;
    const gap = Math.min(0.5, slot * 0.1);
    const length = Math.min(MAX_CAPTION_SECONDS, slot - 2 * gap);
    lines.forEach((text, line) => {
      const start = roundMs(chapter.start + line * slot + gap);
      cues.push({ start, end: roundMs(start + length), text });
    });
  });
  return cues;
}

export function captionsVtt(definition: CaseDefinition): string {
  return writeVtt(captionCues(definition));
}

function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
