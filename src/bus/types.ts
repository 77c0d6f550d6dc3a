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

/** A bus transport: ~5 members, async-safe, no knowledge of games or sockets. */
export interface Transport {
  /** Deliver to the mailbox of `address`. Order is preserved per sender → address. */
  send(address: string, envelope: Envelope): void;
  /** Receive every message addressed to `<kind>/…`. One server per kind per process. */
  serve(kind: string, handler: MailboxHandler): Unsubscribe;
  publish(topic: string, event: BusEvent): void;
  subscribe(topic: string, handler: TopicHandler): Unsubscribe;
  close(): Promise<void>;
}

export class BusTimeoutError extends Error {
  constructor(address: string, timeoutMs: number) {
    super(`no reply from ${address} within ${timeoutMs} ms`);
    this.name = 'BusTimeoutError';
  }
}
