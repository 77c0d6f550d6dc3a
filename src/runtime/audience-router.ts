import type { BusEvent, Envelope } from '../bus/index.js';
import { connTopic, memberTopic, SystemEvent, type Audience, type Outgoing } from '../contract/index.js';
import type { Observation } from './observation.js';
import type { Slot } from './slot.js';

/**
 * Audience routing: what an actor emits (`out(audience, event)`) becomes a message on a
 * topic — the session's, one member's, one connection's, the sender's reply topic or a
 * named one — and `$join`/`$leave` become the gateway's `$bind`/`$unbind`.
 */
export function createAudienceRouter({ publish, observation }: { publish(topic: string, event: BusEvent): void; observation: Observation }) {
  /** The topic an audience of `slot` names, or undefined (a timer-driven event has no sender to answer). */
  function topicFor(slot: Slot, to: Audience): string | undefined {
    if (to === 'session') return slot.address;
    if (to === 'sender') return slot.current?.replyTo;
    if ('member' in to) return memberTopic(slot.address, to.member);
    if ('conn' in to) return connTopic(to.conn);
    return to.topic;
  }

  function route(slot: Slot, outgoing: Outgoing) {
    // A replayed event's effects were delivered when it was first handled.
    if (slot.replaying) return;
    observation.emit(slot.address, outgoing);
    const topic = topicFor(slot, outgoing.to);
    if (topic !== undefined) publish(topic, controlFor(slot.address, outgoing.event));
  }

  function replyError(envelope: Envelope, code: string, message: string) {
    if (envelope.replyTo) publish(envelope.replyTo, { type: SystemEvent.error, code, message, request: envelope.event });
  }

  return { topicFor, route, replyError };
}

/** `$join`/`$leave` become gateway instructions naming the topics to (un)subscribe. */
function controlFor(address: string, event: BusEvent): BusEvent {
  if (event.type !== SystemEvent.join && event.type !== SystemEvent.leave) return event;
  const member = String(event.member);
  return {
    type: event.type === SystemEvent.join ? SystemEvent.bind : SystemEvent.unbind,
    address,
    member,
    topics: [address, memberTopic(address, member)],
  };
}

export type AudienceRouter = ReturnType<typeof createAudienceRouter>;
