import type { TemplatedApp } from 'uWebSockets.js';
import type { Bus, Unsubscribe } from '../bus/index.js';
import type { WireCodec } from './types.js';

interface Relay {
  sockets: number;
  unsubscribe: Unsubscribe;
}

/**
 * The bus topics this gateway listens to, ref-counted by the sockets that hear them: one bus
 * subscription per topic however many sockets listen, relayed to all of them by one
 * `app.publish` (uWS fans out in native code, encoding once).
 */
export interface TopicRelay {
  /** One more socket hears `topic`; the first one subscribes the bus, encoding with `codec`. */
  acquire(topic: string, codec: WireCodec<unknown>, framesOut: { inc(): void }): void;
  /** One socket fewer; the last one unsubscribes the bus. */
  release(topic: string): void;
  readonly size: number;
}

export function createTopicRelay(bus: Bus, app: TemplatedApp): TopicRelay {
  const relays = new Map<string, Relay>();
  return {
    acquire(topic, codec, framesOut) {
      const relay = relays.get(topic);
      if (relay) return void relay.sockets++;
      const unsubscribe = bus.subscribe(topic, (event) => {
        app.publish(topic, codec.encode(event), false);
        framesOut.inc();
      });
      relays.set(topic, { sockets: 1, unsubscribe });
    },
    release(topic) {
      const relay = relays.get(topic);
      if (!relay || --relay.sockets > 0) return;
      relay.unsubscribe();
      relays.delete(topic);
    },
    get size() {
      return relays.size;
    },
  };
}
