/**
 * Cache lifetimes like the CloudFront cache behaviours of the production distribution. Recorded
 * media never changes once packaged, so segments are immutable for a day and manifests are kept
 * five minutes (a re-render publishes new ones); live manifests change every segment, so they live
 * one second, and live segments a minute (the DVR window re-reads them). An object still being
 * written is never cached.
 */
import { extensionOf } from './content-types.js';

export type CacheBehaviour = 'vod' | 'live';

const MANIFEST_EXTENSIONS = new Set(['m3u8', 'mpd', 'json']);

export const NO_CACHE = 'no-cache';

export function isManifestPath(path: string): boolean {
  return MANIFEST_EXTENSIONS.has(extensionOf(path));
}

/** `Cache-Control` for a media object at `path`; `growing` when its size is not known yet. */
export function cacheControlFor(behaviour: CacheBehaviour, path: string, growing: boolean): string {
  if (growing) return NO_CACHE;
  const manifest = isManifestPath(path);
  if (behaviour === 'live') return manifest ? 'public, max-age=1' : 'public, max-age=60';
  return manifest ? 'public, max-age=300' : 'public, max-age=86400, immutable';
}
