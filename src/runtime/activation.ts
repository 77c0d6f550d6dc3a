import { createActor, type AnyActor, type AnyMachineSnapshot } from 'xstate';
import type { BusEvent, Envelope } from '../bus/index.js';
import { SystemEvent, type Outgoing } from '../contract/index.js';
import type { JournalEntry, Store } from '../store/index.js';
import type { ActorKind } from './actor-kind.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import { createSlot, type Slot } from './slot.js';

export interface ActivationDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  kinds: ReadonlyMap<string, ActorKind>;
  slots: Map<string, Slot>;
  closing(): boolean;
  route(slot: Slot, outgoing: Outgoing): void;
  replyError(envelope: Envelope, code: string, message: string): void;
  process(slot: Slot, envelope: Envelope): void;
  /** Run a timer the actor's clock fired (the journal sees what it changes). */
  fire(slot: Slot, timer: () => void): void;
  /** Snapshot this actor in the next journal commit. */
  snapshot(slot: Slot): void;
  /** Whether the actor has something not committed yet. */
  pending(slot: Slot): boolean;
  /** A new slot of a ticked kind is bound to its tick; every snapshot change is reported. */
  bindTick(slot: Slot): void;
  syncTick(slot: Slot, snapshot: AnyMachineSnapshot): void;
  releaseTick(slot: Slot): void;
  /** The ownership fence of an address being activated (cluster mode); see `ActorHostOptions.fenceFor`. */
  fenceFor?(address: string): number | undefined | Promise<number | undefined>;
  /** An actor stopped being served here (passivated, lost, deactivated, beyond repair). */
  retired?(address: string): void;
}

/**
 * Activation (virtual actors): the first message to an address creates its actor —
 * recovered from the store when it has been there (its last snapshot, then the journal
 * entries after it replayed through the machine with nothing published, then told
 * `$restored`), fresh from the kind's input otherwise. Messages that arrive meanwhile wait
 * in its mailbox.
 */
