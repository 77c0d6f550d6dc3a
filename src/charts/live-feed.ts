import type { AnyMachineSnapshot } from 'xstate';
import type { BusEvent, Unsubscribe } from '../bus/index.js';
import type { ActorHost, Audience, Clock } from '../runtime/index.js';

/** One thing that happened to a live actor, as the host's observer saw it. */
export interface FeedEntry {
  /** Order across all actors. */
  seq: number;
  /** `in`: an event the actor handled; `out`: an event it emitted. */
  direction: 'in' | 'out';
  /** Epoch ms (the runtime's `$at` for handled events). */
  at: number;
  type: string;
  /** The event as it was: mask it before it leaves the server. */
  event: BusEvent;
  /** Audience of an emitted event. */
  to?: Audience;
  /** State value after a handled event. */
  value?: unknown;
}

export type FeedListener = (entry: FeedEntry) => void;

export interface LiveFeedOptions {
  host: Pick<ActorHost, 'observe' | 'snapshotOf'>;
  clock: Clock;
  /** Entries kept per actor. */
  historySize: number;
  /** How often to forget the history of actors that stopped (ms). */
  pruneEveryMs?: number;
}

/**
 * The live view's tap on the actor host: through `host.observe()`, the one path every
 * handled and emitted event passes, it keeps the last few entries per live actor and
 * tells watchers as they happen. An emitted event is recorded after the event that
 * caused it, so a history reads in cause → effect order.
 */
export function createLiveFeed(options: LiveFeedOptions) {
  const { host, clock, historySize } = options;
  /** Per actor, a fixed-size circular buffer: recording an event costs the same however long the history. */
  const rings = new Map<string, { items: FeedEntry[]; next: number }>();
  const listeners = new Map<string, Set<FeedListener>>();
  /** Emitted events waiting for the handled event that caused them (same synchronous step). */
  const pendingOut = new Map<string, FeedEntry[]>();
  let flushQueued = false;
  let seq = 0;

  const record = (address: string, entry: FeedEntry) => {
    entry.seq = ++seq;
    let ring = rings.get(address);
    if (!ring) rings.set(address, (ring = { items: [], next: 0 }));
    if (ring.items.length < historySize) ring.items.push(entry);
    else if (historySize > 0) ring.items[ring.next] = entry;
    ring.next = historySize > 0 ? (ring.next + 1) % historySize : 0;
    const watching = listeners.get(address);
    if (watching) for (const listener of watching) listener(entry);
  };

  const flushOut = (address: string) => {
    const pending = pendingOut.get(address);
    if (!pending) return;
    pendingOut.delete(address);
    for (const entry of pending) record(address, entry);
  };

  const unobserve = host.observe({
    onEvent(address: string, event: BusEvent, snapshot: AnyMachineSnapshot) {
      const at = typeof event.$at === 'number' ? event.$at : clock.now();
      record(address, { seq: 0, direction: 'in', at, type: event.type, event, value: snapshot.value });
      flushOut(address);
    },
    onEmit(address, outgoing) {
      const entry: FeedEntry = { seq: 0, direction: 'out', at: clock.now(), type: outgoing.event.type, event: outgoing.event, to: outgoing.to };
      const pending = pendingOut.get(address);
      if (pending) pending.push(entry);
      else pendingOut.set(address, [entry]);
      // Emitted by a timer (no handled event follows): record it once the current step is over.
      if (!flushQueued) {
        flushQueued = true;
        queueMicrotask(() => {
          flushQueued = false;
          for (const pendingAddress of [...pendingOut.keys()]) flushOut(pendingAddress);
        });
      }
    },
  });

  const prune = setInterval(() => {
    for (const address of [...rings.keys()]) {
      if (!host.snapshotOf(address) && !listeners.has(address)) rings.delete(address);
    }
  }, options.pruneEveryMs ?? 30_000);
  prune.unref();

  return {
    /** The last entries of an actor, oldest first. */
    history(address: string): readonly FeedEntry[] {
      const ring = rings.get(address);
      if (!ring) return [];
      if (ring.items.length < historySize) return [...ring.items];
      return [...ring.items.slice(ring.next), ...ring.items.slice(0, ring.next)];
    },
    /** Call `listener` for every entry of `address` from now on. */
    watch(address: string, listener: FeedListener): Unsubscribe {
      let set = listeners.get(address);
      if (!set) listeners.set(address, (set = new Set()));
      set.add(listener);
      return () => {
        set!.delete(listener);
        if (set!.size === 0 && listeners.get(address) === set) listeners.delete(address);
      };
    },
    close() {
      clearInterval(prune);
      unobserve();
      rings.clear();
      listeners.clear();
      pendingOut.clear();
    },
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
