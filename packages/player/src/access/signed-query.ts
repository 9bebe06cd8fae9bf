/**
 * CloudFront signed query strings on URLs the player did not write itself.
 *
 * hls.js resolves child playlists and segments against the playlist URL, which drops its query,
 * and LL-HLS adds `_HLS_msn` / `_HLS_part` / `_HLS_skip` directives to playlist URLs. So the
 * signature is put back on every request, at request time: existing signature parameters are
 * replaced (a retried or refreshed request carries the current grant, never two), and every other
 * parameter, directives included, is kept byte for byte and in order.
 */

/** The query parameters CloudFront reads a signature from (canned and custom policies). */
const SIGNATURE_PARAMS = new Set(['Policy', 'Signature', 'Key-Pair-Id', 'Expires']);

/** `url` with `signedQuery` (`Policy=…&Signature=…&Key-Pair-Id=…`) as its signature. */
export function withSignedQuery(url: string, signedQuery: string): string {
  const hashAt = url.indexOf('#');
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);
  const withoutFragment = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutFragment.indexOf('?');
  const base = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const kept =
    queryAt === -1
      ? []
      : withoutFragment
          .slice(queryAt + 1)
          .split('&')
          .filter((part) => part !== '' && !SIGNATURE_PARAMS.has(decodeName(part)));
  const signature = signedQuery.replace(/^[?&]+/, '');
  const query = [...kept, ...(signature ? [signature] : [])].join('&');
  return `${base}${query ? `?${query}` : ''}${fragment}`;
}

/**
 * Whether a grant's CloudFront `resource` (a URL, `*` matching any run of characters) covers
 * `url`, query excluded. The signature and credentials only go to URLs the grant is for.
 */
export function resourceCovers(resource: string, url: string): boolean {
  const path = url.split(/[?#]/, 1)[0] ?? url;
  const pattern = new RegExp(`^${resource.split('*').map(escapeRegExp).join('.*')}$`);
  return pattern.test(path);
}

function decodeName(part: string): string {
  const name = part.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
