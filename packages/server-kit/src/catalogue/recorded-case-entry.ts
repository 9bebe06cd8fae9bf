import type { Asset } from '@surgery-video/client';
import type { RecordedCase } from '../media/recorded-cases.js';
import type { CatalogueEntry } from './media-catalogue.js';

/** A generated case as the catalogue lists it: an Asset of `tenant`, served from `/media/vod/<id>/`. */
export function recordedCaseEntry(recorded: RecordedCase, tenant: string): CatalogueEntry<Asset> {
  return {
    item: {
      id: recorded.id,
      tenant,
      title: recorded.title,
      kind: 'recorded',
      durationSeconds: recorded.durationSeconds,
      frameRate: recorded.frameRate,
      ...(recorded.specialty === undefined ? {} : { specialty: recorded.specialty }),
      renditions: recorded.renditions,
      chapters: recorded.chapters,
      createdAt: recorded.generatedAt,
    },
    pathPrefix: `/media/vod/${recorded.id}/`,
    files: recorded.files,
  };
}
