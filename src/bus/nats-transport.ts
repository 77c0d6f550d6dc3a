import { connect, type NatsConnection, type Subscription as NatsSubscription } from '@nats-io/transport-node';
import { deliverToMailbox, kindOf, notServed, reportToStderr, type DeliveryErrorReporter } from './delivery-failure.js';
import { createInFlight } from './nats-in-flight.js';
import { createMembership, type Membership } from './nats-membership.js';
import { selfPlacement, type Placement } from './nats-placement.js';
import { subjectOf } from './nats-subject.js';
import { serveKind } from './serve-kind.js';
import { SystemEvent, isConnTopic } from '../contract/index.js';
import type { BusEvent, Envelope, MailboxHandler, Transport, TopicHandler, Unsubscribe } from './types.js';

export interface NatsTransportOptions {
  /** `nats://host:port`, or several separated by commas. */
  servers: string;
  /** Who owns which address (default: this node owns everything, a cluster of one). */
  placement?: Placement;
  /** Subject prefix, so several clusters can share one NATS (default `ac`). */
  prefix?: string;
  /** Heartbeat period (default 500 ms); a node silent for three beats is presumed dead. */
  heartbeatMs?: number;
  /** Where a handler that threw is reported (default: stderr). */
  onError?: DeliveryErrorReporter;
  /** Called on connection status changes (`disconnect`, `reconnect`, …), for logs. */
  onStatus?: (status: string) => void;
}

/** The NATS transport plus what a node reports about the cluster. */
export interface NatsTransport extends Transport {
  readonly nodeId: string;
  /** Nodes heard from recently, this one included. */
  nodes(): string[];
  /** Whether the connection to NATS is up now. */
  connected(): boolean;
  /** Whether sends to `address` wait here (its owner is being found, or it is being handed off). */
  waiting(address: string): boolean;
  /**
   * Graceful hand-off, step one: from now on nothing more is handed to this node's mailboxes; messages for
   * the addresses it owns wait here while its actors are snapshotted and their leases released.
   */
  leave(): void;
  /** Whether `leave` was called. */
  leaving(): boolean;
  /** Step two, once the leases are released: what waits, and whatever arrives later, goes to a live peer, which claims it. */
  handOff(): void;
}

/** A message on a node's mailbox subject: the address, the envelope, and how often it was forwarded. */
interface Carried {
  a: string;
  e: Envelope;
  h: number;
}

/** A send waiting in its address's FIFO; `done` answers a placement request once it went somewhere. */
interface Pending {
  envelope: Envelope;
  hops: number;
  since: number;
  done?: (owner: string | undefined) => void;
}

interface Route {
  queue: Pending[];
  /** How many bounced messages were put back at the head of the queue (they keep their order there). */
  bounced: number;
  /** A claim or a placement request is in flight: the queue waits for it. */
  busy: boolean;
  retry: NodeJS.Timeout | undefined;
}

interface LocalSubscription {
  handler: TopicHandler;
  active: boolean;
}

const MAX_HOPS = 8;
const RETRY_MS = 200;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The bus over NATS (`@nats-io/transport-node`). Topics are subjects; each node has one mailbox subject and
 * a send goes to the node that owns its address (its lease), through one FIFO per address, which keeps per
 * sender → address order while the owner is being found. See docs/cluster.md.
 * @example const bus = createBus(await createNatsTransport({ servers: 'nats://127.0.0.1:4222', placement }));
 */
