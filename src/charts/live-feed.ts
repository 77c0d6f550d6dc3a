import type { AnyMachineSnapshot } from 'xstate';
import type { BusEvent, Unsubscribe } from '../bus/index.js';
import type { Audience } from '../contract/index.js';
import type { ActorHost, Clock } from '../runtime/index.js';

/** One thing that happened to a live actor, as the host's observer saw it. */
export interface FeedEntry {
  /** Order across all actors. */
  seq: number;
  /** `in`: an event the actor handled; `out`: an event it emitted. */
  direction: 'in' | 'out';
  /** Epoch ms (the runtime's `$at` for handled events). */
  at: number;
  type: string;
  /**
   * The event: whole for a watcher; in a history, only its type and sender (histories
   * keep no payloads, see below). Mask it before it leaves the server.
   */
  event: BusEvent;
  /** Audience of an emitted event. */
  to?: Audience;
  /** State value after a handled event (histories keep it when it is a plain string). */
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
 * The history of one actor, as parallel fixed-size arrays used as a circular buffer.
 * Keeping the events themselves would make the garbage collector promote every event
 * of every actor (measured: ~0.4 µs per event, ~2 µs with an emit); keeping their type,
 * time, sender and a string state value costs a few array writes.
 */
interface Ring {
  seq: Float64Array;
  at: Float64Array;
  out: Uint8Array;
  type: string[];
  /** The sender's member id (in) or the audience, as a string (out). */
  who: (string | undefined)[];
  value: (string | undefined)[];
  next: number;
  size: number;
}

const newRing = (size: number): Ring => ({
  seq: new Float64Array(size),
  at: new Float64Array(size),
  out: new Uint8Array(size),
  type: new Array<string>(size),
  who: new Array<string | undefined>(size),
  value: new Array<string | undefined>(size),
  next: 0,
  size: 0,
});

/** An audience as a string that is not a fresh object: `session`, `sender`, `member`, `conn`, or `#<topic>`. */
function audienceKey(to: Audience | undefined): string {
  if (to === undefined || typeof to === 'string') return to ?? 'sender';
  if ('member' in to) return 'member';
  if ('conn' in to) return 'conn';
  return `#${to.topic}`;
}

/** Back from {@link audienceKey}; private audiences lose who they were (the view shows only their kind). */
function audienceOf(key: string): Audience {
  if (key === 'session' || key === 'sender') return key;
  if (key === 'member') return { member: '' };
  if (key === 'conn') return { conn: '' };
  return { topic: key.slice(1) };
}

/**
 * The live view's tap on the actor host: through `host.observe()`, the one path every
 * handled and emitted event passes, it keeps the last few entries per live actor and
 * hands whole entries to watchers as they happen. An emitted event is recorded after the
 * event that caused it, so a history reads in cause → effect order.
 */
export function createLiveFeed(options: LiveFeedOptions) {
  const { host, clock } = options;
  const capacity = Math.max(0, options.historySize);
  const rings = new Map<string, Ring>();
  const listeners = new Map<string, Set<FeedListener>>();
  /** Emitted events of the step in progress (all of one actor: the host runs one step at a time). */
  const pending: FeedEntry[] = [];
  let pendingCount = 0; // reusing the array: setting its length is a slow path
  let pendingAddress = '';
  let flushQueued = false;
  let seq = 0;

  const record = (address: string, entry: FeedEntry) => {
    entry.seq = ++seq;
    if (capacity > 0) {
      let ring = rings.get(address);
      if (!ring) rings.set(address, (ring = newRing(capacity)));
      const i = ring.next;
      ring.seq[i] = entry.seq;
      ring.at[i] = entry.at;
      ring.out[i] = entry.direction === 'out' ? 1 : 0;
      ring.type[i] = entry.type;
      ring.who[i] = entry.direction === 'out' ? audienceKey(entry.to) : (entry.event.$from as { member?: string } | undefined)?.member;
      ring.value[i] = typeof entry.value === 'string' ? entry.value : undefined;
      ring.next = (i + 1) % capacity;
      if (ring.size < capacity) ring.size++;
    }
    const watching = listeners.get(address);
    if (watching) for (const listener of watching) listener(entry);
  };

  const flushPending = () => {
    // record() never re-enters the feed (watchers only schedule a send), so the list can be reused.
    for (let i = 0; i < pendingCount; i++) record(pendingAddress, pending[i]);
    pendingCount = 0;
  };

  const unobserve = host.observe({
    onEvent(address: string, event: BusEvent, snapshot: AnyMachineSnapshot) {
      if (pendingCount > 0 && pendingAddress !== address) flushPending();
      const at = typeof event.$at === 'number' ? event.$at : clock.now();
      record(address, { seq: 0, direction: 'in', at, type: event.type, event, value: snapshot.value });
      if (pendingCount > 0) flushPending();
    },
    onEmit(address, outgoing) {
      if (pendingCount > 0 && pendingAddress !== address) flushPending();
      pendingAddress = address;
      pending[pendingCount++] = { seq: 0, direction: 'out', at: clock.now(), type: outgoing.event.type, event: outgoing.event, to: outgoing.to };
      // Emitted by a timer (no handled event follows): record it once the current step is over.
      if (!flushQueued) {
        flushQueued = true;
        queueMicrotask(() => {
          flushQueued = false;
          flushPending();
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
    /** The last entries of an actor, oldest first (types, times, senders and audiences; no payloads). */
    history(address: string): FeedEntry[] {
      const ring = rings.get(address);
      if (!ring) return [];
      const entries: FeedEntry[] = [];
      for (let k = 0; k < ring.size; k++) {
        const i = (ring.next - ring.size + k + capacity) % capacity;
        const out = ring.out[i] === 1;
        const member = ring.who[i] as string | undefined;
        entries.push({
          seq: ring.seq[i],
          direction: out ? 'out' : 'in',
          at: ring.at[i],
          type: ring.type[i],
          event: out || member === undefined ? { type: ring.type[i] } : { type: ring.type[i], $from: { member } },
          ...(out ? { to: audienceOf(ring.who[i] as string) } : ring.value[i] === undefined ? {} : { value: ring.value[i] }),
        });
      }
      return entries;
    },
    /** Call `listener` with every whole entry of `address` from now on. */
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
      pendingCount = 0;
    },
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
