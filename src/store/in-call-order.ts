import type { SerialQueue } from './serial-queue.js';

/** A repository whose methods all return promises. */
type AsyncMethods<R> = { [K in keyof R]: R[K] extends (...args: never[]) => Promise<unknown> ? R[K] : never };

/**
 * A view of a repository whose calls run one at a time, in the order they were made, on
 * `queue`. Sessions fire some writes without awaiting them (a message persisted by an
 * actor's action) and later read what they wrote (the history page a client asks for
 * next): over an adapter with several connections those could finish out of order; in
 * call order, this process always reads its own writes.
 *
 * @example
 * const queue = createSerialQueue();
 * const channels = inCallOrder(store.channels, queue);
 * void channels.insertMessage(message);
 * await channels.page(id, { limit: 50 }); // includes the message
 * await queue.settled(); // at shutdown, before the store closes
 */
export function inCallOrder<R extends AsyncMethods<R>>(repository: R, queue: SerialQueue): R {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(repository, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      let method = wrapped.get(key);
      if (!method) {
        method = (...args: unknown[]) => queue.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        wrapped.set(key, method);
      }
      return method;
    },
  });
}
