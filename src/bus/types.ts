/**
 * The bus seam. Everything that crosses it is plain JSON, so any transport
 * (in-process by default, NATS for scale-out) can carry it unchanged.
 *
 * Addresses are `<kind>/<id>` (an actor); topics are `<kind>/<id>` (everyone in a
 * session) or `<kind>/<id>/<member>` (one member), one-to-one with NATS subjects.
 */

import type { BusEvent, Sender } from '../contract/index.js';

export type { BusEvent, Sender };

/** One message to an actor's mailbox. */
export interface Envelope {
  /**
   * The receiving runtime stamps `$from` and `$at` onto this object (no copy on the hot
   * path): give every send its own event object.
   */
  event: BusEvent;
  from?: Sender;
  /** Topic that receives what the actor sends back to this message's sender. */
  replyTo?: string;
}

export type Unsubscribe = () => void;
export type MailboxHandler = (address: string, envelope: Envelope) => void;
export type TopicHandler = (event: BusEvent, topic: string) => void;

/**
 * A bus transport: five members, no knowledge of games or sockets. The semantics are the
 * ones a networked transport (NATS) can keep, and every transport keeps them — the
 * conformance suite in `test/bus/transport-conformance.ts` pins them:
 *
 * - **Delivery may be later.** `send` and `publish` may deliver before they return
 *   (in-process) or on a later turn of the event loop, in another process (NATS, the
 *   deferred test transport). Callers MUST NOT rely on either.
 * - **Order.** Messages from one sender to one address arrive in send order; events
 *   published on one topic arrive at each subscriber in publish order. Nothing is
 *   promised across addresses, topics or processes beyond that.
 * - **Subscriptions.** A subscription hears what is published after `subscribe` returns,
 *   and nothing once its `Unsubscribe` has run (an event still in flight is dropped).
 * - **Never throws at the sender.** `send` and `publish` do not throw for an address
 *   nobody serves, a topic nobody hears, or a handler that fails. An unserved address is
 *   reported like the actor host reports an unknown one: when the envelope has a
 *   `replyTo`, that topic hears `$error` with code `NOT_FOUND` (possibly later); without
 *   one the message is dropped. A mailbox handler that throws makes the `replyTo` hear
 *   `$error` `SERVER_ERROR`. Refusing a second `serve` of one kind is the one synchronous
 *   throw: it is a wiring mistake in the process that makes it.
 * - **Close.** Once `close()` has resolved nothing more is delivered, messages in flight
 *   included; later sends and publishes are dropped.
 */
export interface Transport {
  /** Deliver to the mailbox of `address`. Ordered per sender → address. */
  send(address: string, envelope: Envelope): void;
  /** Receive every message addressed to `<kind>/…`. One server per kind per process; a second `serve` throws. */
  serve(kind: string, handler: MailboxHandler): Unsubscribe;
  /** Deliver `event` to every subscriber of `topic`. Ordered per topic. */
  publish(topic: string, event: BusEvent): void;
  subscribe(topic: string, handler: TopicHandler): Unsubscribe;
  /** Stop delivering; resolves once nothing more will be delivered. */
  close(): Promise<void>;
}

export class BusTimeoutError extends Error {
  constructor(address: string, timeoutMs: number) {
    super(`no reply from ${address} within ${timeoutMs} ms`);
    this.name = 'BusTimeoutError';
  }
}
