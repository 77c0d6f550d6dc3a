import { out } from '../../src/contract/index.js';
import { channelSetup } from './channel-setup.js';
import { deliveredAt, omit, who, type Change, type ChannelContext, type ChannelGuard, type TimerEvent } from './channel-state.js';

/**
 * Typing indicators: `typing_start` once, refreshed silently by further `typing`
 * messages, `typing_stop` on `stop_typing`, on the user's next message, or when the
 * indicator's deadline passes. The deadline lives in context, so a restored actor re-arms it.
 */

/** The id of a user's expiry timer (one per user: a refresh replaces it). */
export const typingTimer = (userId: string) => `typing:${userId}`;

/** `user` stops typing (their expiry timer must be cancelled by the caller). */
export function stopTypingOf(context: ChannelContext, user: string): Change<ChannelContext['typing']> {
  if (!(user in context.typing)) return { next: context.typing, events: [] };
  return { next: omit(context.typing, user), events: [{ type: 'typing_stop', channel_id: context.channelId, user_id: user }] };
}

export const typingGuards = {
  /** A timer of an earlier deadline (the indicator was refreshed since) is stale. */
  isCurrentTypingDeadline: ({ context, event }) => {
    const { user_id, deadline } = event as TimerEvent;
    return context.typing[user_id] === deadline;
  },
} satisfies Record<string, ChannelGuard>;

export const typingActions = {
  startTyping: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const user = who(event);
    const deadline = deliveredAt(event) + context.typingTtlMs;
    if (!(user in context.typing)) {
      enqueue.emit(out('session', { type: 'typing_start', channel_id: context.channelId, user_id: user }));
    }
    enqueue.assign({ typing: { ...context.typing, [user]: deadline } });
    enqueue.cancel(typingTimer(user));
    enqueue.raise({ type: '$typing_expired', user_id: user, deadline }, { delay: context.typingTtlMs, id: typingTimer(user) });
  }),

  stopTyping: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const user = event.type === '$typing_expired' ? event.user_id : who(event);
    const typing = stopTypingOf(context, user);
    if (typing.events.length === 0) return;
    enqueue.assign({ typing: typing.next });
    enqueue.cancel(typingTimer(user));
    for (const stopped of typing.events) enqueue.emit(out('session', stopped));
  }),

  /** Restored by the supervisor: sockets are still there; re-arm the typing timers (xstate#5331). */
  rearmTyping: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const at = deliveredAt(event);
    for (const [user, deadline] of Object.entries(context.typing)) {
      enqueue.raise({ type: '$typing_expired', user_id: user, deadline }, { delay: Math.max(0, deadline - at), id: typingTimer(user) });
    }
  }),
};
