import type { AnyMachineSnapshot } from 'xstate';
import type { Bus, Envelope, Sender, Unsubscribe } from '../bus/index.js';
import type { Store } from '../store/index.js';
import { createActivation } from './activation.js';
import type { ActorKind } from './actor-kind.js';
import { createAudienceRouter } from './audience-router.js';
import { createJournal } from './journal.js';
import { systemClock, type Clock } from './clock.js';
import type { FrameTimers } from './frame-scheduler.js';
import { silentLogger, type Logger } from './logger.js';
import { createMailbox } from './mailbox.js';
import { createObservation } from './observation.js';
import { createPersistence } from './persistence.js';
import type { Slot } from './slot.js';
import { createSupervisor } from './supervision.js';
import { createTickScheduler } from './tick-scheduler.js';

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
  /** Monotonic timers the tick's frames are scheduled on (tests pass simulated ones). */
  frameTimers?: FrameTimers;
  /**
   * Cluster mode: the ownership fence of an address about to be activated here (its lease's
   * token), asked once per activation; every store write of that actor carries it, and a
   * write the store refuses for it stops the actor. Undefined (or no `fenceFor`): unfenced,
   * as in one process. Throwing or rejecting refuses the activation (its messages are
   * answered `SERVER_ERROR`).
   */
  fenceFor?: (address: string) => number | undefined | Promise<number | undefined>;
  /** Told when an actor stops being served here (passivated, lost, deactivated, failed to load): a cluster releases its lease. */
  onRetired?: (address: string) => void;
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

/**
 * The actor host: activates an actor for an address on its first message (virtual
 * actors), feeds its mailbox one message at a time, turns what it emits into topic
 * messages by audience, supervises it, snapshots it and passivates it when idle, and
 * steps the ticked ones on its one frame scheduler. Each concern is its own module; this
 * wires them together.
 */
