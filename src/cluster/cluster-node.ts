import { connect } from '@nats-io/transport-node';
import { ACTOR_MOVED_TOPIC } from '../bus/actor-moved-topic.js';
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
  deactivate(address: string, how?: { handOff?: boolean }): Promise<void>;
  wake(address: string): void;
  countByKind(): Record<string, number>;
}

/** Where a leaving node lists the addresses it handed back, so a peer wakes them (a table's timers must not wait for a client). */
const HANDOFF_TOPIC = '_cluster/handoff';
/** Addresses per hand-off event (NATS payloads are limited to 1 MB by default). */
const HANDOFF_CHUNK = 500;

/**
 * One node of a cluster: its leases (JetStream KV) and its bus transport over NATS, on two
 * connections (the transport's has `noEcho`). `hostOptions` and `attach` tie them to the actor
 * host: an actor is activated only under its lease's fence, a lease lost stops its actor at
 * once, and an actor that stops here (passivated, failed to load) releases its lease, so its
 * next message places it anew.
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
  return {
    nodeId,
    transport,
    leases,
    /** For `createActorHost`: every store write of an actor carries its lease's fence; an actor that stops here gives its lease back. */
    hostOptions: {
      fenceFor(address: string): number {
        const fence = leases.fenceOf(address);
        // The transport hands a message to this host only while the lease is held: a lapse in between refuses the activation.
        if (fence === undefined) throw new Error(`cluster: ${address} is not this node's any more`);
        return fence;
      },
      onRetired(address: string) {
        if (transport.waiting(address)) return;
        void leases.release(address).catch((error) => logger.warn({ err: error, address }, 'cluster: a lease release failed; it lapses by itself'));
      },
    },
    /**
     * A lease lost (another node took it, or it ran out unrenewed) stops its actor here at once. A lease that
     * lapsed (its node died or froze) or was handed back by a leaving node is claimed, after a random pause
     * that spreads the work over the survivors, and its actor woken from the store: sessions with timers go
     * on without waiting for a client's message.
     */
    attach(host: HostedActors) {
      leases.onLost((address, why) => {
        logger.warn({ address, why }, 'cluster: lost the lease of an actor; stopping it here');
        void host.deactivate(address);
      });
      const served = new Set(Object.keys(host.countByKind()));
      const moved = (address: string) => transport.publish(ACTOR_MOVED_TOPIC, { type: 'moved', address });
      const takeOver = (address: string, handedOff = false) => {
        if (!served.has(address.slice(0, address.indexOf('/')))) return;
        setTimeout(() => {
          if (transport.leaving()) return;
          leases.claim(address).then(
            (claim) => {
              if (!claim.held) return;
              host.wake(address);
              if (handedOff) moved(address);
            },
            (error) => logger.warn({ err: error, address }, 'cluster: could not take over an actor; its next message will'),
          );
        }, Math.random() * 100).unref();
      };
      leases.onChange((change) => {
        if (change.reason === 'lapsed') takeOver(change.address);
        // Taken over from another node (whichever path claimed it: the lapse above, or a message that waited for it):
        // the actor comes back from the store, and the sockets bound to it on every node are told to re-attach.
        if (change.reason === 'claimed' && change.owner === nodeId && change.previous !== undefined && change.previous !== nodeId) moved(change.address);
      });
      transport.subscribe(HANDOFF_TOPIC, (event) => {
        if (event.from !== nodeId) for (const address of event.addresses as string[]) takeOver(address, true);
      });
    },
    /** What /healthz says about the cluster. */
    health() {
      return { node: nodeId, nodes: transport.nodes(), nats: transport.connected() ? 'connected' : 'reconnecting', leases: leases.held().length };
    },
    /** Graceful hand-off, step one: nothing more reaches this node's actors (see NatsTransport.leave). */
    leave: () => transport.leave(),
    /** Step two, after the actors were snapshotted: release every lease, send what waits to a peer, disconnect. */
    async close() {
      const handedBack = leases.held();
      await leases.close({ release: true }).catch((error) => logger.warn({ err: error }, 'cluster: releasing leases failed; they lapse by themselves'));
      for (let i = 0; i < handedBack.length; i += HANDOFF_CHUNK) {
        transport.publish(HANDOFF_TOPIC, { type: 'handoff', from: nodeId, addresses: handedBack.slice(i, i + HANDOFF_CHUNK) });
      }
      transport.handOff();
      await transport.close();
      await nc.close().catch(() => {});
    },
  };
}

export type ClusterNode = Awaited<ReturnType<typeof startClusterNode>>;
