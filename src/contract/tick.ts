import type { Audience } from './audience.js';
import type { BusEvent } from './message.js';

/** Sends one event of a frame to the audience the kind's `audience()` names (resolved once per transition, not per frame). */
export type FrameEmit = (event: BusEvent) => void;

/**
 * A cheap input handler of a ticked actor: applies `event` to the live ticked state in
 * place, at server time `now`, and answers true when it took it. False hands the event
 * to the machine as usual. No XState transition runs for a taken input.
 */
export type TickInput<TContext, TState> = (state: TState, event: BusEvent, now: number, context: TContext) => boolean;

/**
 * What makes an actor kind a ticked one: a fixed-rate simulation on a state its machine
 * keeps in context. While `active(snapshot)` holds, the runtime's one frame scheduler calls
 * `step` on `context[field]` every frame, without an XState transition; what a step
 * reports (a point, the end) reaches the machine as an event; inputs that `input` takes
 * are applied without one either.
 *
 * The ticked state MUST be flat: the step and the inputs write its fields in place and
 * replace nested values, never mutate them, so a shallow copy is a true snapshot of it.
 *
 * @example
 * tick: { hz: 60, field: 'game', active: (s) => s.matches('playing'), audience: (c) => ({ member: c.id }), step, input }
 */
export interface TickSpec<TSnapshot extends { context: object }, TState extends object> {
  /** Frames per second. Every ticked kind of one host runs on its one scheduler, at one rate. */
  hz: number;
  /** The context field that holds the ticked state. */
  field: keyof TSnapshot['context'] & string;
  /** Whether the actor is stepped in this snapshot; asked after every transition. */
  active(snapshot: TSnapshot): boolean;
  /** Who hears what a step emits. */
  audience(context: TSnapshot['context']): Audience;
  /**
   * One frame at wall time `now` (epoch ms): advance `state` in place, emit what the frame
   * sends, and return an event for the machine when something happened it must hear, else
   * null. Pure apart from `state` and `emit`; SHOULD allocate nothing it can avoid.
   */
  step(state: TState, now: number, emit: FrameEmit): BusEvent | null;
  /** Inputs applied to the live state by event type, without a transition. */
  input?: Readonly<Record<string, TickInput<TSnapshot['context'], TState>>>;
}
