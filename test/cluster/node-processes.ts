import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { startServerProcess, type ServerProcess } from '../durability/server-process.js';
import { requireNats, startNats, type TestNats } from '../support/nats-server.js';
import { requirePostgres, startPostgres } from '../support/postgres.js';
import { failoverTimings } from './cluster-support.js';

export interface NodeProcess extends ServerProcess {
  id: string;
}

/**
 * A cluster of server processes (`npm start` with `NATS_URL`), for the tests that kill, stop or pause a node:
 * one throwaway nats-server and PostgreSQL, node processes started by `start(id)`, all removed at teardown.
 */
export async function startProcessCluster(t: Test, env: Record<string, string> = {}) {
  if (!requireNats(t) || !requirePostgres(t)) return undefined;
  const nats: TestNats = await startNats(t);
  const pg = await startPostgres(t);
  const shared = {
    NATS_URL: nats.url,
    DATABASE_URL: await pg.createDatabase(),
    STORE_SECRET: 'cluster-process-test-secret',
    ...failoverTimings,
    ...env,
  };
  const nodes: NodeProcess[] = [];
  t.teardown(async () => {
    for (const node of nodes) {
      node.child.kill('SIGCONT');
      await node.crash().catch(() => {});
    }
  });
  return {
    nats,
    async start(id: string): Promise<NodeProcess> {
      const dir = mkdtempSync(join(tmpdir(), `actorcade-node-${id}-`));
      t.teardown(() => rmSync(dir, { recursive: true, force: true }));
      const node = Object.assign(await startServerProcess(dir, { ...shared, CLUSTER_NODE_ID: `${id}-${process.pid}-${Date.now()}` }), { id });
      nodes.push(node);
      return node;
    },
  };
}
