/**
 * Writes an instant preview (manifest-clip.ts) into a case folder: `<case>/clips/<editId>-v<version>/`
 * gets the clip's master, its media playlists and `clip.json` (the trims a player applies). The
 * master is written last, so a folder without it is not a finished clip.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Edit } from '@surgery-video/client';
import { parseMasterPlaylist } from '../media/hls-master.js';
import { clipManifest, clipPathOf, type ManifestClip } from './manifest-clip.js';

export interface WrittenManifestClip extends ManifestClip {
  /** The clip's folder. */
  dir: string;
  /** Its master playlist, relative to the case folder (e.g. `clips/e1-v2/master.m3u8`). */
  masterPath: string;
}

/** Reads the case's HLS master and media playlists, and writes the preview of `edit` beside them. */
export async function writeManifestClip(
  caseDir: string,
  edit: Pick<Edit, 'id' | 'version' | 'segments'>,
  frameRate: number,
  options: { masterName?: string; clipPath?: string } = {},
): Promise<WrittenManifestClip> {
  const masterName = options.masterName ?? 'master.m3u8';
  const clipPath = options.clipPath ?? clipPathOf(edit);
  const master = await readFile(join(caseDir, masterName), 'utf8');
  const parsed = parseMasterPlaylist(master);
  const uris = [...parsed.variants.map((variant) => variant.uri), ...parsed.media.filter((media) => media.type === 'AUDIO').flatMap((media) => media.uri ?? [])];
  const mediaPlaylists = Object.fromEntries(await Promise.all(uris.map(async (uri) => [uri, await readFile(join(caseDir, uri), 'utf8')] as const)));
  const clip = clipManifest({ edit, frameRate, master, mediaPlaylists, clipPath });

  const dir = join(caseDir, clipPath);
  await mkdir(dir, { recursive: true });
  await Promise.all(Object.entries(clip.playlists).map(([name, text]) => writeFile(join(dir, name), text, 'utf8')));
  const metadata = { editId: edit.id, version: edit.version, frameRate, durationSeconds: clip.durationSeconds, trims: clip.trims };
  await writeFile(join(dir, 'clip.json'), `${JSON.stringify(metadata, null, 2)}\n`, 'utf8');
  await writeFile(join(dir, 'master.m3u8'), clip.master, 'utf8');
  return { ...clip, dir, masterPath: `${clipPath.replace(/\/?$/, '/')}master.m3u8` };
}
