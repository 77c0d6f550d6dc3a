import type { Clock } from './clock.js';
import type { Journal } from './journal.js';
import type { Logger } from './logger.js';
import type { Slot } from './slot.js';

export interface PersistenceDeps {
  journal: Journal;
  clock: Clock;
  logger: Logger;
  slots: Map<string, Slot>;
  passivateAfterMs: number;
  retire(slot: Slot): void;
}

/** Longest stretch a sweep runs before letting the event loop turn (a tick's frames must keep their deadlines). */
const SLICE_MS = 2;
/** Snapshots in a sweep's first commit; later ones are sized from how long the last took. */
const FIRST_BATCH = 16;
const MAX_BATCH = 512;

/**
 * Persistence: changed actors are snapshotted now and then (each snapshot goes through the
 * journal's commit, covers the journal so far and truncates it, so recovery replays little),
 * idle ones are passivated once nothing of theirs waits for a commit, and at shutdown every
 * actor is snapshotted and stopped. A live ticked actor is dirty every frame, so a playing
 * match is snapshotted on every sweep like any changed actor.
 */
export function createPersistence({ journal, clock, logger, slots, passivateAfterMs, retire }: PersistenceDeps) {
  /** Snapshot dirty actors and passivate idle ones. */
  async function sweep(): Promise<void> {
    // Marking is cheap; the commit that writes the marked snapshots is not (each one serialised,
    // sealed and written, all in one turn): 500 playing matches marked at once were one long commit.
    // So the sweep commits in batches sized to take about SLICE_MS, with a turn between them.
    let batch = FIRST_BATCH;
    let marked = 0;
    let sliceStart = performance.now();
    for (const slot of [...slots.values()]) {
      if (!slot.actor || slots.get(slot.address) !== slot || !slot.dirty) continue;
      journal.snapshot(slot);
      if (++marked < batch) continue;
      await journal.settled();
      const took = performance.now() - sliceStart;
      batch = Math.max(1, Math.min(MAX_BATCH, Math.round((batch * SLICE_MS) / Math.max(took, 0.01))));
      marked = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    await journal.settled();
    const now = clock.now();
    for (const slot of [...slots.values()]) {
      // An actor on the tick is never idle: its frames are its activity.
      const idle = now - slot.lastActiveAt >= passivateAfterMs && slot.tickState === undefined;
      if (!slot.actor || !idle || slot.dirty || journal.pending(slot) || slots.get(slot.address) !== slot) continue;
      if (slot.kind.canPassivate?.(slot.actor.getSnapshot()) ?? true) retire(slot);
    }
  }

  /** Snapshot every actor and stop them all (graceful shutdown). */
  async function flush(): Promise<void> {
    for (const slot of slots.values()) if (slot.actor) journal.snapshot(slot);
    try {
      await journal.settled();
    } catch (error) {
      logger.error({ err: error }, 'final snapshots failed');
    }
    for (const slot of slots.values()) slot.actor?.stop();
    slots.clear();
  }

  return { sweep, flush };
}