export async function createNatsTransport(options: NatsTransportOptions): Promise<NatsTransport> {
  const placement = options.placement ?? selfPlacement(`n-${process.pid}`);
  const self = placement.self;
  const prefix = options.prefix ?? 'ac';
  const onError = options.onError ?? reportToStderr;
  // noEcho: what this node publishes reaches its own subscribers directly, never twice.
  const nc: NatsConnection = await connect({
    servers: options.servers.split(',').map((s) => s.trim()),
    name: self,
    noEcho: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 5_000,
  });
  let isConnected = true;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') isConnected = false;
      if (status.type === 'reconnect') isConnected = true;
      options.onStatus?.(status.type);
    }
  })().catch(() => {});

  const membership: Membership = createMembership(nc, prefix, self, options.heartbeatMs ?? 500);
  const servers = new Map<string, MailboxHandler>();
  const kindSubs = new Map<string, NatsSubscription>();
  const topics = new Map<string, { sub: NatsSubscription; locals: Set<LocalSubscription> }>();
  const routes = new Map<string, Route>();
  /** Forwards until their owner confirms them or the server bounces them (see nats-in-flight.ts). */
  const inFlight = createInFlight<Pending>();
  let forwarded = 0;
  const bounceSubject = `${prefix}.nr.${self}`;
  const probing = setInterval(() => {
    if (!isConnected || closed) return;
    for (const owner of inFlight.overdue(Date.now())) {
      const seq = ++forwarded;
      inFlight.probe(owner, seq, Date.now());
      natsPublish(`${prefix}.n.${owner}`, '', `${bounceSubject}.${seq}`);
    }
  }, 250);
  probing.unref();
  let closed = false;
  let leaving = false;
  let handedOff = false;

  function natsPublish(subject: string, body: string, reply?: string): void {
    try {
      nc.publish(subject, encoder.encode(body), reply ? { reply } : undefined);
    } catch (error) {
      // Closed or draining: `send`/`publish` never throw at the caller (a closed transport drops).
      if (!closed) onError(error, `publish on ${subject}`);
    }
  }

  function notifyLocal(topic: string, event: BusEvent) {
    const entry = topics.get(topic);
    if (!entry) return;
    for (const local of [...entry.locals]) {
      if (!local.active) continue;
      try {
        local.handler(event, topic);
      } catch (error) {
        onError(error, `subscriber of ${topic}`);
      }
    }
  }

  function publish(topic: string, event: BusEvent): void {
    if (closed) return;
    notifyLocal(topic, event);
    // A socket's own topic has one subscriber, the gateway holding the socket: heard here, nobody else on NATS wants it.
    if (isConnTopic(topic) && topics.has(topic)) return;
    natsPublish(subjectOf(prefix, 't', topic), JSON.stringify(event));
  }

  function replyError(envelope: Envelope, code: string, message: string) {
    if (envelope.replyTo) publish(envelope.replyTo, { type: SystemEvent.error, code, message, request: envelope.event });
  }

  // ---- mailboxes: one FIFO per address until its owner is known ------------------------------------------

  function route(address: string, pending: Pending) {
    if (closed) return;
    let entry = routes.get(address);
    if (!entry) routes.set(address, (entry = { queue: [], bounced: 0, busy: false, retry: undefined }));
    entry.queue.push(pending);
    if (entry.queue.length === 1 && !entry.busy) drain(address, entry);
  }

  function drain(address: string, entry: Route) {
    while (entry.queue.length > 0 && !entry.busy && !closed) {
      const owner = placement.ownerOf(address);
      const pending = entry.queue[0];
      if (leaving) {
        if (owner !== undefined && owner !== self && membership.alive(owner)) forward(owner, address, entry.queue.shift()!);
        else if (!handedOff) break;
        else {
          const peer = membership.nodes().find((node) => node !== self);
          const shifted = entry.queue.shift()!;
          if (peer) forward(peer, address, shifted);
          else {
            replyError(shifted.envelope, 'SERVER_ERROR', 'server is shutting down');
            shifted.done?.(undefined);
          }
        }
      } else if (owner === self) {
        entry.queue.shift();
        deliverLocal(address, pending);
      } else if (!isConnected) {
        // NATS is away: what needs another node or the lease bucket is refused now, not held in the client's
        // reconnect buffer (a socket would hear nothing until NATS is back, and then perhaps from a stale owner).
        entry.queue.shift();
        refuseUnavailable(pending);
      } else if (owner !== undefined && membership.alive(owner) && pending.hops === 0) {
        entry.queue.shift();
        forward(owner, address, pending);
      } else if (owner !== undefined && !membership.alive(owner)) {
        // Its owner is gone: hold the queue until the lease lapses and someone (most likely we) claims it.
        if (Date.now() - pending.since > 30_000) {
          entry.queue.shift();
          replyError(pending.envelope, 'SERVER_ERROR', `the node that owns ${address} is gone and nobody took it over`);
          pending.done?.(undefined);
          continue;
        }
        resolve(address, entry);
      } else {
        // Unowned, or a forwarded message we were wrong to receive: ask the authority before moving it.
        resolve(address, entry);
      }
    }
    if (entry.queue.length === 0) entry.bounced = 0;
    if (entry.queue.length === 0 && !entry.busy && routes.get(address) === entry) routes.delete(address);
  }

  function deliverLocal(address: string, pending: Pending) {
    deliverToMailbox(servers, address, pending.envelope, publish, onError);
    pending.done?.(self);
  }

  function refuseUnavailable(pending: Pending) {
    replyError(pending.envelope, 'SERVER_ERROR', 'the cluster is unavailable; try again');
    pending.done?.(undefined);
  }

  function forward(owner: string, address: string, pending: Pending) {
    if (!isConnected && !leaving) return refuseUnavailable(pending);
    if (pending.hops >= MAX_HOPS) {
      replyError(pending.envelope, 'SERVER_ERROR', `no node would take ${address}`);
      pending.done?.(undefined);
      return;
    }
    const carried: Carried = { a: address, e: pending.envelope, h: pending.hops + 1 };
    // The owner answers the reply subject with an empty receipt before it handles the message; the server writes
    // a 503 "no responders" there when no mailbox subscription exists (the node died): not delivered.
    const seq = ++forwarded;
    inFlight.add({ seq, owner, address, pending, at: Date.now() });
    natsPublish(`${prefix}.n.${owner}`, JSON.stringify(carried), `${bounceSubject}.${seq}`);
    pending.done?.(owner);
  }

  /**
   * A forward (or probe) that reached no one: its owner is gone. It and every earlier forward the owner never
   * confirmed (the server handed them to a connection that was already dead) go back to the heads of their
   * addresses' queues, in order.
   */
  function bounced(seq: number) {
    const settled = inFlight.bounced(seq);
    if (!settled) return;
    membership.gone(settled.owner);
    const touched = new Map<string, Route>();
    for (const sent of settled.lost) {
      let entry = routes.get(sent.address);
      if (!entry) routes.set(sent.address, (entry = { queue: [], bounced: 0, busy: false, retry: undefined }));
      entry.queue.splice(entry.bounced++, 0, { ...sent.pending, done: undefined });
      touched.set(sent.address, entry);
    }
    for (const [address, entry] of touched) if (!entry.busy) drain(address, entry);
  }

  /** The queue's head needs the authority: claim (we serve the kind) or place it with a serving node. */
  function resolve(address: string, entry: Route) {
    entry.busy = true;
    const kind = kindOf(address);
    const finish = () => {
      entry.busy = false;
      drain(address, entry);
    };
    if (!servers.has(kind)) return void placeRemotely(address, entry).finally(finish);
    placement.claim(address).then(
      (owner) => {
        const pending = entry.queue[0];
        if (!pending || leaving) return finish();
        if (owner === self) {
          entry.queue.shift();
          deliverLocal(address, pending);
          finish();
        } else if (membership.alive(owner)) {
          entry.queue.shift();
          forward(owner, address, pending);
          finish();
        } else {
          entry.retry = setTimeout(() => {
            entry.retry = undefined;
            finish();
          }, RETRY_MS);
        }
      },
      (error) => {
        // The lease bucket is out of reach (NATS away): answer now rather than hold a socket's frames for ever.
        onError(error, `claim of ${address}`);
        const pending = entry.queue.shift();
        if (pending) {
          replyError(pending.envelope, 'SERVER_ERROR', 'the cluster is unavailable; try again');
          pending.done?.(undefined);
        }
        finish();
      },
    );
  }

  /** A kind this node does not serve: one serving node (queue group) takes the message; none → NOT_FOUND. */
  async function placeRemotely(address: string, entry: Route) {
    const pending = entry.queue.shift()!;
    const carried: Carried = { a: address, e: pending.envelope, h: pending.hops };
    try {
      await nc.request(subjectOf(prefix, 'k', kindOf(address)), encoder.encode(JSON.stringify(carried)), { timeout: 5_000 });
      pending.done?.(undefined);
    } catch (error) {
      if (closed) return;
      const noResponders = (error as { isNoResponders?: () => boolean }).isNoResponders?.() ?? false;
      if (noResponders) {
        if (pending.envelope.replyTo) publish(pending.envelope.replyTo, notServed(address, pending.envelope));
      } else replyError(pending.envelope, 'SERVER_ERROR', 'the cluster is unavailable; try again');
      pending.done?.(undefined);
    }
  }

  function receive(body: Uint8Array): Carried | undefined {
    try {
      return JSON.parse(decoder.decode(body)) as Carried;
    } catch (error) {
      onError(error, 'decoding a mailbox message');
      return undefined;
    }
  }

  /** Receipts owed for what arrived in this read, one per sender (the last reply subject: NATS keeps each sender's order). */
  const owed = new Map<string, string>();
  let arrived: Carried[] = [];
  let settling = false;
  /** Receipts first, then the messages: the receipts leave before anything the messages cause (one connection, in order). */
  function settleArrived() {
    settling = false;
    for (const reply of owed.values()) natsPublish(reply, '');
    owed.clear();
    const batch = arrived;
    arrived = [];
    for (const carried of batch) route(carried.a, { envelope: carried.e, hops: carried.h, since: Date.now() });
  }

  const mailboxSub = nc.subscribe(`${prefix}.n.${self}`, {
    callback: (error, msg) => {
      if (error || closed) return;
      if (!settling) {
        settling = true;
        queueMicrotask(settleArrived);
      }
      if (msg.reply) owed.set(msg.reply.slice(0, msg.reply.lastIndexOf('.')), msg.reply);
      if (msg.data.length === 0) return; // a sender's probe: the receipt was all it wanted
      const carried = receive(msg.data);
      if (carried) arrived.push(carried);
    },
  });

  const bounceSub = nc.subscribe(`${bounceSubject}.*`, {
    callback: (error, msg) => {
      if (error || closed) return;
      const seq = Number(msg.subject.slice(bounceSubject.length + 1));
      if (msg.headers?.code === 503) bounced(seq);
      else inFlight.received(seq); // a receipt covers every earlier forward to that owner
    },
  });

  function serve(kind: string, handler: MailboxHandler): Unsubscribe {
    const stop = serveKind(servers, kind, handler);
    const sub = nc.subscribe(subjectOf(prefix, 'k', kind), {
      queue: 'place',
      callback: (error, msg) => {
        if (error || closed) return;
        const carried = receive(msg.data);
        if (!carried) return;
        // Answer once it went somewhere, so the sender's next message to the address follows it.
        route(carried.a, { envelope: carried.e, hops: carried.h, since: Date.now(), done: () => msg.respond() });
      },
    });
    kindSubs.set(kind, sub);
    return () => {
      stop();
      if (kindSubs.get(kind) === sub) {
        kindSubs.delete(kind);
        sub.unsubscribe();
      }
    };
  }

  function subscribe(topic: string, handler: TopicHandler): Unsubscribe {
    let entry = topics.get(topic);
    if (!entry) {
      const locals = new Set<LocalSubscription>();
      const sub = nc.subscribe(subjectOf(prefix, 't', topic), {
        callback: (error, msg) => {
          if (error || closed) return;
          let event: BusEvent;
          try {
            event = JSON.parse(decoder.decode(msg.data)) as BusEvent;
          } catch (decodeError) {
            return onError(decodeError, `decoding an event of ${topic}`);
          }
          notifyLocal(topic, event);
        },
      });
      topics.set(topic, (entry = { sub, locals }));
    }
    const local: LocalSubscription = { handler, active: true };
    const mine = entry;
    mine.locals.add(local);
    return () => {
      if (!local.active) return;
      local.active = false;
      mine.locals.delete(local);
      if (mine.locals.size === 0 && topics.get(topic) === mine) {
        topics.delete(topic);
        mine.sub.unsubscribe();
      }
    };
  }

  return {
    nodeId: self,
    nodes: () => membership.nodes(),
    connected: () => isConnected && !nc.isClosed(),
    waiting: (address) => (routes.get(address)?.queue.length ?? 0) > 0,
    leave() {
      leaving = true;
    },
    leaving: () => leaving,
    handOff() {
      handedOff = true;
      for (const [address, entry] of [...routes]) if (!entry.busy) drain(address, entry);
    },
    send(address, envelope) {
      route(address, { envelope, hops: 0, since: Date.now() });
    },
    serve,
    publish,
    subscribe,
    async close() {
      if (closed) return;
      closed = true;
      membership.stop();
      for (const entry of routes.values()) if (entry.retry) clearTimeout(entry.retry);
      routes.clear();
      servers.clear();
      for (const entry of topics.values()) for (const local of entry.locals) local.active = false;
      topics.clear();
      mailboxSub.unsubscribe();
      bounceSub.unsubscribe();
      clearInterval(probing);
      inFlight.clear();
      // What was published last (a hand-off's forwards) leaves before the connection closes; not for ever if NATS is away.
      await Promise.race([nc.flush().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      await nc.close().catch(() => {});
    },
  };
}
