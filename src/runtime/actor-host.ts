import { createActor, type AnyActor, type AnyMachineSnapshot } from 'xstate';
import type { Bus, BusEvent, Envelope, Sender, Unsubscribe } from '../bus/index.js';
import { VersionConflictError, type Store } from '../store/index.js';
import type { ActorKind } from './actor-kind.js';
import { connTopic, memberTopic, type Outgoing } from '../contract/index.js';
import { systemClock, type Clock } from './clock.js';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface ActorHostOptions {
  bus: Bus;
  store: Store;
  kinds: readonly ActorKind[];
  clock?: Clock;
  logger?: Logger;
  passivateAfterMs?: number;
  snapshotEveryMs?: number;
  /** Run the snapshot/passivation sweep on a timer (tests call `sweep()` themselves). */
  autoSweep?: boolean;
}

/** What the host reports about one live actor (for /metrics and the chart view). */
export interface ActorInfo {
  address: string;
  kind: string;
  value: unknown;
  startedAt: number;
  lastActiveAt: number;
  members: number;
}

/** Observers see every processed event and every emitted one (the live chart view hangs here). */
export interface ActorObserver {
  onEvent?(address: string, event: BusEvent, snapshot: AnyMachineSnapshot): void;
  onEmit?(address: string, outgoing: Outgoing): void;
}

interface Slot {
  address: string;
  kind: ActorKind;
  actor?: AnyActor;
  queue: Envelope[];
  version: number;
  dirty: boolean;
  startedAt: number;
  lastActiveAt: number;
  /** The message being handled, so `'sender'` can be resolved. */
  current?: Envelope;
  /** A message is being handled: deliveries it causes synchronously wait their turn. */
  busy?: boolean;
}

/**
 * The actor host: activates an actor for an address on its first message (virtual
 * actors), feeds its mailbox one message at a time, turns what it emits into topic
 * messages by audience, supervises it, snapshots it and passivates it when idle.
 */
