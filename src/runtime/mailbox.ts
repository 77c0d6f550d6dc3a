import type { AnyMachineSnapshot } from 'xstate';
import type { BusEvent, Envelope, Sender } from '../bus/index.js';
import { SystemEvent } from '../contract/index.js';
import type { Clock } from './clock.js';
import type { Journal } from './journal.js';
import type { Observation } from './observation.js';
import type { Slot } from './slot.js';

export interface MailboxDeps {
  clock: Clock;
  slots: Map<string, Slot>;
  observation: Observation;
  journal: Journal;
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
export function createMailbox({ clock, slots, observation, journal, takeInput, supervise }: MailboxDeps) {
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
    const outer = journal.capture();
    let after = before;
    try {
      actor.send(event);
    } finally {
      slot.current = undefined;
      after = actor.getSnapshot() as AnyMachineSnapshot;
      journal.settle(outer, slot, after.status === 'error' ? undefined : acceptance(slot, before, after, event));
    }
    if (after.status === 'error') return supervise(slot, before, envelope, after.error);
    observation.event(slot.address, event, after);
  }

  /**
   * A timer of the actor fired (an XState delay on the host's clock): what it changed is
   * covered by a snapshot in the next commit, as a timer is not a message the journal could
   * replay; what it emitted waits for that commit.
   */
  function fire(slot: Slot, timer: () => void) {
    const actor = slot.actor;
    if (!actor || slot.replaying) return timer();
    const before = actor.getSnapshot() as AnyMachineSnapshot;
    const outer = journal.capture();
    try {
      timer();
    } finally {
      journal.settle(outer, slot, changed(before, actor.getSnapshot() as AnyMachineSnapshot) ? true : undefined);
    }
  }

  return { process, fire };
}

/**
 * What the journal keeps of a handled message: the message itself when it changed the
 * actor's state (context, state value or status: a rejection leaves all three, and XState
 * keeps the context object when no `assign` ran), `true` when the change must be a
 * snapshot (a ticked actor, whose frames are not journaled; a restore), nothing otherwise.
 */
function acceptance(slot: Slot, before: AnyMachineSnapshot, after: AnyMachineSnapshot, event: BusEvent): BusEvent | true | undefined {
  if (!changed(before, after)) return undefined;
  if (slot.ticked !== undefined || event.type === SystemEvent.restored) return true;
  return event;
}

function changed(before: AnyMachineSnapshot, after: AnyMachineSnapshot): boolean {
  if (after === before) return false;
  if (after.context !== before.context || after.status !== before.status) return true;
  const a = before.value;
  const b = after.value;
  return a !== b && (typeof a === 'string' || typeof b === 'string' || JSON.stringify(a) !== JSON.stringify(b));
}

export type Mailbox = ReturnType<typeof createMailbox>;
