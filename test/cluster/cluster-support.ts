import type { Test } from 'tap';
import { requireNats, startNats, type TestNats } from '../support/nats-server.js';
import { requirePostgres, startPostgres, type TestPostgres } from '../support/postgres.js';
import { startServer, type TestServer } from '../support/server.js';
import type { ServerOptions } from '../../src/server.js';

export interface TestCluster {
  nats: TestNats;
  pg: TestPostgres;
  /** The shared database every node's store is on. */
  databaseUrl: string;
  /** The settings every node of this cluster shares (NATS, database, secrets, short leases). */
  env: Record<string, string>;
  nodes: TestServer[];
}

/** Leases long enough that a loaded CI machine's stalls do not lose them mid-test (nothing here fails over). */
export const clusterTimings = { CLUSTER_LEASE_MS: '4000', CLUSTER_LEASE_RENEW_MS: '800', CLUSTER_HEARTBEAT_MS: '200' };

/** Short leases for the tests that kill or pause a node: a failover takes about a second and a half. */
export const failoverTimings = { CLUSTER_LEASE_MS: '1500', CLUSTER_LEASE_RENEW_MS: '300', CLUSTER_HEARTBEAT_MS: '150' };

/**
 * A cluster for `t`: one throwaway nats-server, one throwaway PostgreSQL, and `nodes` servers in this process,
 * each with its own NATS connections (cluster mode, exactly as `NATS_URL` starts it), started one after another.
 * Undefined (the test is skipped) when nats-server or PostgreSQL cannot run here.
 */
export async function startCluster(
  t: Test,
  { nodes = 2, env = {}, options = {} }: { nodes?: number; env?: Record<string, string>; options?: Omit<ServerOptions, 'config'> } = {},
): Promise<TestCluster | undefined> {
  if (!requireNats(t) || !requirePostgres(t)) return undefined;
  const nats = await startNats(t);
  const pg = await startPostgres(t);
  const databaseUrl = await pg.createDatabase();
  const shared = { NATS_URL: nats.url, DATABASE_URL: databaseUrl, STORE_SECRET: 'cluster-test-store-secret', ...clusterTimings, ...env };
  const started: TestServer[] = [];
  t.teardown(async () => {
    for (const node of started.reverse()) await node.close().catch(() => {});
  });
  for (let i = 0; i < nodes; i++) started.push(await startServer({ ...shared, CLUSTER_NODE_ID: `node${i}-${process.pid}` }, options));
  return { nats, pg, databaseUrl, env: shared, nodes: [...started] };
}
