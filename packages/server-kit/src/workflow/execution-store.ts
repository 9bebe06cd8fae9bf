/**
 * Workflow executions as objects, so that an execution outlives the process that runs it.
 *
 * - `tenants/<tenant>/workflow/executions/<name>.json`: the execution record (input, status, the
 *   state it is in, and every Task occurrence it has entered: when, its task token, its outcome).
 * - `workflow/running/<tenant>/<name>.json`: an empty marker while it runs, so a starting process
 *   finds what to resume by listing one folder.
 *
 * The record is created with `ifNoneMatch: '*'` (an execution name is used once, as in Step
 * Functions) and changed with `ifMatch` inside a per-execution queue, so the runner's steps and the
 * API's task callbacks never overwrite each other.
 */
import { KeyedLock } from '../storage/keyed-lock.js';
import { getJson, PreconditionFailedError, putJson, type ObjectStore } from '../storage/object-store.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type StepOutcome = { ok: true; output: JsonValue } | { ok: false; error: string; cause: string };

/** One entry into a Task state (a retry or a loop back enters it again: the next occurrence). */
export interface StepRecord {
  state: string;
  /** 1 for the first entry into `state` in this execution, 2 for the next, … */
  occurrence: number;
  enteredAt: string;
  /** `.waitForTaskToken` states: the token a callback completes the step with. */
  token?: string;
  outcome?: StepOutcome;
  completedAt?: string;
}

export type ExecutionStatus = 'running' | 'succeeded' | 'failed';

export interface ExecutionRecord {
  name: string;
  tenant: string;
  input: JsonObject;
  status: ExecutionStatus;
  /** The state it is in (the last one entered). */
  state?: string;
  steps: StepRecord[];
  /** How many processes have run it: 1, plus one per resume after a restart. */
  runs: number;
  startedAt: string;
  updatedAt: string;
  stoppedAt?: string;
  output?: JsonValue;
  error?: { error: string; cause: string };
}

const MAX_ATTEMPTS = 32;

export function executionKey(tenant: string, name: string): string {
  return `tenants/${tenant}/workflow/executions/${name}.json`;
}

const RUNNING_PREFIX = 'workflow/running/';

export interface ExecutionStore {
  /** `false` when an execution with this name exists already (nothing is written then). */
  create(record: ExecutionRecord): Promise<boolean>;
  get(tenant: string, name: string): Promise<ExecutionRecord | undefined>;
  /** Applies `change` (which returns false for "nothing to change") to the current record and saves it. */
  update(tenant: string, name: string, change: (record: ExecutionRecord) => boolean): Promise<ExecutionRecord | undefined>;
  /** Executions of a tenant whose name starts with `namePrefix`. */
  find(tenant: string, namePrefix: string): Promise<ExecutionRecord[]>;
  markRunning(tenant: string, name: string): Promise<void>;
  clearRunning(tenant: string, name: string): Promise<void>;
  listRunning(): Promise<{ tenant: string; name: string }[]>;
  /** Resolves when every write started so far has finished. */
  drain(): Promise<void>;
}

export function createExecutionStore(store: ObjectStore): ExecutionStore {
  const lock = new KeyedLock();
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
    return work;
  };
  const get = async (tenant: string, name: string) => (await getJson<ExecutionRecord>(store, executionKey(tenant, name)))?.value;

  return {
    async create(record) {
      try {
        await track(putJson(store, executionKey(record.tenant, record.name), record, { ifNoneMatch: '*' }));
        return true;
      } catch (error) {
        if (error instanceof PreconditionFailedError) return false;
        throw error;
      }
    },
    get,
    update(tenant, name, change) {
      const key = executionKey(tenant, name);
      return track(
        lock.run(key, async () => {
          for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            const found = await getJson<ExecutionRecord>(store, key);
            if (!found) return undefined;
            const record = structuredClone(found.value);
            if (!change(record)) return record;
            record.updatedAt = new Date().toISOString();
            try {
              await putJson(store, key, record, { ifMatch: found.etag });
              return record;
            } catch (error) {
              // Another process wrote it (a second instance on a shared bucket): read again and redo the change.
              if (!(error instanceof PreconditionFailedError)) throw error;
            }
          }
          throw new Error(`workflow: could not update execution ${name} after ${MAX_ATTEMPTS} attempts.`);
        }),
      );
    },
    async find(tenant, namePrefix) {
      const prefix = `tenants/${tenant}/workflow/executions/${namePrefix}`;
      const page = await store.list(prefix);
      const records = await Promise.all(page.items.map(async (item) => (await getJson<ExecutionRecord>(store, item.key))?.value));
      return records.filter((record): record is ExecutionRecord => record !== undefined);
    },
    markRunning: (tenant, name) => track(putJson(store, `${RUNNING_PREFIX}${tenant}/${name}.json`, {})).then(() => {}),
    clearRunning: (tenant, name) => track(store.delete(`${RUNNING_PREFIX}${tenant}/${name}.json`)),
    async listRunning() {
      const found: { tenant: string; name: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(RUNNING_PREFIX, cursor ? { cursor } : {});
        cursor = page.cursor;
        for (const item of page.items) {
          const match = /^([^/]+)\/([^/]+)\.json$/.exec(item.key.slice(RUNNING_PREFIX.length));
          if (match) found.push({ tenant: match[1]!, name: match[2]! });
        }
      } while (cursor);
      return found;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
