import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';

/** The bucket every node of one cluster keeps its actor-ownership leases in. */
export const LEASE_BUCKET = 'actorcade_leases';

/** Entries older than this many leases are dropped by the server: a backstop for keys nobody releases. */
const MAX_AGE_IN_LEASES = 20;

/**
 * Open (creating it on first use) the JetStream KV bucket of actor-ownership leases. One
 * value per key (`history: 1`): a lease is its latest value and revision. nats-server 2.9 has
 * no per-key TTL, so expiry is judged by each node (see `createLeaseTable`); the bucket's
 * max age (`MAX_AGE_IN_LEASES` leases, at least a minute) only sweeps keys whose holder
 * vanished and nobody took over, so the bucket does not grow with every actor ever run.
 * Every node of a cluster MUST open it with the same `leaseMs`, or the first one's max age holds.
 *
 * @example
 * const kv = await openLeaseBucket(nc, { leaseMs: config.cluster.leaseMs });
 */
export async function openLeaseBucket(nc: NatsConnection, options: { leaseMs: number; bucket?: string; timeoutMs?: number }): Promise<KV> {
  const js = jetstream(nc, { timeout: options.timeoutMs ?? Math.max(1_000, options.leaseMs) });
  return new Kvm(js).create(options.bucket ?? LEASE_BUCKET, {
    history: 1,
    ttl: Math.max(60_000, options.leaseMs * MAX_AGE_IN_LEASES),
    timeout: options.timeoutMs ?? Math.max(1_000, options.leaseMs),
  });
}
