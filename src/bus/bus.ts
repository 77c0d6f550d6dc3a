import { nanoid } from 'nanoid';
import { createInProcessTransport } from './in-process-transport.js';
import { BusTimeoutError, type BusEvent, type Sender, type Transport } from './types.js';

export interface RequestOptions {
  from?: Sender;
  timeoutMs?: number;
}

/** The message bus: a transport plus request/reply built on topics. */
export interface Bus extends Transport {
  /**
   * Send `event` to `address` and resolve with the first event the actor sends
   * back to its sender — which is `$error` (`NOT_FOUND`, `SERVER_ERROR`, …) when the
   * message could not be handled. Rejects with {@link BusTimeoutError} when nothing
   * answers within `timeoutMs` (default 5 s).
   * @example const reply = await bus.request('channel/42', { type: '$get' }, { from: { member: 'u1' } })
   */
  request(address: string, event: BusEvent, options?: RequestOptions): Promise<BusEvent>;
}

export function createBus(transport: Transport = createInProcessTransport()): Bus {
  return {
    send: (address, envelope) => transport.send(address, envelope),
    serve: (kind, handler) => transport.serve(kind, handler),
    publish: (topic, event) => transport.publish(topic, event),
    subscribe: (topic, handler) => transport.subscribe(topic, handler),
    close: () => transport.close(),

    request(address, event, { from, timeoutMs = 5_000 } = {}) {
      const inbox = `_inbox/${nanoid()}`;
      return new Promise<BusEvent>((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new BusTimeoutError(address, timeoutMs));
        }, timeoutMs);
        const unsubscribe = transport.subscribe(inbox, (reply) => {
          clearTimeout(timer);
          unsubscribe();
          resolve(reply);
        });
        transport.send(address, { event, from, replyTo: inbox });
      });
    },
  };
}