export function createActorHost(options: ActorHostOptions) {
  const { bus, store, clock = systemClock, logger = silentLogger } = options;
  const passivateAfterMs = options.passivateAfterMs ?? 60_000;
  const snapshotEveryMs = options.snapshotEveryMs ?? 5_000;
  const slots = new CountedSlots();
  const kinds = new Map(options.kinds.map((k) => [k.kind, k]));
  let closing = false;

  const observation = createObservation();
  const journal = createJournal({
    bus,
    store,
    logger,
    persisted: (slot) => ticks.frozen(slot, slot.actor!.getPersistedSnapshot() as unknown as { context: unknown }),
    lost(slot, why) {
      logger.error({ address: slot.address, why }, `lost ownership of actor (${why === 'fence' ? 'a newer owner fenced it' : 'version conflict'}); stopping it`);
      activation.retire(slot);
    },
  });
  const router = createAudienceRouter({ publish: journal.publish, observation });
  const ticks = createTickScheduler({
    kinds: options.kinds,
    clock,
    // Frames are the moving state, never journaled and never an acknowledgement: they go at
    // once. What a frame reports (a point, the end) is snapshotted in the next commit and passes
    // the mailbox, where what it causes waits like any event.
    publish: (topic, event) => bus.publish(topic, event),
    persist: (slot) => journal.snapshot(slot),
    logger,
    timers: options.frameTimers,
    topicFor: router.topicFor,
    process: (slot, envelope) => mailbox.process(slot, envelope),
    retire: (slot) => activation.retire(slot),
  });
  const mailbox = createMailbox({
    clock,
    slots,
    observation,
    journal,
    takeInput: ticks.takeInput,
    supervise: (slot, lastGood, envelope, error) => supervise(slot, lastGood, envelope, error),
  });
  const activation = createActivation({
    store,
    clock,
    logger,
    kinds,
    slots,
    closing: () => closing,
    route: router.route,
    replyError: router.replyError,
    process: mailbox.process,
    fire: mailbox.fire,
    snapshot: journal.snapshot,
    pending: journal.pending,
    bindTick: ticks.bind,
    syncTick: ticks.sync,
    releaseTick: ticks.release,
    fenceFor: options.fenceFor,
    retired: options.onRetired,
  });
  const supervise = createSupervisor({
    logger,
    replyError: router.replyError,
    start: activation.start,
    process: mailbox.process,
    retire: activation.retire,
  });
  const persistence = createPersistence({ journal, clock, logger, slots, passivateAfterMs, retire: activation.retire });

  const unserve: Unsubscribe[] = [];
  for (const kind of kinds.values()) {
    unserve.push(bus.serve(kind.kind, (address, envelope) => activation.deliver(address, envelope)));
  }

  const timer = options.autoSweep === false ? undefined : setInterval(() => void persistence.sweep(), Math.min(snapshotEveryMs, passivateAfterMs));
  timer?.unref();

  return {
    /** Deliver a message directly (the bus does this for every served kind). */
    deliver: (address: string, envelope: Envelope) => activation.deliver(address, envelope),
    sweep: persistence.sweep,
    /** Activate the actor at `address` without a message, restored from the store (cluster takeover). */
    wake: (address: string) => activation.wake(address),
    /** Whether an actor lives (or is being activated) at `address` in this host. */
    holds: (address: string) => slots.has(address),
    /**
     * Stop serving `address` here (cluster mode). `handOff` (graceful): snapshot it, wait for
     * that commit, then stop it, so the next owner restores exactly this state. Otherwise
     * (its lease is lost) at once: nothing more of it is written, nothing it held back is
     * published. Messages waiting for its activation are answered `SERVER_ERROR`.
     */
    async deactivate(address: string, how: { handOff?: boolean } = {}): Promise<void> {
      const slot = slots.get(address);
      if (!slot) return;
      if (!slot.actor) {
        slots.delete(address);
        for (const envelope of slot.queue) router.replyError(envelope, 'SERVER_ERROR', 'session is moving to another node');
        options.onRetired?.(address);
        return;
      }
      if (how.handOff) {
        journal.snapshot(slot);
        await journal.settled();
      } else journal.forget(slot);
      activation.retire(slot);
    },
    /** Resolves once every accepted message so far is committed and what it caused is published. */
    settled: journal.settled,
    observe: observation.observe,
    /**
     * The snapshot of a live actor, or undefined. A live ticked actor's comes with a copy of
     * its ticked state taken now: a new object each time, as its state moves without transitions.
     */
    snapshotOf(address: string): AnyMachineSnapshot | undefined {
      const slot = slots.get(address);
      const snapshot = slot?.actor?.getSnapshot() as AnyMachineSnapshot | undefined;
      return snapshot && ticks.frozen(slot!, snapshot);
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
      return Object.fromEntries([...kinds.keys()].map((k) => [k, slots.countOf(k)]));
    },
    /** Live actors of one kind, in O(1) (the caps on live sessions ask on every creation). */
    countOf: (kind: string) => slots.countOf(kind),
    /** Stop the tick, flush every actor's snapshot and stop them all (graceful shutdown). */
    async close(): Promise<void> {
      closing = true;
      if (timer) clearInterval(timer);
      ticks.stop();
      await persistence.flush();
      for (const stop of unserve) stop();
    },
  };
}

export type ActorHost = ReturnType<typeof createActorHost>;
export type { Sender };

/** The host's actors by address, keeping a count per kind as they come and go. */
class CountedSlots extends Map<string, Slot> {
  private readonly counts = new Map<string, number>();

  countOf(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  override set(address: string, slot: Slot): this {
    const previous = this.get(address);
    if (previous) this.bump(previous.kind.kind, -1);
    this.bump(slot.kind.kind, 1);
    return super.set(address, slot);
  }

  override delete(address: string): boolean {
    const previous = this.get(address);
    if (previous) this.bump(previous.kind.kind, -1);
    return super.delete(address);
  }

  override clear(): void {
    this.counts.clear();
    super.clear();
  }

  private bump(kind: string, by: number) {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + by);
  }
}
