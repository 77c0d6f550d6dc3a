import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { defineConfigSection } from './config-section.js';
import { intSetting, strSetting } from './setting.js';

const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Cluster mode (docs/cluster.md): `NATS_URL` makes this process one node of a cluster whose
 * bus is NATS, whose store is the shared PostgreSQL (`DATABASE_URL`, required with it) and
 * whose actors are owned by leases (the `CLUSTER_LEASE_*` settings).
 */
export const natsConfig = defineConfigSection({
  key: 'nats',
  title: 'Cluster mode (NATS)',
  settings: {
    url: strSetting('NATS_URL', '', '`nats://host:port[,nats://…]`: run as one node of a cluster on this NATS (JetStream on); needs `DATABASE_URL`, and the same `STORE_SECRET` and `JWT_SECRET` on every node', 'unset: one process, in-process bus'),
    nodeId: strSetting('CLUSTER_NODE_ID', '', 'this node\'s id in the cluster (letters, digits, `_`, `-`); MUST differ from every other node\'s, also from this node\'s previous run', '`<hostname>-<random>`'),
    heartbeatMs: intSetting('CLUSTER_HEARTBEAT_MS', 500, 'each node says it is alive this often; three missed beats and the others hold sends to what it owns until its leases lapse'),
    prefix: strSetting('CLUSTER_SUBJECT_PREFIX', 'ac', 'first token of every NATS subject, so several clusters can share one NATS'),
  },
  derive: ({ url, nodeId, heartbeatMs, prefix }) => {
    const id = nodeId || `${hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)}-${randomBytes(4).toString('hex')}`;
    if (!NODE_ID.test(id)) throw new Error(`config: CLUSTER_NODE_ID must be 1–64 letters, digits, "_" or "-", got "${nodeId}"`);
    if (!NODE_ID.test(prefix)) throw new Error(`config: CLUSTER_SUBJECT_PREFIX must be 1–64 letters, digits, "_" or "-", got "${prefix}"`);
    if (heartbeatMs < 10) throw new Error(`config: CLUSTER_HEARTBEAT_MS must be at least 10, got ${heartbeatMs}`);
    return { enabled: url !== '', url, nodeId: id, heartbeatMs, prefix };
  },
});
