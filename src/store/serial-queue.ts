/** Runs async tasks one at a time, in the order they were queued. */
export interface SerialQueue {
  /** Start `task` once every task queued before it has settled; resolves or rejects with its outcome. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves once every task queued so far has settled (e.g. before the store closes). */
  settled(): Promise<void>;
}

/**
 * A queue of concurrency 1 for store calls whose order matters (a write, then a read that
 * must see it) when nothing else orders them: an async adapter may otherwise finish a
 * later call first.
 *
 * @example
 * const queue = createSerialQueue();
 * void queue.run(() => store.poker.noteTable(user, table));
 * const tables = await queue.run(() => store.poker.tablesOf(user)); // sees the note
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
    settled: () => tail.then(() => undefined),
  };
}
