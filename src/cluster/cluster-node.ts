import { connect } from '@nats-io/transport-node';
import { createNatsTransport, type NatsTransport } from '../bus/nats-transport.js';
import { openLeaseBucket } from './lease-bucket.js';
import { leasePlacement } from './lease-placement.js';
import { createLeaseTable, type LeaseTable } from './lease-table.js';

export interface ClusterNodeOptions {
  url: string;
  nodeId: string;
  prefix: string;
  heartbeatMs: number;
  leaseMs: number;
  leaseRenewMs: number;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

/** What the cluster node needs of the actor host (src/runtime's `ActorHost`). */
export interface HostedActors {
  holds(address: string): boolean;
  drop(address: string): void;
}

/**
 * One node of a cluster: its leases (JetStream KV) and its bus transport over NATS, on two
 * connections (the transport's has `noEcho`). `attach` ties them to the actor host: a lease
 * lost stops its actor at once, and a lease whose actor is gone (passivated, failed to load)
 * is released, so its next message places it anew.
 * @example const node = await startClusterNode({ ...config.nats, ...config.cluster, logger });
 */
export async function startClusterNode(options: ClusterNodeOptions) {
  const { logger, nodeId } = options;
  const servers = options.url.split(',').map((s) => s.trim());
  let nc;
  try {
    nc = await connect({ servers, name: `${nodeId}/leases`, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  } catch (error) {
    throw new Error(`cannot reach NATS at ${options.url} (NATS_URL): ${(error as Error).message}`);
  }
  const kv = await openLeaseBucket(nc, { leaseMs: options.leaseMs, bucket: `${options.prefix}_leases` });
  const leases: LeaseTable = await createLeaseTable({
    kv,
    node: nodeId,
    leaseMs: options.leaseMs,
    renewMs: options.leaseRenewMs,
    onError: (error) => logger.warn({ err: error }, 'cluster: a lease step failed (NATS away?); retrying'),
  });
  const transport: NatsTransport = await createNatsTransport({
    servers: options.url,
    placement: leasePlacement(leases),
    prefix: options.prefix,
    heartbeatMs: options.heartbeatMs,
    onError: (error, where) => logger.error({ err: error }, `bus: ${where} failed`),
    onStatus: (status) => {
      if (status === 'disconnect') logger.warn({ node: nodeId }, 'cluster: lost NATS; reconnecting');
      if (status === 'reconnect') logger.info({ node: nodeId }, 'cluster: NATS is back');
    },
  });
  let reconcile: NodeJS.Timeout | undefined;

  return {
    nodeId,
    transport,
    leases,
    /** Stop actors whose lease is lost; release leases whose actor is gone for a whole renewal period. */
    attach(host: HostedActors) {
      leases.onLost((address, why) => {
        logger.warn({ address, why }, 'cluster: lost the lease of an actor; stopping it here');
        host.drop(address);
      });
      let orphans = new Set<string>();
      reconcile = setInterval(() => {
        const next = new Set<string>();
        for (const address of leases.held()) {
          if (host.holds(address) || transport.waiting(address)) continue;
          if (orphans.has(address)) void leases.release(address).catch(() => {});
          else next.add(address);
        }
        orphans = next;
      }, options.leaseRenewMs);
      reconcile.unref();
    },
    /** What /healthz says about the cluster. */
    health() {
      return { node: nodeId, nodes: transport.nodes(), nats: transport.connected() ? 'connected' : 'reconnecting', leases: leases.held().length };
    },
    /** Graceful hand-off, step one: nothing more reaches this node's actors (see NatsTransport.leave). */
    leave: () => transport.leave(),
    /** Step two, after the actors were snapshotted: release every lease, send what waits to a peer, disconnect. */
    async close() {
      if (reconcile) clearInterval(reconcile);
      await leases.close({ release: true }).catch((error) => logger.warn({ err: error }, 'cluster: releasing leases failed; they lapse by themselves'));
      transport.handOff();
      await transport.close();
      await nc.close().catch(() => {});
    },
  };
}

export type ClusterNode = Awaited<ReturnType<typeof startClusterNode>>;
