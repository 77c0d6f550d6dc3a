import type { NatsConnection, Subscription } from '@nats-io/transport-node';

export interface Membership {
  /** Whether `node` was heard from recently (this node always is; so is anyone during the first beats). */
  alive(node: string): boolean;
  /** The nodes heard from within the window, this one included, sorted. */
  nodes(): string[];
  /** The server said `node` has no mailbox any more: dead until it beats again. */
  gone(node: string): void;
  stop(): void;
}

/**
 * Heartbeats: every node publishes `<prefix>.hb.<self>` each `everyMs` and listens to the others'. A node not
 * heard for `missed` beats is presumed dead, so the transport holds sends to what it owns instead of publishing
 * them to a subject nobody reads.
 */
export function createMembership(nc: NatsConnection, prefix: string, self: string, everyMs: number, missed = 3): Membership {
  const seen = new Map<string, number>();
  const startedAt = Date.now();
  const window = everyMs * missed;
  const beat = () => {
    try {
      nc.publish(`${prefix}.hb.${self}`);
    } catch {
      // The connection is closing or reconnecting: the next beat goes out once it is back.
    }
  };
  const sub: Subscription = nc.subscribe(`${prefix}.hb.*`, {
    callback: (error, msg) => {
      if (error) return;
      seen.set(msg.subject.slice(prefix.length + 4), Date.now());
    },
  });
  beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return {
    alive(node) {
      if (node === self) return true;
      const last = seen.get(node);
      const now = Date.now();
      if (last === undefined) return now - startedAt < window;
      return now - last < window;
    },
    nodes() {
      const now = Date.now();
      return [self, ...[...seen].filter(([node, last]) => node !== self && now - last < window).map(([node]) => node)].sort();
    },
    gone(node) {
      if (node !== self) seen.set(node, -Infinity);
    },
    stop() {
      clearInterval(timer);
      sub.unsubscribe();
    },
  };
}
