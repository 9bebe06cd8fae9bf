/**
 * Task tokens of the embedded runner. A token names the Task occurrence it completes (tenant,
 * execution, state, occurrence) plus 128 random bits, so a callback finds its execution record
 * without an index and cannot be guessed. Opaque to callers, as Step Functions' tokens are.
 *
 * Waiters live in memory; outcomes live in the execution record. A callback that arrives before
 * its waiter (or after a restart, before the execution is resumed) is kept and handed over when
 * the waiter registers.
 */
import { randomBytes } from 'node:crypto';
import type { JsonValue, StepOutcome } from './execution-store.js';

export interface TokenSubject {
  tenant: string;
  execution: string;
  state: string;
  occurrence: number;
}

/** A callback with a token that is not one of ours, or whose step is already over. */
export class TaskTokenError extends Error {
  override readonly name = 'TaskTokenError';

  constructor(
    readonly code: 'invalid-token' | 'task-already-completed',
    message: string,
  ) {
    super(message);
  }
}

export function issueTaskToken(subject: TokenSubject): string {
  const body = { t: subject.tenant, n: subject.execution, s: subject.state, o: subject.occurrence, r: randomBytes(16).toString('hex') };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function readTaskToken(token: string): TokenSubject {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { t, n, s, o } = body;
    if (typeof t === 'string' && typeof n === 'string' && typeof s === 'string' && typeof o === 'number') {
      return { tenant: t, execution: n, state: s, occurrence: o };
    }
  } catch {
    // fall through
  }
  throw new TaskTokenError('invalid-token', 'The task token is not one this runner issued.');
}

export interface Waiter {
  promise: Promise<JsonValue>;
  cancel(): void;
}

export class TaskWaiters {
  private readonly waiting = new Map<string, { resolve: (value: JsonValue) => void; reject: (error: Error) => void }>();
  private readonly early = new Map<string, StepOutcome>();

  /** Waits for the outcome of `token`; one that already arrived settles it at once. */
  wait(token: string): Waiter {
    let cancel = () => {};
    const promise = new Promise<JsonValue>((resolve, reject) => {
      const early = this.early.get(token);
      if (early) {
        this.early.delete(token);
        settle(early, resolve, reject);
        return;
      }
      this.waiting.set(token, { resolve, reject });
      cancel = () => this.waiting.delete(token);
    });
    return { promise, cancel: () => cancel() };
  }

  /** Hands an outcome to the token's waiter, or keeps it until the waiter comes. */
  settle(token: string, outcome: StepOutcome): void {
    const waiter = this.waiting.get(token);
    if (!waiter) {
      this.early.set(token, outcome);
      return;
    }
    this.waiting.delete(token);
    settle(outcome, waiter.resolve, waiter.reject);
  }

  clear(): void {
    this.waiting.clear();
    this.early.clear();
  }
}

/** An error whose `name` is the outcome's error, which is what Retry and Catch match on. */
export function outcomeError(outcome: { error: string; cause: string }): Error {
  const error = new Error(outcome.cause);
  error.name = outcome.error;
  return error;
}

function settle(outcome: StepOutcome, resolve: (value: JsonValue) => void, reject: (error: Error) => void): void {
  if (outcome.ok) resolve(outcome.output);
  else reject(outcomeError(outcome));
}
