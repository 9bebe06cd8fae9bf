/**
 * Turns a failed media request into a message that says what to change. The local edge (and a
 * CloudFront distribution configured like it) answers a refusal with 403 and an `x-edge-reason`
 * header that CORS exposes to the page; a browser that blocks a response for CORS gives status 0,
 * which a `no-cors` probe tells apart from a server that cannot be reached at all.
 */
import type { PlayerErrorDetail } from '../errors/player-error.js';
import type { SignedAccess } from './signed-access.js';

export interface HttpFailure {
  url: string;
  /** 0 when the browser gave no status (network failure or CORS). */
  status: number;
  /** The `x-edge-reason` response header, when there was one. */
  edgeReason: string | null;
  cause?: unknown;
}

/** What each edge refusal means for the page, after "Access denied: ". */
const REFUSALS: Record<string, string> = {
  'missing-signature': 'no signature: pass api + asset (the player asks for a playback grant) or a signed src',
  expired:
    'the playback grant expired: the player refreshes grants it gets through api + asset; a grant set through the `grant` property must be replaced before its expiresAt',
  'not-yet-valid': "the playback grant is not valid yet: check this device's clock",
  'resource-mismatch': 'the playback grant does not cover this URL: ask for a grant for this asset',
  'bad-signature': 'the signature does not match: use the grant exactly as the API returned it',
  'unknown-key-pair': 'the grant was signed with a key the media edge does not trust: ask the API for a new grant',
  'malformed-policy': 'the signed policy cannot be read: ask the API for a new grant',
  'ip-mismatch': 'the playback grant is bound to another network address: ask for a grant from this network',
};

/**
 * The error for an HTTP failure with a status, or `undefined` when it is worth retrying
 * (5xx, 408, 429) or needs a probe (status 0: see `diagnoseUnreachable`).
 */
export function diagnoseHttpFailure(failure: HttpFailure, access?: SignedAccess): PlayerErrorDetail | undefined {
  const { status, edgeReason, cause } = failure;
  const where = describeUrl(failure.url);
  if (status === 401 || status === 403) {
    if (edgeReason === 'missing-signature' && access?.grant && !access.usesQuery) {
      return {
        code: 'cookies-not-sent',
        message:
          `The browser did not send the playback grant's cookies to ${originOf(failure.url)} (third-party cookies ` +
          `blocked, or the media is served from another site than this page). Serve the media from this page's site, ` +
          `or set grant-mode="query" to sign every URL instead (${where}).`,
        fatal: true,
        cause,
      };
    }
    const fix = (edgeReason && REFUSALS[edgeReason]) ?? 'the media server refused this request: check the playback grant';
    return {
      code: 'access-denied',
      message: `Access denied: ${fix} (HTTP ${status}${edgeReason ? `, ${edgeReason}` : ''}, ${where}).`,
      fatal: true,
      cause,
    };
  }
  if (status === 404 || status === 410) {
    return { code: 'not-found', message: `There is no media at ${where} (HTTP ${status}): check src or the asset id.`, fatal: true, cause };
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { code: 'network-error', message: `The media server refused ${where} with HTTP ${status}.`, fatal: true, cause };
  }
  return undefined;
}

/**
 * For a request that got no status: a `no-cors` probe of the same URL succeeds when the server
 * answered but the browser hid the answer (CORS), and fails when nothing answered.
 */
export async function diagnoseUnreachable(url: string, cause?: unknown): Promise<PlayerErrorDetail> {
  const origin = originOf(url);
  try {
    await fetch(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
    return {
      code: 'cors-blocked',
      message:
        `The media server at ${origin} answered, but does not allow this page (${location.origin}) to read it (CORS). ` +
        `Add ${location.origin} to the origins the media edge allows (${describeUrl(url)}).`,
      fatal: true,
      cause,
    };
  } catch {
    return {
      code: 'network-error',
      message: `The media server at ${origin} could not be reached: check the network connection and the src URL.`,
      fatal: true,
      cause,
    };
  }
}

/** A URL for messages: never its query string, which may hold a signature. */
export function describeUrl(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? url;
}

function originOf(url: string): string {
  try {
    return new URL(url, globalThis.location?.href).origin;
  } catch {
    return describeUrl(url);
  }
}