export function createActivation(deps: ActivationDeps) {
  const { store, clock, logger, kinds, slots } = deps;

  /** Deliver a message to an address's mailbox, activating its actor first if needed. */
  function deliver(address: string, envelope: Envelope) {
    if (deps.closing()) return deps.replyError(envelope, 'SERVER_ERROR', 'server is shutting down');
    const slot = slots.get(address);
    if (slot === undefined) return void open(address, envelope);
    if (!slot.actor) slot.queue.push(envelope);
    else deps.process(slot, envelope);
  }

  /**
   * Activate the actor at `address` with no message for it (a cluster node taking over what a lost node ran:
   * its timers must fire without waiting for a client). Nothing happens if it is live or its kind unknown.
   */
  function wake(address: string) {
    if (deps.closing() || slots.has(address)) return;
    open(address, undefined, true);
  }

  function open(address: string, envelope: Envelope | undefined, onlyStored = false) {
    const slash = address.indexOf('/');
    const kind = slash === -1 ? undefined : kinds.get(address.slice(0, slash));
    if (!kind) return envelope && deps.replyError(envelope, 'NOT_FOUND', `no actor at ${address}`);
    const slot = createSlot(address, kind, clock.now(), envelope, clock);
    slot.clock = {
      now: () => clock.now(),
      setTimeout: (fn, timeout) => clock.setTimeout(() => deps.fire(slot, fn as () => void), timeout),
      clearTimeout: (id) => clock.clearTimeout(id),
    };
    if (kind.tick) deps.bindTick(slot);
    slots.set(address, slot);
    void activate(slot, onlyStored);
  }

  /** `onlyStored`: an address with nothing in the store is not created (a woken address that never committed). */
  async function activate(slot: Slot, onlyStored = false) {
    try {
      // Cluster mode: the fence is raised in the store before anything is read, so no write
      // of a previous owner lands after this recovery.
      // (No fence provider, one process: no await either, so activation runs as it always did.)
      if (deps.fenceFor) slot.fence = await deps.fenceFor(slot.address);
      const { snapshot: stored, entries } = await store.recover(slot.address, slot.fence);
      if (slots.get(slot.address) !== slot) return; // deactivated meanwhile
      const id = slot.address.slice(slot.kind.kind.length + 1);
      if (stored) {
        slot.version = stored.version;
        recover(slot, stored.data, entries);
        // Restored actors have no pending timers (xstate#5331): machines re-arm from deadlines in context.
        // `source: 'store'`: no socket of the process that wrote the snapshot is connected any more.
        deps.process(slot, { event: { type: SystemEvent.restored, source: 'store' } });
        // The replayed entries are folded into a fresh snapshot, so the next recovery starts from here.
        if (entries.length > 0) deps.snapshot(slot);
      } else if (onlyStored && slot.queue.length === 0) {
        slots.delete(slot.address);
        deps.retired?.(slot.address);
        return;
      } else {
        // A kind's input may come from the store (a conversation's history): await it.
        const input = await slot.kind.input?.(id);
        if (slots.get(slot.address) !== slot) return;
        slot.actor = start(slot, createActor(slot.kind.machine, { input, clock: slot.clock }));
      }
    } catch (error) {
      logger.error({ err: error, address: slot.address }, 'actor activation failed');
      if (slots.get(slot.address) === slot) {
        slots.delete(slot.address);
        deps.retired?.(slot.address);
      }
      for (const envelope of slot.queue) deps.replyError(envelope, 'SERVER_ERROR', 'session could not be loaded');
      return;
    }
    const fresh = slot.version === 0 ? (slot.actor!.getSnapshot() as AnyMachineSnapshot) : undefined;
    const queued = slot.queue;
    slot.queue = [];
    for (const envelope of queued) if (slots.get(slot.address) === slot) deps.process(slot, envelope);
    if (fresh !== undefined && queued.length > 0 && slots.get(slot.address) === slot && nothingCreated(slot, fresh)) retire(slot);
  }

  /**
   * An address nobody created (a `subscribe` to a made-up channel id, a REST read of a made-up
   * game, the opponent's `$metrics` probe for a random session id): the actor built for its
   * first messages is still as it started, with nothing stored. It goes at once rather than
   * after `PASSIVATE_AFTER_MS`, whoever sent them, so made-up addresses cost a store read
   * each, never a live actor each. Nothing is lost: the next activation builds the same
   * fresh actor (from the kind's input: a channel's rows, a conversation's history).
   */
  function nothingCreated(slot: Slot, fresh: AnyMachineSnapshot): boolean {
    const now = slot.actor?.getSnapshot() as AnyMachineSnapshot | undefined;
    if (!now || slot.version !== 0 || deps.pending(slot) || slot.tickState !== undefined) return false;
    if (now.context !== fresh.context || now.status !== fresh.status || JSON.stringify(now.value) !== JSON.stringify(fresh.value)) return false;
    return slot.kind.canPassivate?.(now) ?? true;
  }

  /**
   * The last snapshot plus the journal after it, replayed through the machine: each event
   * carries the `$at` and `$from` it was first handled with, and the machine is
   * deterministic (time from `$at`, randomness from a generator in context), so it reaches
   * the state it had when the process died. An entry the machine cannot take (a bug in a
   * newer build) ends the replay there, loudly: the state up to it is kept.
   */
  function recover(slot: Slot, snapshot: unknown, entries: JournalEntry[]) {
    slot.replaying = true;
    try {
      let actor = start(slot, createActor(slot.kind.machine, { snapshot: snapshot as never, clock: slot.clock }));
      let good = 0;
      for (const { seq, entry } of entries) {
        for (const event of entry as BusEvent[]) actor.send(event);
        if (actor.getSnapshot().status === 'error') {
          logger.error({ address: slot.address, seq, err: actor.getSnapshot().error }, 'journal replay failed; recovering up to the entry before');
          actor.stop();
          actor = start(slot, createActor(slot.kind.machine, { snapshot: snapshot as never, clock: slot.clock }));
          for (const kept of entries.slice(0, good)) for (const event of kept.entry as BusEvent[]) actor.send(event);
          break;
        }
        good++;
      }
      slot.actor = actor;
    } finally {
      slot.replaying = false;
    }
  }

  /** Wire an actor to its slot (emits → audience routing, snapshots → dirty and the tick) and start it. */
  function start(slot: Slot, actor: AnyActor): AnyActor {
    actor.on('$out', (outgoing) => deps.route(slot, outgoing as unknown as Outgoing));
    const ticked = slot.ticked !== undefined;
    // MUST subscribe to errors: without it a throwing action resurfaces as uncaughtException.
    actor.subscribe({
      next: (snapshot) => {
        slot.dirty = true;
        if (ticked) deps.syncTick(slot, snapshot as AnyMachineSnapshot);
      },
      error: () => {},
    });
    actor.start();
    if (ticked) deps.syncTick(slot, actor.getSnapshot() as AnyMachineSnapshot);
    return actor;
  }

  /** Stop serving an address from here (passivated, lost to another process, or beyond repair). */
  function retire(slot: Slot) {
    slot.actor?.stop();
    deps.releaseTick(slot);
    if (slots.get(slot.address) !== slot) return;
    slots.delete(slot.address);
    deps.retired?.(slot.address);
  }

  return { deliver, wake, start, retire };
}

export type Activation = ReturnType<typeof createActivation>;
