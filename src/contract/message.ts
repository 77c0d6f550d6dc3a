/**
 * What crosses the bus: plain JSON values only (no functions, classes or closures), so
 * any transport — in-process or NATS — carries them between processes unchanged.
 */

/** Who sent a message into an actor's mailbox. */
export interface Sender {
  /** Gateway connection id, when the message came from a socket. */
  conn?: string;
  /** Authenticated member id (user, player, seat holder), when known. */
  member?: string;
}

/** A machine event: `type` plus plain JSON fields. */
export interface BusEvent {
  type: string;
  [field: string]: unknown;
}

/**
 * An event as a machine receives it: the runtime stamps who sent it (`$from`) and the
 * runtime clock's time of delivery (`$at`, epoch ms; replay uses the recorded one).
 */
export type Stamped<TEvent extends { type: string }> = TEvent & { $from: Sender; $at: number };
