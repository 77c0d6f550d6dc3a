import { nanoid } from 'nanoid';
import type { WebSocket } from 'uWebSockets.js';
import type { Bus, BusEvent } from '../bus/index.js';
import { connTopic, memberTopic } from '../contract/index.js';
import { handleControl } from './control-protocol.js';
import { createRateState, type RateLimit, type RateState } from './rate-limiter.js';
import type { TopicRelay } from './topic-relay.js';
import type { Connection, Identity, SocketRoute } from './types.js';

/** What uWS keeps per socket: the identity from the upgrade, then the connection. */
export interface SocketData {
  identity: Identity;
  conn?: GatewayConnection;
}

/** A connection as the gateway sees it: the route's view plus rate state, topics and bookkeeping. */
export interface GatewayConnection extends Connection {
  readonly rate: RateState;
  /** Topics this socket hears (uWS-subscribed and relayed). */
  readonly topics: ReadonlySet<string>;
  /** `$bind`: the socket is `member` of `address` and hears `topics`. */
  bind(address: string, member: string, topics: readonly string[]): void;
  /** `$unbind`: the socket leaves `address` and stops hearing `topics`. */
  unbindTopics(address: string, topics: readonly string[]): void;
  /**
   * A message is about to go to `address`, which this socket has not joined: make the bus
   * relay its session topic (and the socket's own member topic there) before the frame is
   * sent. A transport delivers a publish only to subscriptions made before it; without this,
   * what the actor publishes in the same step as its `$join` would be lost on a networked
   * bus (the `$bind` reaches the gateway after those events were published).
   */
  expect(address: string): void;
  /** The socket closed: stop timers, drop the bus subscriptions it held. */
  release(): void;
}

export interface ConnectionDeps {
  bus: Bus;
  relay: TopicRelay;
  limit: RateLimit;
  framesOut: { inc(): void };
}

/** How many joins a socket may have in flight (sent, `$bind` not yet back) before the oldest relay is dropped. */
const MAX_EXPECTED = 4;

export function createConnection(ws: WebSocket<SocketData>, route: SocketRoute, identity: Identity, deps: ConnectionDeps): GatewayConnection {
  const { bus, relay, framesOut } = deps;
  const { codec } = route;
  const id = nanoid();
  const controlTopic = connTopic(id);
  const bindings = new Map<string, string>();
  const topics = new Set<string>();
  /** Addresses `expect`ed and not yet bound, each holding the relay of its topics. */
  const expected: { address: string; topics: string[] }[] = [];
  let closed = false;
  let expiry: NodeJS.Timeout | undefined;

  function settle(index: number) {
    for (const topic of expected[index].topics) relay.release(topic);
    expected.splice(index, 1);
  }

  const conn: GatewayConnection = {
    id,
    path: route.path,
    identity,
    bindings,
    data: {},
    topics,
    remoteAddress: Buffer.from(ws.getRemoteAddressAsText()).toString(),
    rate: createRateState(deps.limit, Date.now()),
    get closed() {
      return closed;
    },
    send(event: BusEvent) {
      if (closed) return;
      ws.send(codec.encode(event), false);
      framesOut.inc();
    },
    sendError(code, message, request) {
      if (closed) return;
      ws.send(codec.error(code, message, request), false);
      framesOut.inc();
    },
    subscribe(topic) {
      if (closed || topics.has(topic)) return;
      topics.add(topic);
      ws.subscribe(topic);
      relay.acquire(topic, codec, framesOut);
    },
    unsubscribe(topic) {
      if (closed || !topics.delete(topic)) return;
      ws.unsubscribe(topic);
      relay.release(topic);
    },
    dispatch(address, event) {
      if (closed) return;
      conn.expect(address);
      // Never throws: an address nobody serves, or a failing actor, answers `$error` on the reply topic.
      bus.send(address, { event, from: { conn: id, member: bindings.get(address) ?? identity.member }, replyTo: controlTopic });
    },
    unbind(address) {
      bindings.delete(address);
    },
    bind(address, member, joined) {
      bindings.set(address, member);
      for (const topic of joined) conn.subscribe(topic);
      // Subscribed for real now: the relays held in expectation can go (the counts stay up).
      const index = expected.findIndex((e) => e.address === address);
      if (index !== -1) settle(index);
    },
    unbindTopics(address, left) {
      bindings.delete(address);
      for (const topic of left) conn.unsubscribe(topic);
    },
    expect(address) {
      if (closed || topics.has(address)) return;
      for (const e of expected) if (e.address === address) return;
      const member = bindings.get(address) ?? identity.member;
      const held = member === undefined ? [address] : [address, memberTopic(address, member)];
      for (const topic of held) relay.acquire(topic, codec, framesOut);
      expected.push({ address, topics: held });
      if (expected.length > MAX_EXPECTED) settle(0);
    },
    close(code, reason) {
      if (closed) return;
      ws.end(code, reason);
    },
    release() {
      closed = true;
      if (expiry) clearTimeout(expiry);
      unsubscribeControl();
      for (const topic of topics) relay.release(topic);
      topics.clear();
      while (expected.length > 0) settle(0);
    },
  };

  const unsubscribeControl = bus.subscribe(controlTopic, (event) => handleControl(conn, event));
  if (identity.expiresAt !== undefined) {
    const onExpiry = () => (route.expired ? route.expired(conn) : conn.close(1008, 'credential expired'));
    // setTimeout holds at most ~24.8 days; a longer-lived token is re-checked then.
    const arm = () => {
      const left = identity.expiresAt! - Date.now();
      expiry = left > 0x7fffffff ? setTimeout(arm, 0x7fffffff) : setTimeout(onExpiry, Math.max(0, left));
    };
    arm();
  }
  return conn;
}
