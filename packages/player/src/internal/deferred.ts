/** A promise with its settle functions, and whether it has settled. */
export interface Deferred<T> {
  promise: Promise<T>;
  settled: boolean;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  const result = { settled: false } as Deferred<T>;
  result.promise = new Promise<T>((resolve, reject) => {
    result.resolve = (value) => {
      result.settled = true;
      resolve(value);
    };
    result.reject = (reason) => {
      result.settled = true;
      reject(reason);
    };
  });
  // Nobody may be waiting: a rejection without a listener is not an error here.
  result.promise.catch(() => undefined);
  return result;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The next `type` event of `target`; resolves early when `signal` aborts. */
export function nextEvent(target: EventTarget, type: string, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      target.removeEventListener(type, done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    target.addEventListener(type, done);
    signal.addEventListener('abort', done);
  });
}
