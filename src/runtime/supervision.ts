import type { AnyActor, AnyMachineSnapshot } from 'xstate';
import { createActor } from 'xstate';
import type { Envelope } from '../bus/index.js';
import { SystemEvent } from '../contract/index.js';
import type { Logger } from './logger.js';
import type { Slot } from './slot.js';

export interface SupervisionDeps {
  logger: Logger;
  replyError(envelope: Envelope, code: string, message: string): void;
  /** Wire and start a (restored) actor for a slot. */
  start(slot: Slot, actor: AnyActor): AnyActor;
  process(slot: Slot, envelope: Envelope): void;
  /** Stop serving an address from here. */
  retire(slot: Slot): void;
}

/**
 * Supervision: an actor whose machine threw is restored to its last good snapshot (the one
 * from before the failing message) and told `$restored {source: 'supervisor'}`; the sender
 * hears SERVER_ERROR. The throw never reaches another actor or the process.
 */
export function createSupervisor({ logger, replyError, start, process, retire }: SupervisionDeps) {
  return function supervise(slot: Slot, lastGood: AnyMachineSnapshot, envelope: Envelope, error: unknown) {
    logger.error({ err: error, address: slot.address, event: envelope.event.type }, 'actor failed; restoring last good snapshot');
    replyError(envelope, 'SERVER_ERROR', 'the session could not handle that message; nothing changed');
    const persisted = slot.kind.machine.getPersistedSnapshot(lastGood);
    slot.actor!.stop();
    try {
      slot.actor = start(slot, createActor(slot.kind.machine, { snapshot: persisted as never, clock: slot.clock }));
      process(slot, { event: { type: SystemEvent.restored, source: 'supervisor' } });
    } catch (restoreError) {
      logger.error({ err: restoreError, address: slot.address }, 'actor could not be restored; dropping it');
      retire(slot);
    }
  };
}
