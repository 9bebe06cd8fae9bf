/**
 * maxSegmentDuration of a rendered MPD, measured. The dash muxer writes its seg_duration there,
 * but a smart render (smart-render.ts) cuts segments on the source's keyframes, so a clip's first
 * segment can run up to a GOP longer; DASH makes the attribute a bound on every segment, and a
 * client may size its buffer by it. The HLS media playlists written beside the MPD list the same
 * segments, so the longest EXTINF among them is the value.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseMediaPlaylist } from '../render/manifest-clip.js';

/** The MPD with maxSegmentDuration set to `seconds` (rounded up to the millisecond), or as it was without one. */
export function withMaxSegmentDuration(mpd: string, seconds: number): string {
  const value = `PT${(Math.ceil(seconds * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '')}S`;
  return mpd.replace(/(\smaxSegmentDuration=")[^"]*(")/, `$1${value}$2`);
}

/** Rewrites `<mpdPath>`'s maxSegmentDuration from the playlists the HLS master at `masterPath` lists. */
export async function measureMpdMaxSegment(mpdPath: string, masterPath: string): Promise<string> {
  const dir = dirname(masterPath);
  const master = await readFile(masterPath, 'utf8');
  const uris = [
    ...master.split(/\r?\n/).filter((line) => line.trim() && !line.startsWith('#')).map((line) => line.trim()),
    ...[...master.matchAll(/#EXT-X-MEDIA:[^\n]*URI="([^"]+)"/g)].map((match) => match[1]!),
  ];
  let longest = 0;
  for (const uri of uris) {
    for (const segment of parseMediaPlaylist(await readFile(join(dir, uri), 'utf8')).segments) longest = Math.max(longest, segment.duration);
  }
  const mpd = await readFile(mpdPath, 'utf8');
  return longest > 0 ? withMaxSegmentDuration(mpd, longest) : mpd;
}
