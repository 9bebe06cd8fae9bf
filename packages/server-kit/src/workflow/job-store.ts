/**
 * Render jobs as the API shows them (`GET /jobs/:id`): `tenants/<tenant>/jobs/<id>.json`, with the
 * user the job's access follows (the edit's author) and the renderer's own job id.
 */
import type { RenderJob } from '@surgery-video/client';
import { getJson, putJson, type ObjectStore } from '../storage/object-store.js';

export interface StoredJob {
  job: RenderJob;
  /** Whose job it is for `job.read` (`own`): the author of the edit rendered. */
  owner: string;
  /** The renderer's id for it. */
  externalId: string;
}

export interface JobStore {
  get(tenant: string, id: string): Promise<StoredJob | undefined>;
  put(tenant: string, stored: StoredJob): Promise<void>;
}

export function jobKey(tenant: string, id: string): string {
  return `tenants/${tenant}/jobs/${id}.json`;
}

export function createJobStore(store: ObjectStore): JobStore {
  return {
    get: async (tenant, id) => (await getJson<StoredJob>(store, jobKey(tenant, id)))?.value,
    put: async (tenant, stored) => void (await putJson(store, jobKey(tenant, stored.job.id), stored)),
  };
}
