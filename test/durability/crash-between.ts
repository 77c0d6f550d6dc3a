/**
 * The server as `src/main.ts` runs it, on a store that kills its own process (SIGKILL: no
 * shutdown hook runs, nothing is flushed) at one point between two writes, named by
 * `CRASH_AT` (a test helper, run in a child process by `startServerProcess`):
 *
 * - `before:<repository>.<method>` — when a session calls that repository method, before it writes;
 * - `commit-after:<repository>.<method>` — at the first journal commit issued after that method's
 *   write completed (the row is durable; the commit, and everything held behind it, is not).
 *
 * A `#N` suffix picks the method's Nth call (default: the first).
 *
 * @example CRASH_AT=commit-after:channels.saveChannel
 * @example CRASH_AT=before:poker.addTable#2
 */
import { loadConfig } from '../../src/config/index.js';
import { createServer } from '../../src/server.js';
import { openStore, type Store } from '../../src/store/index.js';

const at = /^(before|commit-after):(channels|poker|library)\.(\w+)(?:#(\d+))?$/.exec(process.env.CRASH_AT ?? '');
if (!at) throw new Error(`CRASH_AT: expected before:<repository>.<method>[#N] or commit-after:<repository>.<method>[#N], got "${process.env.CRASH_AT}"`);
const [, when, repositoryName, methodName] = at as unknown as [string, 'before' | 'commit-after', 'channels' | 'poker' | 'library', string];
const nth = Number(at[4] ?? 1);

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL');
};

function crashing(store: Store): Store {
  let armed = false;
  let calls = 0;
  const repository = new Proxy(store[repositoryName] as object, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (key !== methodName || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const mine = ++calls === nth;
        if (mine && when === 'before') die();
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (mine) armed = true;
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
