import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBus, createDeferredTransport } from '../../src/bus/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Logger } from '../../src/runtime/index.js';
import { createServer, type ServerOptions } from '../../src/server.js';
import { sharedPostgres } from './postgres.js';

export const silent: Logger = { info() {}, warn() {}, error() {} };

/**
 * A bus on the deferred transport (delivery on a later macrotask, like a network).
 * `BUS_TRANSPORT=deferred npm test` builds every test server on it.
 */
export const deferredBus = () => createBus(createDeferredTransport());

/**
 * Start a real server on a free loopback port with a temporary data directory.
 * `env` overrides configuration exactly as environment variables would. The bus is
 * `options.bus`, else the deferred one when the environment says `BUS_TRANSPORT=deferred`.
 * With `TEST_STORE=postgres` in the environment, the store is a fresh database on this
 * process's throwaway PostgreSQL (test/support/postgres.ts) unless `env` names one.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: Omit<ServerOptions, 'config'> & { dataDir?: string } = {},
) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'actorcade-test-'));
  const database = process.env.TEST_STORE === 'postgres' && !env.DATABASE_URL && !options.store ? { DATABASE_URL: await databaseFor(env.DATA_DIR ?? dataDir) } : {};
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: 'test-secret', LOG_LEVEL: 'silent', ...database, ...env });
  const bus = options.bus ?? (process.env.BUS_TRANSPORT === 'deferred' ? deferredBus() : undefined);
  const server = await createServer({ logger: silent, ...options, ...(bus ? { bus } : {}), config });
  const port = await server.listen();
  return {
    server,
    port,
    dataDir,
    url: `http://127.0.0.1:${port}`,
    wsUrl: (path: string) => `ws://127.0.0.1:${port}${path}`,
    async close({ keepData = false } = {}) {
      await server.close();
      if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A restart test reopens its data directory: under `TEST_STORE=postgres` it reopens that directory's database. */
const databases = new Map<string, Promise<string>>();
function databaseFor(dataDir: string): Promise<string> {
  let url = databases.get(dataDir);
  if (!url) {
    url = sharedPostgres().then((pg) => pg.createDatabase());
    databases.set(dataDir, url);
  }
  return url;
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;
