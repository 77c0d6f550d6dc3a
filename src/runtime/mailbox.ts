import type { AnyMachineSnapshot } from 'xstate';
import type { BusEvent, Envelope, Sender } from '../bus/index.js';
import type { Clock } from './clock.js';
import type { Observation } from './observation.js';
import type { Slot } from './slot.js';

export interface MailboxDeps {
  clock: Clock;
  slots: Map<string, Slot>;
  observation: Observation;
  /** The tick's input fast path: true when a live ticked actor took the message without a transition. */
  takeInput(slot: Slot, envelope: Envelope): boolean;
  /** The machine threw while handling `envelope`: `lastGood` is its snapshot from before. */
  supervise(slot: Slot, lastGood: AnyMachineSnapshot, envelope: Envelope, error: unknown): void;
}

/**
 * The mailbox: an actor handles one message at a time, in arrival order. A message that
 * arrives while one is being handled (an emit can synchronously cause another delivery to
 * the same actor, e.g. closing a socket runs its close hook, which sends `$disconnect`)
 * waits in the queue: handling it re-entrantly would clear `current` and lose the rest of
 * the first message's replies.
 */
export function createMailbox({ clock, slots, observation, takeInput, supervise }: MailboxDeps) {
  function process(slot: Slot, envelope: Envelope) {
    if (slot.busy) return void slot.queue.push(envelope);
    slot.busy = true;
    try {
      // An input of a live ticked actor is applied in place: no transition, no stamping.
      if (slot.tickState === undefined || !takeInput(slot, envelope)) handle(slot, envelope);
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
    observation.event(slot.address, event, after);
  }

  return { process };
}

export type Mailbox = ReturnType<typeof createMailbox>;
