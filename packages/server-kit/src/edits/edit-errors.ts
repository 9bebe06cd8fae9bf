/** The API errors of the edits resource, each with the status and code the contract names. */
import type { EditIssue } from '@surgery-video/client';
import { HttpError, json } from '../api/json-response.js';

/** 400 naming the first field at fault (`segments[2].end`), with how many more there are. */
export function invalidEdit(issues: readonly EditIssue[]): HttpError {
  const [first] = issues;
  if (!first) return new HttpError(400, 'invalid-edit', 'The edit is not valid.');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return new HttpError(400, 'invalid-edit', `${first.message} [${first.rule}]${more}`, first.path || undefined);
}

/** 409 `version-conflict`: the body also carries `currentVersion`, and the ETag header is the current version. */
export class VersionConflictHttpError extends HttpError {
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(409, 'version-conflict', message, 'version');
  }

  override toResponse(): Response {
    const body = { error: { code: this.code, message: this.message, field: 'version', currentVersion: this.currentVersion } };
    return json(body, { status: 409, headers: { etag: etagOf(this.currentVersion) } });
  }
}

/** 409 `invalid-transition`: the message names the edit's current status and the statuses the action needs. */
export function invalidTransition(message: string): HttpError {
  return new HttpError(409, 'invalid-transition', message);
}

/** An Edit's ETag is its version, quoted as HTTP wants. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The version in an `If-Match` header (`"3"`, `W/"3"` or `3`); `undefined` when absent, a 400 when unreadable. */
export function versionOfIfMatch(header: string | null): number | undefined {
  if (header === null) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) throw new HttpError(400, 'invalid-if-match', 'If-Match must be the edit\'s ETag, its version such as "3".', 'If-Match');
  return Number(match[1]);
}
