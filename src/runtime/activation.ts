import { createActor, type AnyActor, type AnyMachineSnapshot } from 'xstate';
import type { Envelope } from '../bus/index.js';
import { SystemEvent, type Outgoing } from '../contract/index.js';
import type { Store } from '../store/index.js';
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
  /** A new slot of a ticked kind is bound to its tick; every snapshot change is reported. */
  bindTick(slot: Slot): void;
  syncTick(slot: Slot, snapshot: AnyMachineSnapshot): void;
  releaseTick(slot: Slot): void;
}

/**
 * Activation (virtual actors): the first message to an address creates its actor —
 * restored from the store's last snapshot when there is one (and told `$restored`), fresh
 * from the kind's input otherwise. Messages that arrive meanwhile wait in its mailbox.
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

  function open(address: string, envelope: Envelope) {
    const slash = address.indexOf('/');
    const kind = slash === -1 ? undefined : kinds.get(address.slice(0, slash));
    if (!kind) return deps.replyError(envelope, 'NOT_FOUND', `no actor at ${address}`);
    const slot = createSlot(address, kind, clock.now(), envelope);
    if (kind.tick) deps.bindTick(slot);
    slots.set(address, slot);
    void activate(slot);
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
        deps.process(slot, { event: { type: SystemEvent.restored, source: 'store' } });
      } else {
        // A kind's input may come from the store (a conversation's history): await it.
        const input = await slot.kind.input?.(id);
        slot.actor = start(slot, createActor(slot.kind.machine, { input, clock }));
      }
    } catch (error) {
      logger.error({ err: error, address: slot.address }, 'actor activation failed');
      slots.delete(slot.address);
      for (const envelope of slot.queue) deps.replyError(envelope, 'SERVER_ERROR', 'session could not be loaded');
      return;
    }
    const queued = slot.queue;
    slot.queue = [];
    for (const envelope of queued) if (slots.get(slot.address) === slot) deps.process(slot, envelope);
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
    if (slots.get(slot.address) === slot) slots.delete(slot.address);
  }

  return { deliver, start, retire };
}

export type Activation = ReturnType<typeof createActivation>;
