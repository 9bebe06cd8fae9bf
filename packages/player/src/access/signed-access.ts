/**
 * How the engines sign their requests for one source: a grant and a mode, read at request time.
 * The player swaps the grant in place when it refreshes one, and switches the mode from cookies to
 * the query string when the browser does not send the cookies, so no engine has to be rebuilt to
 * pick up new credentials.
 */
import type { PlaybackGrant } from '@surgery-video/client';
import { resourceCovers, withSignedQuery } from './signed-query.js';

/**
 * `auto`: with a grant, use its cookies and fall back to its query string when they are not sent;
 * `cookies`: always send credentials (also without a grant: the portal may set the cookies itself);
 * `query`: append the grant's query string to every URL it covers.
 */
export type GrantMode = 'auto' | 'cookies' | 'query';

export const GRANT_MODES: readonly GrantMode[] = ['auto', 'cookies', 'query'];

export class SignedAccess {
  grant: PlaybackGrant | undefined;
  mode: GrantMode;

  constructor(grant: PlaybackGrant | undefined, mode: GrantMode) {
    this.grant = grant;
    this.mode = mode;
  }

  /** Whether the signature travels in the URL (rather than in cookies). */
  get usesQuery(): boolean {
    return this.mode === 'query' && this.grant !== undefined;
  }

  /** Whether a request to `url` should carry cookies (`withCredentials`, `credentials: 'include'`). */
  sendsCredentials(url: string): boolean {
    if (this.mode === 'cookies') return this.grant === undefined || this.covers(url);
    return this.mode === 'auto' && this.grant !== undefined && this.covers(url);
  }

  /** `url` as it should be requested: with the current signature when the query string is used. */
  sign(url: string): string {
    return this.usesQuery && this.covers(url) ? withSignedQuery(url, this.grant!.query) : url;
  }

  covers(url: string): boolean {
    return this.grant !== undefined && resourceCovers(this.grant.resource, url);
  }
}