export function createActorHost(options: ActorHostOptions) {
  const { bus, store, clock = systemClock, logger = silentLogger } = options;
  const passivateAfterMs = options.passivateAfterMs ?? 60_000;
  const snapshotEveryMs = options.snapshotEveryMs ?? 5_000;
  const slots = new Map<string, Slot>();
  const kinds = new Map(options.kinds.map((k) => [k.kind, k]));
  const observers = new Set<ActorObserver>();
  const unserve: Unsubscribe[] = [];
  let closing = false;

  for (const kind of kinds.values()) {
    unserve.push(bus.serve(kind.kind, (address, envelope) => deliver(address, envelope)));
  }

  function deliver(address: string, envelope: Envelope) {
    if (closing) return replyError(envelope, 'SERVER_ERROR', 'server is shutting down');
    let slot = slots.get(address);
    if (!slot) {
      const kind = kinds.get(address.slice(0, address.indexOf('/')));
      if (!kind || address.indexOf('/') === -1) return replyError(envelope, 'NOT_FOUND', `no actor at ${address}`);
      const now = clock.now();
      slot = { address, kind, queue: [envelope], version: 0, dirty: false, startedAt: now, lastActiveAt: now };
      slots.set(address, slot);
      void activate(slot);
      return;
    }
    if (!slot.actor) slot.queue.push(envelope);
    else process(slot, envelope);
  }

  async function activate(slot: Slot) {
    try {
      const stored = await store.getSnapshot(slot.address);
      const id = slot.address.slice(slot.kind.kind.length + 1);
      if (stored) {
        slot.version = stored.version;
        slot.actor = start(slot, createActor(slot.kind.machine, { snapshot: stored.data as never, clock }));
        // Restored actors have no pending timers (xstate#5331): machines re-arm from deadlines in context.
        // `source: 'store'`: no socket of the process that wrote the snapshot is connected any more.
        process(slot, { event: { type: '$restored', source: 'store' } });
      } else {
        const input = await slot.kind.input?.(id);
        slot.actor = start(slot, createActor(slot.kind.machine, { input, clock }));
      }
    } catch (error) {
      logger.error({ err: error, address: slot.address }, 'actor activation failed');
      slots.delete(slot.address);
      for (const envelope of slot.queue) replyError(envelope, 'SERVER_ERROR', 'session could not be loaded');
      return;
    }
    const queued = slot.queue;
    slot.queue = [];
    for (const envelope of queued) if (slots.get(slot.address) === slot) process(slot, envelope);
  }

  function start(slot: Slot, actor: AnyActor): AnyActor {
    actor.on('$out', (outgoing) => route(slot, outgoing as unknown as Outgoing));
    // MUST subscribe to errors: without it a throwing action resurfaces as uncaughtException.
    actor.subscribe({ next: () => (slot.dirty = true), error: () => {} });
    actor.start();
    return actor;
  }

  function process(slot: Slot, envelope: Envelope) {
    // One message at a time: an emit can synchronously cause another delivery to this
    // actor (e.g. closing a socket runs its close hook, which sends `$disconnect`). Handling
    // it re-entrantly would clear `current` and lose the rest of the first message's replies.
    if (slot.busy) return void slot.queue.push(envelope);
    slot.busy = true;
    try {
      handle(slot, envelope);
    } finally {
      slot.busy = false;
    }
    while (slot.queue.length > 0 && slot.actor && slots.get(slot.address) === slot) process(slot, slot.queue.shift()!);
  }

  function handle(slot: Slot, envelope: Envelope) {
    const actor = slot.actor!;
    const before = actor.getSnapshot() as AnyMachineSnapshot;
    const now = clock.now();
    slot.lastActiveAt = now;
    slot.current = envelope;
    // Stamp the delivered event in place: every delivery carries a fresh object (decoded from a
    // frame, built by a REST handler, or deserialised by a transport). Copying it with a spread
    // cost ~3 µs per message here — more than the XState transition itself (bench/gateway.ts).
    const event = envelope.event as BusEvent & { $from: Sender; $at: number };
    event.$from = envelope.from ?? {};
    event.$at = now;
    try {
      actor.send(event);
    } finally {
      slot.current = undefined;
    }
    const after = actor.getSnapshot() as AnyMachineSnapshot;
    if (after.status === 'error') return supervise(slot, before, envelope, after.error);
    if (observers.size > 0) for (const observer of observers) observer.onEvent?.(slot.address, event, after);
  }

  /** An actor whose machine threw is restored to its last good snapshot; the sender hears SERVER_ERROR. */
  function supervise(slot: Slot, lastGood: AnyMachineSnapshot, envelope: Envelope, error: unknown) {
    logger.error({ err: error, address: slot.address, event: envelope.event.type }, 'actor failed; restoring last good snapshot');
    replyError(envelope, 'SERVER_ERROR', 'the session could not handle that message; nothing changed');
    const persisted = slot.kind.machine.getPersistedSnapshot(lastGood);
    slot.actor!.stop();
    try {
      slot.actor = start(slot, createActor(slot.kind.machine, { snapshot: persisted as never, clock }));
      process(slot, { event: { type: '$restored', source: 'supervisor' } });
    } catch (restoreError) {
      logger.error({ err: restoreError, address: slot.address }, 'actor could not be restored; dropping it');
      slots.delete(slot.address);
    }
  }

  function route(slot: Slot, outgoing: Outgoing) {
    if (observers.size > 0) for (const observer of observers) observer.onEmit?.(slot.address, outgoing);
    const { to, event } = outgoing;
    let topic: string | undefined;
    if (to === 'session') topic = slot.address;
    else if (to === 'sender') topic = slot.current?.replyTo;
    else if ('member' in to) topic = memberTopic(slot.address, to.member);
    else if ('conn' in to) topic = connTopic(to.conn);
    else topic = to.topic;
    if (!topic) return; // a timer-driven event has no sender to answer
    bus.publish(topic, controlFor(slot.address, event));
  }

  /** `$join`/`$leave` become gateway instructions naming the topics to (un)subscribe. */
  function controlFor(address: string, event: BusEvent): BusEvent {
    if (event.type !== '$join' && event.type !== '$leave') return event;
    const member = String(event.member);
    return {
      type: event.type === '$join' ? '$bind' : '$unbind',
      address,
      member,
      topics: [address, memberTopic(address, member)],
    };
  }

  function replyError(envelope: Envelope, code: string, message: string) {
    if (envelope.replyTo) bus.publish(envelope.replyTo, { type: '$error', code, message, request: envelope.event });
  }

  async function persist(slot: Slot): Promise<void> {
    const actor = slot.actor;
    if (!actor || !slot.dirty) return;
    const snapshot = actor.getSnapshot();
    slot.dirty = false;
    if (slot.kind.shouldPersist && !slot.kind.shouldPersist(snapshot)) return;
    try {
      slot.version = await store.putSnapshot(slot.address, actor.getPersistedSnapshot(), slot.version);
    } catch (error) {
      if (error instanceof VersionConflictError) {
        // Another process owns this session now: stop serving it from here.
        logger.error({ address: slot.address }, 'lost ownership of actor (version conflict); stopping it');
        actor.stop();
        slots.delete(slot.address);
        return;
      }
      slot.dirty = true;
      throw error;
    }
  }

  /** Snapshot dirty actors and passivate idle ones. */
  async function sweep(): Promise<void> {
    const now = clock.now();
    for (const slot of [...slots.values()]) {
      if (!slot.actor) continue;
      try {
        await persist(slot);
      } catch (error) {
        logger.error({ err: error, address: slot.address }, 'snapshot failed');
        continue;
      }
      const idle = now - slot.lastActiveAt >= passivateAfterMs;
      const snapshot = slot.actor.getSnapshot();
      if (idle && (slot.kind.canPassivate?.(snapshot) ?? true) && !slot.dirty) {
        slot.actor.stop();
        slots.delete(slot.address);
      }
    }
  }

  const timer = options.autoSweep === false ? undefined : setInterval(() => void sweep(), Math.min(snapshotEveryMs, passivateAfterMs));
  timer?.unref();

  return {
    /** Deliver a message directly (the bus does this for every served kind). */
    deliver,
    sweep,
    observe(observer: ActorObserver): Unsubscribe {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    /** The snapshot of a live actor, or undefined. */
    snapshotOf(address: string): AnyMachineSnapshot | undefined {
      return slots.get(address)?.actor?.getSnapshot() as AnyMachineSnapshot | undefined;
    },
    list(kind?: string): ActorInfo[] {
      const infos: ActorInfo[] = [];
      for (const slot of slots.values()) {
        if (!slot.actor || (kind && slot.kind.kind !== kind)) continue;
        const snapshot = slot.actor.getSnapshot() as AnyMachineSnapshot;
        infos.push({
          address: slot.address,
          kind: slot.kind.kind,
          value: snapshot.value,
          startedAt: slot.startedAt,
          lastActiveAt: slot.lastActiveAt,
          members: slot.kind.members?.(snapshot) ?? 0,
        });
      }
      return infos;
    },
    countByKind(): Record<string, number> {
      const counts: Record<string, number> = Object.fromEntries([...kinds.keys()].map((k) => [k, 0]));
      for (const slot of slots.values()) counts[slot.kind.kind]++;
      return counts;
    },
    /** Flush every actor's snapshot and stop them all (graceful shutdown). */
    async close(): Promise<void> {
      closing = true;
      if (timer) clearInterval(timer);
      for (const slot of slots.values()) {
        try {
          slot.dirty = true;
          await persist(slot);
        } catch (error) {
          logger.error({ err: error, address: slot.address }, 'final snapshot failed');
        }
        slot.actor?.stop();
      }
      slots.clear();
      for (const stop of unserve) stop();
    },
  };
}

export type ActorHost = ReturnType<typeof createActorHost>;
export type { Sender };
