import type { BusEvent, Sender } from './message.js';

/**
 * System events: the messages the runtime and the gateway exchange with actors, beside
 * a session's own. Each is named once here; `docs/architecture.md` has the same table.
 *
 * | event | from → to | meaning |
 * | --- | --- | --- |
 * | `$out` | machine → runtime | an emitted event and its audience (`out()`) |
 * | `$join` / `$leave` | machine → runtime (to the sender) | make the sender a member of the session / undo it (`join()`, `leave()`) |
 * | `$bind` / `$unbind` | runtime → gateway (connection topic) | subscribe / unsubscribe a socket to a session's topics |
 * | `$close` | machine → gateway (connection topic) | close the socket with a code (`closeConnection()`) |
 * | `$error` | runtime → gateway (reply topic) | the message could not be handled (`code`, `message`, `request`) |
 * | `$disconnect` | gateway → actor | a socket bound to the session closed |
 * | `$restored` | runtime → actor | the actor was restored (`source`: `store` or `supervisor`): re-arm deadlines |
 * | `$tick.point` | ticked step → its actor | a point was scored (`score`, and the `taunt` it triggered or null) |
 * | `$tick.taunt` | ticked step → its actor | a taunt triggered without a point (`taunt`) |
 * | `$tick.won` | ticked step → its actor | the simulation has a winner (`winner`); its last frame was sent |
 * | `$tick.lost` | ticked step → its actor | no input for longer than the kind allows: the step did not run |
 *
 * The `$tick.*` events are what a ticked actor's step returns (see `tick.ts`): the runtime
 * delivers them through the actor's mailbox like any message, so they are the only
 * transitions a running simulation costs.
 */
export const SystemEvent = {
  out: '$out',
  join: '$join',
  leave: '$leave',
  bind: '$bind',
  unbind: '$unbind',
  close: '$close',
  error: '$error',
  disconnect: '$disconnect',
  restored: '$restored',
  tickPoint: '$tick.point',
  tickTaunt: '$tick.taunt',
  tickWon: '$tick.won',
  tickLost: '$tick.lost',
} as const;

export type SystemEventType = (typeof SystemEvent)[keyof typeof SystemEvent];

/** Where a restored actor's snapshot came from: the store (a new process) or the supervisor (after a throw). */
export type RestoreSource = 'store' | 'supervisor';

export interface RestoredEvent {
  type: typeof SystemEvent.restored;
  source: RestoreSource;
}

export interface DisconnectEvent {
  type: typeof SystemEvent.disconnect;
}

/** `$bind`/`$unbind`: the gateway (un)subscribes the connection to these topics. */
export interface BindEvent {
  type: typeof SystemEvent.bind | typeof SystemEvent.unbind;
  address: string;
  member: string;
  topics: string[];
}

export interface ErrorEvent {
  type: typeof SystemEvent.error;
  code: string;
  message: string;
  request?: BusEvent;
}

export type { Sender };
