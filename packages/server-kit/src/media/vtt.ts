/**
 * WebVTT writing, kept pure so that what players parse is pinned by unit tests.
 *
 * Two kinds of track come out of here. Text tracks (captions, chapters) carry cue text, in which
 * `&`, `<` and `>` are markup and must be escaped. Metadata tracks (thumbnails) carry a payload
 * that players read verbatim from `cue.text`, so escaping would corrupt it (`&amp;` in a URL);
 * their payload is checked instead. Either way a cue may never contain a blank line or `-->`,
 * which would end the cue early or start a bogus one.
 */

export interface VttCue {
  /** Seconds. */
  start: number;
  /** Seconds, greater than `start`. */
  end: number;
  text: string;
  /** Optional cue identifier (no line breaks, no `-->`). */
  id?: string;
}

export interface WriteVttOptions {
  /** `text` (default) escapes cue text; `metadata` writes payloads verbatim after checking them. */
  kind?: 'text' | 'metadata';
}

/** `HH:MM:SS.mmm`, rounded to the millisecond; hours grow past two digits when needed. */
export function formatVttTimestamp(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`A WebVTT timestamp must be a finite number of seconds >= 0, not ${seconds}.`);
  }
  const totalMs = Math.round(seconds * 1000);
  const ms = totalMs % 1000;
  const totalSeconds = (totalMs - ms) / 1000;
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms, 3)}`;
}

/**
 * Escapes cue text: markup characters become entities, line breaks are normalised to `\n` and
 * blank lines are folded, since a blank line ends a cue.
 */
export function escapeVttText(text: string): string {
  return normaliseLines(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The whole file: `WEBVTT`, a blank line, then one block per cue. Cues must be in start order. */
export function writeVtt(cues: readonly VttCue[], options: WriteVttOptions = {}): string {
  const kind = options.kind ?? 'text';
  const blocks = cues.map((cue, index) => {
    if (!(cue.end > cue.start)) {
      throw new RangeError(`WebVTT cue ${index} ends (${cue.end}) at or before it starts (${cue.start}).`);
    }
    const previous = index > 0 ? cues[index - 1] : undefined;
    if (previous && cue.start < previous.start) {
      throw new RangeError(`WebVTT cue ${index} starts (${cue.start}) before cue ${index - 1} (${previous.start}); sort cues by start.`);
    }
    const lines: string[] = [];
    if (cue.id !== undefined) {
      if (cue.id === '' || /[\r\n]/.test(cue.id) || cue.id.includes('-->')) {
        throw new RangeError(`WebVTT cue ${index} id must be one non-empty line without "-->".`);
      }
      lines.push(cue.id);
    }
    lines.push(`${formatVttTimestamp(cue.start)} --> ${formatVttTimestamp(cue.end)}`);
    const payload = kind === 'text' ? escapeVttText(cue.text) : checkedPayload(cue.text, index);
    if (payload !== '') lines.push(payload);
    return lines.join('\n');
  });
  return ['WEBVTT', ...blocks].join('\n\n') + '\n';
}

function checkedPayload(payload: string, index: number): string {
  const text = normaliseLines(payload);
  if (text.includes('-->')) throw new RangeError(`WebVTT metadata cue ${index} payload must not contain "-->".`);
  return text;
}

function normaliseLines(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
  return lines.join('\n');
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
