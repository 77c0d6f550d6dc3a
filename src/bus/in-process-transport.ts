import type { Envelope, MailboxHandler, Transport, TopicHandler, BusEvent, Unsubscribe } from './types.js';

/**
 * The default transport: synchronous delivery inside one process. Callers MUST NOT
 * rely on that synchronicity — a networked transport delivers later.
 */
export function createInProcessTransport(): Transport {
  const servers = new Map<string, MailboxHandler>();
  const topics = new Map<string, Set<TopicHandler>>();

  return {
    send(address: string, envelope: Envelope) {
      const slash = address.indexOf('/');
      const kind = slash === -1 ? address : address.slice(0, slash);
      const server = servers.get(kind);
      if (!server) throw new Error(`bus: nothing serves actors of kind "${kind}" (address ${address})`);
      server(address, envelope);
    },

    serve(kind: string, handler: MailboxHandler): Unsubscribe {
      if (servers.has(kind)) throw new Error(`bus: kind "${kind}" is already served`);
      servers.set(kind, handler);
      return () => {
        if (servers.get(kind) === handler) servers.delete(kind);
      };
    },

    publish(topic: string, event: BusEvent) {
      const handlers = topics.get(topic);
      if (!handlers) return;
      for (const handler of handlers) handler(event, topic);
    },

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
