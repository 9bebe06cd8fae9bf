/**
 * One queue per key: work on a key waits for the work before it on the same key, and work on
 * other keys runs alongside. The directory store runs every write and delete of a key through
 * it, so that "read the current etag, compare, rename" is one step for everyone in the process.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(work);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.tails.set(key, tail);
    // Forget the key once nothing is queued behind this work, so the map does not grow with every key ever written.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work running or queued (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
