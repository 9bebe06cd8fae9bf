/**
 * Where the task tokens of the review's waits live on AWS. Step Functions hands a
 * `.waitForTaskToken` step's token only to the Lambda it invokes (`$$.Task.Token` in the payload);
 * the API, which ends the wait when a person acts, never sees it. So the Lambda (the review
 * activities, review-activities-lambda.ts) stores the token here before it looks at the Edit, and
 * the API's `wake` reads it after it saved the Edit: whichever comes second sees the other.
 *
 * One object per waiting execution and wait, under ids only:
 * `tenants/<tenant>/workflow/task-tokens/<execution>/<wait>.json`. `find` looks under both the
 * current execution names and the legacy ones (reviewLegacyExecutionName), so an execution started
 * before names carried the tenant key is still woken. A later entry into the same wait
 * (after an escalation) replaces the token; a record is deleted only if it still holds the token
 * that was used, so a stale callback never removes a newer wait's token.
 *
 * The Render step's token is kept the same way (wait `render`): the render's MediaConvert job
 * carries only the tenant and execution in its UserMetadata, and the job's state change event
 * (mediaconvert-events-lambda.ts) reads the token from here with `get`.
 */
import { getJson, PreconditionFailedError, putJson, type ObjectStore } from '../storage/object-store.js';
import type { ReviewWait } from '../workflow/review-workflow.js';
import { isReviewExecutionOf, reviewExecutionPrefixes } from '../workflow/review-workflow.js';

/** The waits a person ends, and the render that MediaConvert's job event ends. */
export type ReviewTokenWait = ReviewWait | 'render';

export interface ReviewTaskTokenRecord {
  tenant: string;
  editId: string;
  /** The execution's name, `edit-<id>-v<version>-<tenant key>` (or the legacy `edit-<id>-v<version>`). */
  execution: string;
  wait: ReviewTokenWait;
  token: string;
  storedAt: string;
}

export interface ReviewTaskTokenStore {
  put(record: Omit<ReviewTaskTokenRecord, 'storedAt'>): Promise<void>;
  /** The tokens stored for this edit's executions and wait, any version. */
  find(tenant: string, editId: string, wait: ReviewTokenWait): Promise<ReviewTaskTokenRecord[]>;
  /** The token one execution stored for one wait, if it is still there. */
  get(tenant: string, execution: string, wait: ReviewTokenWait): Promise<ReviewTaskTokenRecord | undefined>;
  /** Removes the record if it still holds `token` (a newer one is kept). */
  remove(record: Pick<ReviewTaskTokenRecord, 'tenant' | 'execution' | 'wait' | 'token'>): Promise<void>;
}

const WAITS: readonly ReviewTokenWait[] = ['assignment', 'review', 'render'];
const folder = (tenant: string) => `tenants/${tenant}/workflow/task-tokens/`;

export function reviewTaskTokenKey(tenant: string, execution: string, wait: ReviewTokenWait): string {
  return `${folder(tenant)}${execution}/${wait}.json`;
}

export function createReviewTaskTokenStore(store: ObjectStore, now: () => number = Date.now): ReviewTaskTokenStore {
  return {
    async put(record) {
      if (!WAITS.includes(record.wait)) throw new TypeError(`task tokens: \`wait\` must be "assignment", "review" or "render"; got ${JSON.stringify(record.wait)}.`);
      if (typeof record.token !== 'string' || record.token === '') throw new TypeError('task tokens: `token` must be the task token Step Functions passed ($$.Task.Token).');
      const value: ReviewTaskTokenRecord = { ...record, storedAt: new Date(now()).toISOString() };
      await putJson(store, reviewTaskTokenKey(record.tenant, record.execution, record.wait), value);
    },

    async find(tenant, editId, wait) {
      const found = new Map<string, ReviewTaskTokenRecord>();
      // Names with the tenant key and the legacy ones (tokens stored by executions started before it).
      for (const prefix of reviewExecutionPrefixes(editId)) {
        let cursor: string | undefined;
        do {
          const page = await store.list(`${folder(tenant)}${prefix}`, cursor ? { cursor } : {});
          for (const item of page.items) {
            // `edit-7-v` also begins `edit-7-vx-v1-demo` (edit "7-vx"): only this edit's names count.
            const [execution, file] = item.key.slice(folder(tenant).length).split('/');
            if (file !== `${wait}.json` || !execution || !isReviewExecutionOf(execution, tenant, editId) || found.has(execution)) continue;
            const record = (await getJson<ReviewTaskTokenRecord>(store, item.key))?.value;
            if (record && record.editId === editId) found.set(execution, record);
          }
          cursor = page.cursor;
        } while (cursor);
      }
      return [...found.values()];
    },

    async get(tenant, execution, wait) {
      if (!WAITS.includes(wait)) throw new TypeError(`task tokens: \`wait\` must be "assignment", "review" or "render"; got ${JSON.stringify(wait)}.`);
      return (await getJson<ReviewTaskTokenRecord>(store, reviewTaskTokenKey(tenant, execution, wait)))?.value;
    },

    async remove(record) {
      const key = reviewTaskTokenKey(record.tenant, record.execution, record.wait);
      const stored = await getJson<ReviewTaskTokenRecord>(store, key);
      if (!stored || stored.value.token !== record.token) return;
      await store.delete(key, { ifMatch: stored.etag }).catch((error: unknown) => {
        // Replaced in between by a newer wait's token: that one stays.
        if (!(error instanceof PreconditionFailedError)) throw error;
      });
    },
  };
}
