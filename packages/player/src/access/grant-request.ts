/**
 * The one API call the player makes itself: `POST /api/v1/{assets|live}/{id}/grant` on server-kit's
 * API. It is the wire call of @surgery-video/client's `assets.grant` / `live.grant` (bearer token,
 * cookies included so the grant's `Set-Cookie` is stored, `{ error: { code, message } }` on
 * failure), written out here because it is the first request of every player with `api` +
 * `asset`: importing the client on demand put its entry chunk and the chunk it shares with Edit
 * playback (the Edit schemas) in front of that request, two module round trips before playback
 * could start. The player needs nothing else from the client at run time before an Edit is set.
 */
import type { PlaybackGrant } from '@surgery-video/client';

export type GrantKind = 'asset' | 'live';

export interface GrantCredentials {
  token: string | undefined;
  /** Called before each request; wins over `token`. */
  getToken: (() => string | undefined | Promise<string | undefined>) | undefined;
}

/**
 * The API refused the grant or could not be reached. Same fields as the client's ApiError:
 * `status` (0 when no answer came), `code` (the API's stable code, or `network-error`/`http-error`).
 */
export class GrantRequestError extends Error {
  override readonly name = 'GrantRequestError';
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.code = code;
  }
}

/** The grant route of `kind` for `id` under `api` (server-kit's base URL). */
export function grantUrl(api: string, kind: GrantKind, id: string): string {
  if (!/^https?:\/\//.test(api)) throw new TypeError(`api must be an absolute http(s) URL, e.g. "http://127.0.0.1:8080", not "${api}".`);
  return `${api.replace(/\/+$/, '')}/api/v1/${kind === 'live' ? 'live' : 'assets'}/${encodeURIComponent(id)}/grant`;
}

/** Asks the API for a grant of `kind` for `id`. Rejects with a GrantRequestError, or an AbortError when `signal` aborts. */
export async function requestGrant(api: string, kind: GrantKind, id: string, credentials: GrantCredentials, signal: AbortSignal): Promise<PlaybackGrant> {
  const url = grantUrl(api, kind, id);
  const token = credentials.getToken ? await credentials.getToken() : credentials.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, credentials: 'include', signal });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new GrantRequestError(0, 'network-error', `The API at ${api} could not be reached.`, { cause });
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = errorBody(payload);
    throw error
      ? new GrantRequestError(response.status, error.code, error.message)
      : new GrantRequestError(response.status, 'http-error', `POST ${new URL(url).pathname} failed with HTTP ${response.status}.`);
  }
  return payload as PlaybackGrant;
}

/** `{ error: { code, message } }`, the body of every API error. */
function errorBody(payload: unknown): { code: string; message: string } | undefined {
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | null | undefined)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string' ? { code: error.code, message: error.message } : undefined;
}
