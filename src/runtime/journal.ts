import type { Bus, BusEvent } from '../bus/index.js';
import type { JournalBatch, Store } from '../store/index.js';
import type { Logger } from './logger.js';
import type { Slot } from './slot.js';

export interface JournalDeps {
  bus: Bus;
  store: Store;
  logger: Logger;
  /** The persisted snapshot of a live slot's actor with its ticked state frozen (what the store is given). */
  persisted(slot: Slot): { context: unknown };
  /**
   * Another process owns the address now: a snapshot's compare-and-set failed (`version`)
   * or the store has seen a newer ownership fence than the actor's (`fence`). Nothing the
   * actor held back is published; the host MUST stop it.
   */
  lost(slot: Slot, why: 'version' | 'fence'): void;
}

/** A publish held for the commit, and the actor whose handler made it (undefined: not made by a handler). */
type Held = [topic: string, event: BusEvent, from?: Slot];

/**
 * The write-ahead journal and the outbox, one of each per host. Every message an actor
 * accepts (it changed the actor's state) joins the current turn's batch; everything the host
 * publishes while a batch is open or being written waits in the outbox. Once per event-loop
 * turn (setImmediate) the batch becomes one store transaction for all actors — a journal
 * entry per actor holding that turn's accepted events, or a snapshot where replaying events
 * would not rebuild the state (a fresh actor, whose input may hold a random key; a timer or a
 * tick frame changed it; a restore; the periodic snapshot) — and only once it has committed
 * does the outbox reach the bus: no socket and no REST caller hears of an effect the store
 * could still lose. A turn with nothing accepted publishes at once.
 *
 * Ownership: every write carries the actor's fence (`slot.fence`, its lease's token in
 * cluster mode; none in one process). An actor whose write the store refuses — an older
 * fence than the newest it has seen, or a lost compare-and-set — belongs to another node
 * now: it is stopped, what its handlers held back is never published, and nothing more of
 * it is written (`forget`).
 */
export function createJournal({ bus, store, logger, persisted, lost }: JournalDeps) {
  let open = new Set<Slot>();
  let outbox: Held[] = [];
  let scheduled = false;
  /** The commit being written (an async store), so the next one starts after it: outboxes leave in turn order. */
  let writing: Promise<void> | undefined;
  /** Publishes of the handler running now, held until it is known whether it accepted its message. */
  let captured: Held[] | undefined;
  /** Actors this host no longer owns: their writes and held publishes are dropped. */
  const gone = new WeakSet<Slot>();

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(run);
  }

  function run() {
    scheduled = false;
    const mine: Promise<void> = (writing ?? Promise.resolve()).then(commit).finally(() => {
      if (writing === mine) writing = undefined;
    });
    writing = mine;
  }

  async function commit(): Promise<void> {
    const slots = open;
    const out = outbox;
    open = new Set();
    outbox = [];
    const batch: JournalBatch = { snapshots: [], appends: [] };
    const snapshotted: Slot[] = [];
    const written = new Map<string, Slot>();
    for (const slot of slots) {
      const events = slot.journalEvents;
      const whole = slot.journalSnapshot || slot.version === 0;
      slot.journalEvents = [];
      slot.journalSnapshot = false;
      if (!slot.actor || gone.has(slot)) continue;
      if (slot.kind.shouldPersist && !slot.kind.shouldPersist(slot.actor.getSnapshot())) {
        if (whole) slot.dirty = false;
        continue;
      }
      const fence = slot.fence === undefined ? {} : { fence: slot.fence };
      if (whole) {
        batch.snapshots.push({ address: slot.address, data: persisted(slot), expectedVersion: slot.version, ...fence });
        snapshotted.push(slot);
        slot.dirty = false;
      } else if (events.length > 0) batch.appends.push({ address: slot.address, entry: events, ...fence });
      else continue;
      written.set(slot.address, slot);
    }
    if (batch.snapshots.length > 0 || batch.appends.length > 0 || out.length > 0) {
      try {
        const { versions, fenced = [] } = await store.commit(batch);
        const refused = new Map<Slot, 'version' | 'fence'>();
        for (const address of fenced) {
          const slot = written.get(address);
          if (slot) refused.set(slot, 'fence');
        }
        versions.forEach((version, i) => {
          if (version !== null) snapshotted[i].version = version;
          else if (!refused.has(snapshotted[i])) refused.set(snapshotted[i], 'version');
        });
        for (const [slot, why] of refused) {
          gone.add(slot);
          lost(slot, why);
        }
      } catch (error) {
        // Nothing of the turn is durable: its effects are not announced (a REST caller times
        // out). The actors are ahead of the store now: the next commit (or the periodic sweep,
        // as they stay dirty) writes their whole state.
        logger.error({ err: error, actors: slots.size, held: out.length }, 'journal commit failed; what the turn caused is not announced');
        for (const slot of slots) if (slot.actor) slot.journalSnapshot = slot.dirty = true;
        return;
      }
    }
    for (const [topic, event, from] of out) if (from === undefined || !gone.has(from)) bus.publish(topic, event);
  }

  function mark(slot: Slot, whole: boolean) {
    if (whole) slot.journalSnapshot = true;
    open.add(slot);
    schedule();
  }

  /** Held publishes wait for the commit; otherwise they go now. `from`: the actor whose handler made it. */
  function publish(topic: string, event: BusEvent, from?: Slot) {
    if (captured !== undefined) captured.push([topic, event]);
    else if (open.size > 0 || writing !== undefined || outbox.length > 0) {
      outbox.push([topic, event, from]);
      schedule();
    }
    else bus.publish(topic, event);
  }

  return {
    publish,
    /** A handler starts: its publishes are captured until `settle` knows whether it accepted anything. */
    capture(): Held[] | undefined {
      const outer = captured;
      captured = [];
      return outer;
    },
    /**
     * The handler is done. `accepted`: the event it accepted (journaled), `true` when the
     * change must be covered by a snapshot, or undefined when its state did not change.
     */
    settle(outer: Held[] | undefined, slot: Slot, accepted: BusEvent | true | undefined) {
      const held = captured!;
      captured = outer;
      if (accepted === true) mark(slot, true);
      else if (accepted !== undefined) {
        slot.journalEvents.push(accepted);
        mark(slot, false);
      }
      if (held.length === 0 || gone.has(slot)) return;
      // A handler that changed nothing and left no repository call in flight has nothing to
      // make durable: what it emitted goes now (inside the socket's turn, one write for its
      // replies). One that changed nothing may still have written domain rows (a chat message
      // lives in the store, not in the actor): that waits for the commit, a barrier behind them.
      if (accepted === undefined && store.callsInFlight() === 0) {
        for (const [topic, event] of held) publish(topic, event, slot);
        return;
      }
      for (const entry of held) entry[2] = slot;
      outbox.push(...held);
      schedule();
    },
    /** Snapshot this actor in the next commit (periodic snapshot, shutdown). */
    snapshot(slot: Slot) {
      mark(slot, true);
    },
    /** Resolves once everything marked or published so far is committed and sent. */
    async settled(): Promise<void> {
      while (scheduled || writing !== undefined) {
        if (scheduled) await new Promise<void>((resolve) => setImmediate(resolve));
        else await writing;
      }
    },
    /** Whether an actor has something not committed yet (it must not be passivated). */
    pending: (slot: Slot) => open.has(slot),
    /** This host no longer owns the actor (its lease is lost): write nothing more of it and publish nothing it held back. */
    forget(slot: Slot) {
      gone.add(slot);
    },
  };
}

export type Journal = ReturnType<typeof createJournal>;
