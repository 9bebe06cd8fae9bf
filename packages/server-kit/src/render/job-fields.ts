/**
 * Readers of a job description's JSON fields: each returns the value typed, or throws a TypeError
 * naming where in the job (`at`) the value is wrong. Shared by the embedded transcoder's reading of
 * a job and the MediaConvert adapter's checks, so both refuse a job with the same words.
 */
export type Json = Record<string, unknown>;

export function object(value: unknown, at: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${at}: must be an object.`);
  return value as Json;
}

export function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${at}: must be a list.`);
  return value;
}

export function string(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${at}: must be a non-empty string.`);
  return value;
}
