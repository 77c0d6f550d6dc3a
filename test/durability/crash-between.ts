/**
 * The server as `src/main.ts` runs it, on a store that kills its own process (SIGKILL: no
 * shutdown hook runs, nothing is flushed) at one point between two writes, named by
 * `CRASH_AT` (a test helper, run in a child process by `startServerProcess`):
 *
 * - `before:<repository>.<method>` — when a session calls that repository method, before it writes;
 * - `commit-after:<repository>.<method>` — at the first journal commit issued after that method's
 *   write completed (the row is durable; the commit, and everything held behind it, is not).
 *
 * @example CRASH_AT=commit-after:channels.saveChannel
 */
import { loadConfig } from '../../src/config/index.js';
import { createServer } from '../../src/server.js';
import { openStore, type Store } from '../../src/store/index.js';

const at = /^(before|commit-after):(channels|poker|library)\.(\w+)$/.exec(process.env.CRASH_AT ?? '');
if (!at) throw new Error(`CRASH_AT: expected before:<repository>.<method> or commit-after:<repository>.<method>, got "${process.env.CRASH_AT}"`);
const [, when, repositoryName, methodName] = at as unknown as [string, 'before' | 'commit-after', 'channels' | 'poker' | 'library', string];

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL');
};

function crashing(store: Store): Store {
  let armed = false;
  const repository = new Proxy(store[repositoryName] as object, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (key !== methodName || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (when === 'before') die();
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        armed = true;
        return result;
      };
    },
  });
  return new Proxy(store, {
    get(target, key) {
      if (key === repositoryName) return repository;
      if (key === 'commit') return (batch: Parameters<Store['commit']>[0]) => (armed ? die() : target.commit(batch));
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const config = loadConfig();
const store = crashing(await openStore({ ...config, storeSecret: config.storeSecret || undefined }));
const server = await createServer({ config, store });
const port = await server.listen();
console.log(`listening on http://${config.host}:${port}`);
