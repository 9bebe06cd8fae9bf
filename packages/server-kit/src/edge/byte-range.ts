/**
 * The `Range` request header, single ranges only (RFC 9110 section 14). Players ask for one range
 * at a time; a multi-range request is answered with the whole object, which the RFC allows, and a
 * header that cannot be parsed is ignored the same way.
 */
import type { ByteRange } from './media-origin.js';

export type RangeRequest = ByteRange | 'unsatisfiable' | undefined;

/** The range to send for `header` over an object of `size` bytes; `undefined` means send it all. */
export function parseByteRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return undefined;
  const eq = header.indexOf('=');
  if (eq === -1 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return undefined;
  const spec = header.slice(eq + 1).trim();
  if (spec.includes(',')) return undefined;
  const dash = spec.indexOf('-');
  if (dash === -1) return undefined;
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === '') {
    // bytes=-n: the last n bytes.
    if (!isDigits(last)) return undefined;
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  if (!isDigits(first) || (last !== '' && !isDigits(last))) return undefined;
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}

function isDigits(text: string): boolean {
  return /^\d{1,16}$/.test(text);
}
