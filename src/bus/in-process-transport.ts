import { deliverToMailbox, reportToStderr, type DeliveryErrorReporter } from './delivery-failure.js';
import type { Envelope, MailboxHandler, Transport, TopicHandler, BusEvent, Unsubscribe } from './types.js';
import { serveKind } from './serve-kind.js';

export interface InProcessTransportOptions {
  /** Where a handler that threw is reported (default: stderr). The sender never sees the throw. */
  onError?: DeliveryErrorReporter;
}

/**
 * The default transport: delivery inside one process, before `send`/`publish` return.
 * Callers MUST NOT rely on that synchronicity — a networked transport delivers later
 * (see {@link Transport}; `createDeferredTransport` runs the same code that way).
 */
export function createInProcessTransport(options: InProcessTransportOptions = {}): Transport {
  const onError = options.onError ?? reportToStderr;
  const servers = new Map<string, MailboxHandler>();
  const topics = new Map<string, Set<TopicHandler>>();

  function publish(topic: string, event: BusEvent) {
    const handlers = topics.get(topic);
    if (!handlers) return;
    for (const handler of handlers) {
      // A failing subscriber is its own bug: the publisher and the other subscribers carry on.
      try {
        handler(event, topic);
      } catch (error) {
        onError(error, `subscriber of ${topic}`);
      }
    }
  }

  return {
    send(address: string, envelope: Envelope) {
      deliverToMailbox(servers, address, envelope, publish, onError);
    },

    serve: (kind: string, handler: MailboxHandler) => serveKind(servers, kind, handler),

    publish,

    subscribe(topic: string, handler: TopicHandler): Unsubscribe {
      let handlers = topics.get(topic);
      if (!handlers) topics.set(topic, (handlers = new Set()));
      handlers.add(handler);
      return () => {
        handlers!.delete(handler);
        if (handlers!.size === 0 && topics.get(topic) === handlers) topics.delete(topic);
      };
    },

    async close() {
      servers.clear();
      topics.clear();
    },
  };
}
