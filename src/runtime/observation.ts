import type { AnyMachineSnapshot } from 'xstate';
import type { BusEvent, Unsubscribe } from '../bus/index.js';
import type { Outgoing } from '../contract/index.js';

/**
 * Observers see every processed event and every emitted one (the live chart view hangs here).
 * A ticked actor's frames and the inputs its tick takes are not shown: at 60 a second they
 * would push everything else out of an actor's history; observers read its moving state
 * with `snapshotOf` instead.
 */
export interface ActorObserver {
  onEvent?(address: string, event: BusEvent, snapshot: AnyMachineSnapshot): void;
  onEmit?(address: string, outgoing: Outgoing): void;
}

/** The host's one tap for inspection: free while nobody observes. */
export function createObservation() {
  const observers = new Set<ActorObserver>();
  return {
    observe(observer: ActorObserver): Unsubscribe {
      observers.add(observer);
      return () => void observers.delete(observer);
    },
    event(address: string, event: BusEvent, snapshot: AnyMachineSnapshot) {
      if (observers.size > 0) for (const observer of observers) observer.onEvent?.(address, event, snapshot);
    },
    emit(address: string, outgoing: Outgoing) {
      if (observers.size > 0) for (const observer of observers) observer.onEmit?.(address, outgoing);
    },
  };
}

export type Observation = ReturnType<typeof createObservation>;
