/**
 * The PreviewService over the source's own segments (render/manifest-clip-files.ts): the preview
 * of an Edit version is written into its case folder as `clips/<editId>-v<version>/master.m3u8`,
 * so it plays from the same edge path, under the same grant, as the case.
 */
import type { Asset, Edit } from '@surgery-video/client';
import { writeManifestClip } from '../render/manifest-clip-files.js';
import type { PreviewService } from './render-service.js';

export interface ManifestClipPreviewOptions {
  /** The case folder of an asset on disk (its HLS master and media playlists). */
  caseDir(asset: Asset): string;
  /** What players use for a path inside the case folder, e.g. `/media/vod/<asset>/<path>`. */
  publicUri(asset: Asset, path: string): string;
}

export function createManifestClipPreviewService(options: ManifestClipPreviewOptions): PreviewService {
  return {
    async create(edit: Edit, asset: Asset) {
      const clip = await writeManifestClip(options.caseDir(asset), edit, asset.frameRate);
      return { uri: options.publicUri(asset, clip.masterPath) };
    },
  };
}
