/**
 * What can be played, and where its files sit behind the edge. The API reads this port; the
 * embedded stack fills it from the generated cases and the running live channel, a production
 * deployment from its own database. Every lookup is scoped to a tenant: an id from another
 * tenant is simply not found.
 */
import type { Asset, LiveChannel, PlaybackSources } from '@surgery-video/client';

/** The same keys as a grant's `sources`, holding file names relative to the entry's folder. */
export type PlayableFiles = PlaybackSources;

export interface CatalogueEntry<T> {
  item: T;
  /** Folder on the edge, with leading and trailing slash, e.g. `/media/vod/case-001/`. */
  pathPrefix: string;
  files: PlayableFiles;
}

export interface MediaCatalogue {
  listAssets(tenant: string): Promise<CatalogueEntry<Asset>[]>;
  getAsset(tenant: string, id: string): Promise<CatalogueEntry<Asset> | undefined>;
  listChannels(tenant: string): Promise<CatalogueEntry<LiveChannel>[]>;
  getChannel(tenant: string, id: string): Promise<CatalogueEntry<LiveChannel> | undefined>;
}

/** A catalogue over lists that the caller keeps current (the embedded stack's). */
export function createInMemoryCatalogue(source: {
  assets: () => readonly CatalogueEntry<Asset>[];
  channels: () => readonly CatalogueEntry<LiveChannel>[];
}): MediaCatalogue {
  const inTenant = <T extends { tenant: string }>(entries: readonly CatalogueEntry<T>[], tenant: string) =>
    entries.filter((entry) => entry.item.tenant === tenant);
  return {
    listAssets: async (tenant) => inTenant(source.assets(), tenant),
    getAsset: async (tenant, id) => inTenant(source.assets(), tenant).find((entry) => entry.item.id === id),
    listChannels: async (tenant) => inTenant(source.channels(), tenant),
    getChannel: async (tenant, id) => inTenant(source.channels(), tenant).find((entry) => entry.item.id === id),
  };
}
