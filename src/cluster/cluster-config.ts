/** The settings cluster mode reads to decide whether it can start (a slice of the server's `Config`). */
export interface ClusterStartSettings {
  databaseUrl: string;
  storeSecret: string;
  jwtSecret: string;
}

/**
 * Refuse a cluster node that would not be one cluster with the others: every node must share the store
 * (PostgreSQL: SQLite is one process's), the key the snapshots and journals are sealed with (a node with a
 * generated key could not open another's actors), and the JWT secret (a token minted by one node must open
 * a socket on any other).
 */
export function assertClusterConfig(config: ClusterStartSettings): void {
  const missing = [
    config.databaseUrl === '' && 'DATABASE_URL (the shared store: every node must restore every actor)',
    config.storeSecret === '' && 'STORE_SECRET (the same on every node: each must open what the others sealed)',
    config.jwtSecret === '' && 'JWT_SECRET (the same on every node: a token from one opens a socket on any)',
  ].filter((x): x is string => typeof x === 'string');
  if (missing.length > 0) throw new Error(`cluster mode (NATS_URL) needs ${missing.join(', ')}`);
}
