import { out } from '../../src/contract/index.js';
import { channelSetup } from './channel-setup.js';
import { who, type ChannelGuard, type EventOf } from './channel-state.js';
import { stopTypingOf, typingTimer } from './typing.js';

/**
 * Chat messages, announced as they are created, edited and deleted. The REST handler
 * builds the message and the session stores it (`persistMessage*`); the actor decides
 * who may, and tells everyone subscribed. History is read from the store, not from here.
 */

export const messageGuards = {
  isAuthor: ({ event }) => (event as EventOf<'$edit_message'>).message.author_id === who(event),
  canDelete: ({ context, event }) =>
    (event as EventOf<'$delete_message'>).author_id === who(event) || context.info!.owner_id === who(event),
} satisfies Record<string, ChannelGuard>;

export const messageActions = {
  /** Posting ends the author's typing indicator. */
  postMessage: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const { message } = event as EventOf<'$post_message'>;
    const typing = stopTypingOf(context, message.author_id);
    if (typing.events.length > 0) {
      enqueue.assign({ typing: typing.next });
      enqueue.cancel(typingTimer(message.author_id));
      for (const stopped of typing.events) enqueue.emit(out('session', stopped));
    }
    enqueue.emit(out('session', { type: 'message_create', channel_id: context.channelId, message }));
    enqueue.emit(out('sender', { type: '$ok', message }));
  }),

  editMessage: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const { message } = event as EventOf<'$edit_message'>;
    enqueue.emit(out('session', { type: 'message_update', channel_id: context.channelId, message }));
    enqueue.emit(out('sender', { type: '$ok', message }));
  }),

  deleteMessage: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const { message_id } = event as EventOf<'$delete_message'>;
    enqueue.emit(out('session', { type: 'message_delete', channel_id: context.channelId, message_id }));
    enqueue.emit(out('sender', { type: '$ok', message_id }));
  }),
};
