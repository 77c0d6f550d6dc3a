import { defineConfigSection } from './config-section.js';
import { intSetting } from './setting.js';

/**
 * Settings of cluster mode (several nodes on NATS, see docs/cluster.md): how long an
 * actor-ownership lease lasts without a renewal and how often its holder renews it.
 * A node's leases lapse `CLUSTER_LEASE_MS` after it stops renewing (killed, paused, cut
 * off); that is the floor of a failover. Renewing MUST be well inside the lease, or a
 * busy event loop loses leases it still means to hold: the renewal interval is refused
 * unless at least two renewals fit in one lease.
 */
export const clusterConfig = defineConfigSection({
  key: 'cluster',
  title: 'Cluster',
  settings: {
    leaseMs: intSetting('CLUSTER_LEASE_MS', 3_000, 'an actor\'s ownership lease lapses this long after its node last renewed it; another node then takes the actor over'),
    leaseRenewMs: intSetting('CLUSTER_LEASE_RENEW_MS', 1_000, 'how often a node renews the leases it holds (at most half of `CLUSTER_LEASE_MS`)'),
  },
  derive: ({ leaseMs, leaseRenewMs }) => {
    if (leaseMs < 100) throw new Error(`config: CLUSTER_LEASE_MS must be at least 100, got ${leaseMs}`);
    if (leaseRenewMs < 1 || leaseRenewMs * 2 > leaseMs) {
      throw new Error(`config: CLUSTER_LEASE_RENEW_MS must be between 1 and half of CLUSTER_LEASE_MS (${leaseMs}), got ${leaseRenewMs}`);
    }
    return { leaseMs, leaseRenewMs };
  },
});

export type ClusterConfig = ReturnType<typeof clusterConfig.load>;
