/**
 * BANDWIDTH of a rendered master playlist, measured from the files written. The dash muxer writes
 * the HLS master once, after the first segment of whichever stream finishes one first, so a rung
 * whose first segment came later was listed with its audio alone (a 300 kb/s rung once showed
 * 98 kb/s, and a player starting on BANDWIDTH would pick it for a slow link and stall). HLS asks for
 * the peak segment bit rate of the variant, its audio included: that is what is written here.
 */
import { stat, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseAttributeList } from '../media/hls-master.js';
import { parseMediaPlaylist } from '../render/manifest-clip.js';

/** Peak bit rate (bits/s) of one media playlist: the largest segment's size over its EXTINF. */
export async function peakSegmentBitrate(playlistPath: string): Promise<number> {
  const playlist = parseMediaPlaylist(await readFile(playlistPath, 'utf8'));
  let peak = 0;
  for (const segment of playlist.segments) {
    const { size } = await stat(join(dirname(playlistPath), segment.uri));
    if (segment.duration > 0) peak = Math.max(peak, (size * 8) / segment.duration);
  }
  return Math.ceil(peak);
}

/** The master with each variant's BANDWIDTH = its playlist's peak + the peak of its audio group. */
export async function measureMasterBandwidth(masterPath: string): Promise<string> {
  const dir = dirname(masterPath);
  const lines = (await readFile(masterPath, 'utf8')).replace(/\r\n?/g, '\n').split('\n');
  const audioPeaks = new Map<string, number>();
  for (const line of lines) {
    if (!line.startsWith('#EXT-X-MEDIA:')) continue;
    const attributes = new Map(parseAttributeList(line.slice('#EXT-X-MEDIA:'.length)));
    const uri = attributes.get('URI')?.replace(/^"|"$/g, '');
    const group = attributes.get('GROUP-ID')?.replace(/^"|"$/g, '');
    if (attributes.get('TYPE') !== 'AUDIO' || !uri || !group) continue;
    audioPeaks.set(group, Math.max(audioPeaks.get(group) ?? 0, await peakSegmentBitrate(join(dir, uri))));
  }
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    const line = out[i]!;
    const uri = out[i + 1]?.trim();
    if (!line.startsWith('#EXT-X-STREAM-INF:') || !uri) continue;
    const audio = new Map(parseAttributeList(line.slice('#EXT-X-STREAM-INF:'.length))).get('AUDIO')?.replace(/^"|"$/g, '');
    const bandwidth = (await peakSegmentBitrate(join(dir, uri))) + (audio ? (audioPeaks.get(audio) ?? 0) : 0);
    out[i] = line.replace(/([:,])BANDWIDTH=\d+/, `$1BANDWIDTH=${bandwidth}`);
  }
  return out.join('\n');
}
