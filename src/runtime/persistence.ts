import { VersionConflictError, type Store } from '../store/index.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Slot } from './slot.js';

export interface PersistenceDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  slots: Map<string, Slot>;
  passivateAfterMs: number;
  /** The snapshot with a copy of a live ticked state, so the data handed to the store never moves on. */
  frozen<T extends { context: unknown }>(slot: Slot, snapshot: T): T;
  retire(slot: Slot): void;
}

/** Longest stretch a sweep runs before letting the event loop turn (a tick's frames must keep their deadlines). */
const SLICE_MS = 2;

/**
 * Persistence: changed actors are snapshotted (compare-and-set on the store's version, so
 * two processes never both own a session: a conflict stops the actor here), idle ones are
 * passivated, and at shutdown every actor is flushed. A live ticked actor is dirty every
 * frame, so a playing match is snapshotted on every sweep like any changed actor.
 */
export function createPersistence({ store, clock, logger, slots, passivateAfterMs, frozen, retire }: PersistenceDeps) {
  async function persist(slot: Slot): Promise<void> {
    const actor = slot.actor;
    if (!actor || !slot.dirty) return;
    const snapshot = actor.getSnapshot();
    slot.dirty = false;
    if (slot.kind.shouldPersist && !slot.kind.shouldPersist(snapshot)) return;
    try {
      slot.version = await store.putSnapshot(slot.address, frozen(slot, actor.getPersistedSnapshot() as unknown as { context: unknown }), slot.version);
    } catch (error) {
      if (error instanceof VersionConflictError) {
        // Another process owns this session now: stop serving it from here.
        logger.error({ address: slot.address }, 'lost ownership of actor (version conflict); stopping it');
        retire(slot);
        return;
      }
      slot.dirty = true;
      throw error;
    }
  }

  /** Snapshot dirty actors and passivate idle ones. */
  async function sweep(): Promise<void> {
    const now = clock.now();
    let sliceStart = performance.now();
    for (const slot of [...slots.values()]) {
      if (!slot.actor || slots.get(slot.address) !== slot) continue;
      try {
        await persist(slot);
      } catch (error) {
        logger.error({ err: error, address: slot.address }, 'snapshot failed');
        continue;
      }
      // An actor on the tick is never idle: its frames are its activity.
      const idle = now - slot.lastActiveAt >= passivateAfterMs && slot.tickState === undefined;
      if (slot.actor && idle && (slot.kind.canPassivate?.(slot.actor.getSnapshot()) ?? true) && !slot.dirty) retire(slot);
      // A store that answers synchronously would otherwise run the whole sweep in one turn.
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }

  /** Flush every actor's snapshot and stop them all (graceful shutdown). */
  async function flush(): Promise<void> {
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
  }

  return { persist, sweep, flush };
}
