/**
 * Turns "user U may watch entry E" into a PlaybackGrant: one CloudFront custom policy over the
 * entry's folder (`<edge>/media/vod/<id>/*`), handed out both as signed cookies and as a query
 * string, so players can pick whichever their network path allows (DESIGN: prefer cookies; the
 * query form survives third-party-cookie blocking). Grants are short-lived by design: players
 * refresh them, and a leaked one opens a single asset for minutes.
 */
import type { PlaybackGrant, PlaybackSources } from '@surgery-video/client';
import type { CatalogueEntry, PlayableFiles } from '../catalogue/media-catalogue.js';

export interface GrantSigner {
  signCookies(options: { resource: string; expiresAt: Date }): Record<string, string>;
  signQuery(options: { resource: string; expiresAt: Date }): string;
}

export interface IssueGrantOptions {
  entry: CatalogueEntry<{ id: string }>;
  kind: PlaybackGrant['kind'];
  /** The origin players reach the edge at, e.g. `https://d111.cloudfront.net`. */
  edgeOrigin: string;
  signer: GrantSigner;
  ttlSeconds: number;
  now?: number;
}

export const DEFAULT_GRANT_TTL_SECONDS = 10 * 60;
/** A day: a grant is a short-lived key to one asset, refreshed by players; longer is a standing key. */
export const MAX_GRANT_TTL_SECONDS = 24 * 60 * 60;

/**
 * `value` as a grant lifetime, or a TypeError naming `name` (the option that carried it): whole
 * seconds (CloudFront policies carry epoch seconds), at least 1, at most MAX_GRANT_TTL_SECONDS.
 */
export function checkGrantTtlSeconds(value: unknown, name = 'grantTtlSeconds'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_GRANT_TTL_SECONDS) {
    throw new TypeError(
      `${name} must be a whole number of seconds from 1 to ${MAX_GRANT_TTL_SECONDS} (a day), not ${JSON.stringify(value) ?? String(value)}; the default is ${DEFAULT_GRANT_TTL_SECONDS}.`,
    );
  }
  return value;
}

export function issueGrant(options: IssueGrantOptions): PlaybackGrant {
  const { entry, kind, signer, ttlSeconds } = options;
  const edgeOrigin = options.edgeOrigin.replace(/\/+$/, '');
  // Whole seconds: CloudFront policies carry epoch seconds.
  const expiresAt = new Date(Math.floor((options.now ?? Date.now()) / 1000 + ttlSeconds) * 1000);
  const folder = `${edgeOrigin}${entry.pathPrefix}`;
  const resource = `${folder}*`;
  return {
    id: entry.item.id,
    kind,
    expiresAt: expiresAt.toISOString(),
    resource,
    sources: sourcesFor(folder, entry.files),
    cookies: signer.signCookies({ resource, expiresAt }),
    cookiePath: entry.pathPrefix,
    query: signer.signQuery({ resource, expiresAt }),
  };
}

function sourcesFor(folder: string, files: PlayableFiles): PlaybackSources {
  const sources = { hls: folder + files.hls } as PlaybackSources;
  for (const [key, file] of Object.entries(files) as Array<[keyof PlaybackSources, string | undefined]>) {
    if (file) sources[key] = folder + file;
  }
  return sources;
}

/** `Set-Cookie` values for a grant's cookies: scoped to the entry's folder, never readable by scripts. */
export function grantSetCookies(grant: PlaybackGrant, options: { secure: boolean }): string[] {
  const expires = new Date(grant.expiresAt).toUTCString();
  return Object.entries(grant.cookies).map(
    ([name, value]) =>
      `${name}=${value}; Path=${grant.cookiePath}; Expires=${expires}; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`,
  );
}
