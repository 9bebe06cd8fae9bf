/**
 * The two WebVTT files the seek bar reads: chapters (cue text is the title) and the thumbnail
 * sprite (cue text is `sprite.jpg#xywh=x,y,w,h`, relative to the VTT's URL). Only what those need
 * is parsed: cue timings and text; settings and styling blocks are skipped. Pure, tested in Node.
 */

export interface VttCue {
  start: number;
  end: number;
  text: string;
}

export interface ThumbnailCue {
  start: number;
  end: number;
  /** The sprite image, absolute. */
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const TIMING = /^((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})/;

/** `01:02:03.500` or `02:03.500` in seconds. */
export function parseVttTime(text: string): number {
  const parts = text.replace(',', '.').split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': '\u00a0' };

export function parseVtt(source: string): VttCue[] {
  const cues: VttCue[] = [];
  for (const block of source.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n');
    const timingLine = lines.findIndex((line) => TIMING.test(line));
    if (timingLine < 0) continue;
    const [, start, end] = TIMING.exec(lines[timingLine]!)!;
    const text = lines
      .slice(timingLine + 1)
      .join('\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity]!)
      .trim();
    cues.push({ start: parseVttTime(start!), end: parseVttTime(end!), text });
  }
  return cues;
}

/** Thumbnail cues with their sprite tile; cues without a `#xywh=` fragment are dropped. */
export function parseThumbnails(source: string, baseUrl: string): ThumbnailCue[] {
  return parseVtt(source).flatMap(({ start, end, text }) => {
    const match = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(text);
    if (!match) return [];
    const [, image, x, y, width, height] = match;
    return [{ start, end, url: new URL(image!, baseUrl).href, x: Number(x), y: Number(y), width: Number(width), height: Number(height) }];
  });
}

/** The cue showing at `time` (the last one starting at or before it, if it has not ended). */
export function cueAt<T extends { start: number; end: number }>(cues: readonly T[], time: number): T | undefined {
  let found: T | undefined;
  for (const cue of cues) {
    if (cue.start <= time && time < cue.end) found = cue;
    if (cue.start > time) break;
  }
  return found;
}
