import type { AnyActor } from 'xstate';
import type { BusEvent, Envelope } from '../bus/index.js';
import type { Clock } from './clock.js';
import type { ActorKind } from './actor-kind.js';
import type { TickedKind } from './tick-scheduler.js';

/** Everything the host keeps about one address: its actor once activated, its mailbox, its persistence and tick bookkeeping. */
export interface Slot {
  address: string;
  kind: ActorKind;
  /** Undefined while the actor is being activated (its messages wait in `queue`). */
  actor: AnyActor | undefined;
  queue: Envelope[];
  /** Store version of the last snapshot written or read (compare-and-set). */
  version: number;
  /** The ownership fence every store write of this actor carries (cluster mode: its lease's token); undefined in one process. */
  fence: number | undefined;
  dirty: boolean;
  startedAt: number;
  lastActiveAt: number;
  /** The message being handled, so `'sender'` can be resolved. */
  current: Envelope | undefined;
  /** A message is being handled: deliveries it causes synchronously wait their turn. */
  busy: boolean;
  /** The kind's tick, for an actor of a ticked kind. */
  ticked: TickedKind | undefined;
  /** While the actor is live on the tick: its ticked state (the context's own object), its context, and where frames go. */
  tickState: object | undefined;
  tickContext: object | undefined;
  tickTopic: string | undefined;
  /** The `emit` a step is given (one closure per slot, not per frame). */
  emitFrame: ((event: BusEvent) => void) | undefined;
  /** The clock its actor runs on: the host's, with every timer it fires seen by the journal. */
  clock: Clock;
  /** Events accepted this turn, not committed yet (the next journal entry). */
  journalEvents: BusEvent[];
  /** The next commit writes a snapshot of this actor instead of its events. */
  journalSnapshot: boolean;
  /** The journal is being replayed into the actor: nothing it emits leaves. */
  replaying: boolean;
}

/** A slot for an address not activated yet; every field set, so slots share one shape. */
export function createSlot(address: string, kind: ActorKind, now: number, first: Envelope | undefined, clock: Clock): Slot {
  return {
    address,
    kind,
    actor: undefined,
    queue: first ? [first] : [],
    version: 0,
    fence: undefined,
    dirty: false,
    startedAt: now,
    lastActiveAt: now,
    current: undefined,
    busy: false,
    ticked: undefined,
    tickState: undefined,
    tickContext: undefined,
    tickTopic: undefined,
    emitFrame: undefined,
    clock,
    journalEvents: [],
    journalSnapshot: false,
    replaying: false,
  };
}
