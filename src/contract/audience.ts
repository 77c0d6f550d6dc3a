import type { BusEvent } from './message.js';

/**
 * Who receives an event a machine emits:
 * - `'session'`: everyone joined to the actor's session (topic = its address)
 * - `'sender'`: only whoever sent the message being handled (a socket or a request)
 * - `{ member }`: every socket of one member of the session (private data goes here)
 * - `{ conn }`: one gateway connection
 * - `{ topic }`: a named topic outside the session (e.g. server-wide presence)
 */
export type Audience = 'session' | 'sender' | { member: string } | { conn: string } | { topic: string };

/** What machines emit (XState `emit`): an event and its audience. */
export interface Outgoing {
  type: '$out';
  to: Audience;
  event: BusEvent;
}

/** Build an outgoing event. @example emit(() => out('session', { type: 'typing_start', channel_id, user_id })) */
export function out(to: Audience, event: BusEvent): Outgoing {
  return { type: '$out', to, event };
}

/**
 * Control events a machine sends to a sender; the runtime turns them into gateway
 * instructions. `$join` makes the sender a member of the session (its socket hears the
 * session topic and its member topic); `$leave` undoes it; `$close` closes the socket.
 */
export const join = (member: string): BusEvent => ({ type: '$join', member });
export const leave = (member: string): BusEvent => ({ type: '$leave', member });
export const closeConnection = (code: number, reason: string): BusEvent => ({ type: '$close', code, reason });

/** Topic of one member of a session. */
export const memberTopic = (address: string, member: string) => `${address}/${member}`;
/** Topic of one gateway connection. */
export const connTopic = (conn: string) => `conn/${conn}`;
/** Whether `topic` is one socket's own (`connTopic`): only the gateway holding that socket subscribes to it. */
export const isConnTopic = (topic: string) => topic.startsWith('conn/');
