import { deliverToMailbox, reportToStderr, type DeliveryErrorReporter } from './delivery-failure.js';
import type { BusEvent, Envelope, MailboxHandler, Transport, TopicHandler, Unsubscribe } from './types.js';
import { serveKind } from './serve-kind.js';

export interface DeferredTransportOptions {
  /** Where a handler that threw is reported (default: stderr). The sender never sees the throw. */
  onError?: DeliveryErrorReporter;
  /**
   * Deliver a JSON copy of every message, as a network does (default true): a sender that
   * mutates what it sent, or sends something JSON cannot carry, shows up here first.
   */
  copy?: boolean;
}

interface Subscription {
  handler: TopicHandler;
  active: boolean;
}

type Pending =
  | { send: true; address: string; envelope: Envelope }
  | { send: false; topic: string; event: BusEvent; to: Subscription[] };

/**
 * A transport that behaves like a network inside one process: every `send` and `publish`
 * is delivered on a later macrotask (`setImmediate`, so socket I/O interleaves as it would
 * with NATS), in one FIFO — which keeps per sender → address and per-topic order, like
 * one NATS connection. A publish reaches the subscriptions that existed when it was made
 * and that are still active when it lands. Used by the transport conformance suite and
 * by the test that runs every session type over real sockets on it.
 * @example const server = await createServer({ bus: createBus(createDeferredTransport()) });
 */
export function createDeferredTransport(options: DeferredTransportOptions = {}): Transport {
  const onError = options.onError ?? reportToStderr;
  const copy = options.copy ?? true;
  const servers = new Map<string, MailboxHandler>();
  const topics = new Map<string, Set<Subscription>>();
  let queue: Pending[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let closed = false;

  const carry = <T>(value: T): T => (copy ? (JSON.parse(JSON.stringify(value)) as T) : value);

  function enqueue(pending: Pending) {
    if (closed) return;
    queue.push(pending);
    scheduled ??= setImmediate(flush);
  }

  /** One turn delivers what was queued before it; what handlers queue waits for the next turn. */
  function flush() {
    scheduled = undefined;
    const batch = queue;
    queue = [];
    for (const pending of batch) {
      if (closed) return;
      if (pending.send) deliver(pending.address, pending.envelope);
      else for (const subscription of pending.to) notify(subscription, pending.event, pending.topic);
    }
  }

  function deliver(address: string, envelope: Envelope) {
    deliverToMailbox(servers, address, envelope, publish, onError);
  }

  function notify(subscription: Subscription, event: BusEvent, topic: string) {
    if (!subscription.active) return;
    try {
      subscription.handler(event, topic);
    } catch (error) {
      onError(error, `subscriber of ${topic}`);
    }
  }

  function publish(topic: string, event: BusEvent) {
    const subscriptions = topics.get(topic);
    if (!subscriptions || closed) return;
    enqueue({ send: false, topic, event: carry(event), to: [...subscriptions] });
  }

  return {
    send(address: string, envelope: Envelope) {
      enqueue({ send: true, address, envelope: carry(envelope) });
    },

    serve: (kind: string, handler: MailboxHandler) => serveKind(servers, kind, handler),

    publish,

    subscribe(topic: string, handler: TopicHandler): Unsubscribe {
      let subscriptions = topics.get(topic);
      if (!subscriptions) topics.set(topic, (subscriptions = new Set()));
      const subscription: Subscription = { handler, active: true };
      subscriptions.add(subscription);
      return () => {
        subscription.active = false;
        subscriptions!.delete(subscription);
        if (subscriptions!.size === 0 && topics.get(topic) === subscriptions) topics.delete(topic);
      };
    },

    async close() {
      closed = true;
      queue = [];
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      servers.clear();
      for (const subscriptions of topics.values()) for (const subscription of subscriptions) subscription.active = false;
      topics.clear();
    },
  };
}
