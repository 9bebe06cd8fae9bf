/**
 * What a published Edit is watched as: `tenants/<tenant>/publications/<editId>.json`, written when
 * it is published (by an admin, or by the workflow's last step, which adds the render).
 */
import type { Publication } from '@surgery-video/client';
import { getJson, PreconditionFailedError, putJson, type ObjectStore } from '../storage/object-store.js';

export interface PublicationStore {
  get(tenant: string, editId: string): Promise<Publication | undefined>;
  /** Merges `change` into the current publication (or creates it) and returns the result. */
  save(tenant: string, editId: string, change: (current: Publication | undefined) => Publication): Promise<Publication>;
}

export function createPublicationStore(store: ObjectStore): PublicationStore {
  const key = (tenant: string, editId: string) => `tenants/${tenant}/publications/${editId}.json`;
  return {
    get: async (tenant, editId) => (await getJson<Publication>(store, key(tenant, editId)))?.value,
    async save(tenant, editId, change) {
      // Writers are the admin's publish and the workflow's Publish step; each retries on a concurrent write.
      for (let attempt = 0; attempt < 16; attempt++) {
        const found = await getJson<Publication>(store, key(tenant, editId));
        const next = change(found?.value);
        try {
          await putJson(store, key(tenant, editId), next, found ? { ifMatch: found.etag } : { ifNoneMatch: '*' });
          return next;
        } catch (error) {
          if (!(error instanceof PreconditionFailedError)) throw error;
        }
      }
      throw new Error(`publications: could not save the publication of ${editId}; other writers kept winning.`);
    },
  };
}
