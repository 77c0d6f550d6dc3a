import { join, leave, out } from '../../src/contract/index.js';
import { channelSetup } from './channel-setup.js';
import { conn, omit, requestId, who, type ChannelGuard, type EventOf } from './channel-state.js';
import { stopTypingOf, typingTimer } from './typing.js';
import { leaveCall } from './voice.js';

/**
 * Which sockets hear the channel: `subscribe` / `unsubscribe`, a socket that closes, and
 * a restore from the store (after which no socket of the old process is connected).
 */

export const connectionGuards = {
  isSubscribed: ({ context, event }) => conn(event) in context.subscribers,
  fromStore: ({ event }) => (event as EventOf<'$restored'>).source === 'store',
} satisfies Record<string, ChannelGuard>;

export const connectionActions = {
  subscribe: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const user = who(event);
    enqueue.assign({ subscribers: { ...context.subscribers, [conn(event)]: user } });
    enqueue.emit(out('sender', join(user)));
    enqueue.emit(out('sender', { ...requestId(event), type: 'subscribed', channel_id: context.channelId }));
  }),

  /** Subscribing again is idempotent: the socket already hears the channel. */
  acknowledgeSubscribe: channelSetup.emit(({ context, event }) => out('sender', { ...requestId(event), type: 'subscribed', channel_id: context.channelId })),

  unsubscribe: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const user = who(event);
    const call = leaveCall(context, user, conn(event));
    enqueue.assign({ subscribers: omit(context.subscribers, conn(event)), voice: call.next });
    for (const left of call.events) enqueue.emit(out('session', left));
    enqueue.emit(out('sender', leave(user)));
    enqueue.emit(out('sender', { ...requestId(event), type: 'unsubscribed', channel_id: context.channelId }));
  }),

  /** A socket went away: it leaves the subscriber list, the call, and stops typing if it was the user's last. */
  forgetConnection: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const socket = conn(event);
    const user = context.subscribers[socket] ?? who(event);
    const subscribers = omit(context.subscribers, socket);
    const call = leaveCall(context, user, socket);
    const stillHere = Object.values(subscribers).includes(user);
    const typing = stillHere ? { next: context.typing, events: [] } : stopTypingOf(context, user);
    if (typing.events.length > 0) enqueue.cancel(typingTimer(user));
    enqueue.assign({ subscribers, voice: call.next, typing: typing.next });
    for (const change of [...call.events, ...typing.events]) enqueue.emit(out('session', change));
  }),

  /** Loaded from the store: no socket from before is connected, so per-connection state goes. */
  dropConnections: channelSetup.assign({ subscribers: {}, voice: {}, typing: {} }),
};
