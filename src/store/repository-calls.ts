import { inCallOrder } from './in-call-order.js';
import { createSerialQueue } from './serial-queue.js';

/**
 * The repository calls a store has been given and that have not settled. Each repository
 * runs its calls in call order (a read made after a write sees it, on any adapter), and the
 * count starts when the caller makes the call, not when the queue reaches it: a journal
 * commit is a barrier behind every call made before it, and the host publishes a handler's
 * events without waiting for a commit only when nothing is in flight.
 */
export interface RepositoryCalls {
  /** The repository in call order, its calls counted. */
  track<R extends object>(repository: R): R;
  /** Resolves once every call made before it has settled (later ones are not waited for). */
  settled(): Promise<void>;
  /** Calls made and not settled yet. */
  readonly inFlight: number;
}

export function createRepositoryCalls(): RepositoryCalls {
  const pending = new Set<Promise<unknown>>();
  return {
    track<R extends object>(repository: R): R {
      const ordered = inCallOrder(repository as never, createSerialQueue()) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const tracked = {} as Record<string, unknown>;
      for (const key of Object.keys(repository)) {
        tracked[key] = (...args: unknown[]) => {
          const call = ordered[key](...args);
          pending.add(call);
          const done = () => pending.delete(call);
          call.then(done, done);
          return call;
        };
      }
      return tracked as R;
    },
    async settled(): Promise<void> {
      if (pending.size > 0) await Promise.allSettled([...pending]);
    },
    get inFlight() {
      return pending.size;
    },
  };
}
