import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBus, createDeferredTransport } from '../../src/bus/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Logger } from '../../src/runtime/index.js';
import { createServer, type ServerOptions } from '../../src/server.js';

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
 */
export async function startServer(
  env: Record<string, string> = {},
  options: Omit<ServerOptions, 'config'> & { dataDir?: string } = {},
) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'actorcade-test-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: 'test-secret', LOG_LEVEL: 'silent', ...env });
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

export type TestServer = Awaited<ReturnType<typeof startServer>>;
