import { SystemEvent } from '../contract/index.js';
import type { BusEvent, Envelope, MailboxHandler } from './types.js';

/** Where a transport reports a handler that threw (it has no logger of its own). */
export type DeliveryErrorReporter = (error: unknown, where: string) => void;

export const reportToStderr: DeliveryErrorReporter = (error, where) => console.error(`bus: ${where} failed`, error);

/** The kind part of an address (`poker/t-1` → `poker`). */
export function kindOf(address: string): string {
  const slash = address.indexOf('/');
  return slash === -1 ? address : address.slice(0, slash);
}

/** `$error` NOT_FOUND for a message to an address no process serves: what the actor host says for an unknown actor. */
export function notServed(address: string, envelope: Envelope): BusEvent {
  return {
    type: SystemEvent.error,
    code: 'NOT_FOUND',
    message: `nothing serves actors of kind "${kindOf(address)}" (address ${address})`,
    request: envelope.event,
  };
}

/** `$error` SERVER_ERROR for a message whose mailbox handler threw. */
export function handlerFailed(envelope: Envelope): BusEvent {
  return {
    type: SystemEvent.error,
    code: 'SERVER_ERROR',
    message: 'the server could not handle that message; nothing changed',
    request: envelope.event,
  };
}

/**
 * Hand an envelope to the mailbox handler of its kind, the way every transport must: an
 * unserved address answers `notServed`, a throwing handler is reported and answers
 * `handlerFailed`, both on the envelope's `replyTo`; nothing throws at the caller.
 */
export function deliverToMailbox(
  servers: ReadonlyMap<string, MailboxHandler>,
  address: string,
  envelope: Envelope,
  publish: (topic: string, event: BusEvent) => void,
  onError: DeliveryErrorReporter,
): void {
  const server = servers.get(kindOf(address));
  if (!server) {
    if (envelope.replyTo) publish(envelope.replyTo, notServed(address, envelope));
    return;
  }
  try {
    server(address, envelope);
  } catch (error) {
    onError(error, `mailbox of ${address}`);
    if (envelope.replyTo) publish(envelope.replyTo, handlerFailed(envelope));
  }
}
