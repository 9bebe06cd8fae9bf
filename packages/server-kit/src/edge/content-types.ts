/**
 * Content types by file extension for what the media pipeline writes: HLS and DASH manifests,
 * CMAF and transport-stream segments, captions, thumbnails and JSON sidecars.
 */
const CONTENT_TYPES = new Map<string, string>([
  ['m3u8', 'application/vnd.apple.mpegurl'],
  ['mpd', 'application/dash+xml'],
  ['m4s', 'video/iso.segment'],
  ['mp4', 'video/mp4'],
  ['m4v', 'video/mp4'],
  ['cmfv', 'video/mp4'],
  ['m4a', 'audio/mp4'],
  ['cmfa', 'audio/mp4'],
  ['aac', 'audio/aac'],
  ['ts', 'video/mp2t'],
  ['vtt', 'text/vtt; charset=utf-8'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
  ['json', 'application/json; charset=utf-8'],
]);

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** The lower-cased extension of the last path segment, without the dot; '' when there is none. */
export function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  if (dot === -1 || dot < path.lastIndexOf('/')) return '';
  return path.slice(dot + 1).toLowerCase();
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES.get(extensionOf(path)) ?? DEFAULT_CONTENT_TYPE;
}
