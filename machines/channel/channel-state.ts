import type { BusEvent, RestoredEvent, Stamped } from '../../src/contract/index.js';
import type { ChannelCommand, ChannelInfo, ChatMessage } from './types.js';

/**
 * What a channel actor holds and what it receives. Messages themselves are not here: they
 * live in the store (the `persist*` effects the session provides).
 */

export interface VoiceParticipant {
  conn: string;
  muted: boolean;
  speaking: boolean;
}

export interface ChannelContext {
  channelId: string;
  typingTtlMs: number;
  info: ChannelInfo | null;
  /** user id → true */
  members: Record<string, true>;
  /** subscribed socket → its user */
  subscribers: Record<string, string>;
  /** user id → their place in the voice call */
  voice: Record<string, VoiceParticipant>;
  /** user id → epoch ms at which their typing indicator expires */
  typing: Record<string, number>;
}

export interface ChannelInput {
  channelId: string;
  typingTtlMs: number;
  /** The channel as the store has it (its row and member rows), when it has been created: the actor starts `open`. */
  stored?: { info: ChannelInfo; members: readonly string[] };
}

/** Events from REST handlers and the runtime (never from sockets: codecs can't produce `$` types). */
type ServiceEvent =
  | { type: '$create'; channel: ChannelInfo; members: string[] }
  | { type: '$get' }
  | { type: '$add_member'; user_id: string }
  | { type: '$post_message'; message: ChatMessage }
  | { type: '$edit_message'; message: ChatMessage }
  | { type: '$delete_message'; message_id: string; author_id: string }
  | { type: '$disconnect' }
  | RestoredEvent;

/** A typing indicator's own timer: raised by the machine, so it carries no sender. */
export type TimerEvent = { type: '$typing_expired'; user_id: string; deadline: number };

export type ChannelEvent = Stamped<ChannelCommand | ServiceEvent> | TimerEvent;

export type EventOf<T extends ChannelEvent['type']> = Extract<ChannelEvent, { type: T }>;

/** A guard of the channel machine, as `setup()` calls it. */
export type ChannelGuard = (args: { context: ChannelContext; event: ChannelEvent }) => boolean;

/** Who sent the event (user id), or `''` for the machine's own timers. */
export const who = (event: ChannelEvent) => ('$from' in event ? event.$from.member ?? '' : '');
/** The socket the event came from, or `''`. */
export const conn = (event: ChannelEvent) => ('$from' in event ? event.$from.conn ?? '' : '');
/** `{ id }` to echo on a reply, when the client's command carried one. */
export const requestId = (event: ChannelEvent) => ('id' in event && typeof event.id === 'string' ? { id: event.id } : {});
/** When the runtime delivered the event (epoch ms). */
export const deliveredAt = (event: ChannelEvent) => ('$at' in event ? event.$at : 0);

/** A copy of `record` without `key`. */
export function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/** A change to one part of the context and the session events that announce it. */
export interface Change<T> {
  next: T;
  events: BusEvent[];
}
