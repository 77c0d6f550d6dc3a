import { out } from '../../src/contract/index.js';
import { channelSetup } from './channel-setup.js';
import { who, type ChannelContext, type ChannelEvent, type ChannelGuard, type EventOf } from './channel-state.js';
import type { ChannelInfo } from './types.js';

/**
 * Who may see and post: the channel's creation (owner plus invited members), its
 * description for REST, and members added by the owner or joining a public channel.
 */

/** The owner is always a member; duplicates are dropped. */
export const initialMembers = (channel: ChannelInfo, members: string[]) => [...new Set([channel.owner_id, ...members])];

export const membershipGuards = {
  isCreated: ({ context }) => context.info !== null,
  canView: ({ context, event }) => !context.info!.is_private || who(event) in context.members,
  isMember: ({ context, event }) => who(event) in context.members,
  isOwner: ({ context, event }) => context.info!.owner_id === who(event),
  isSelfJoinToPublic: ({ context, event }) =>
    !context.info!.is_private && (event as EventOf<'$add_member'>).user_id === who(event),
} satisfies Record<string, ChannelGuard>;

export const membershipActions = {
  create: channelSetup.enqueueActions(({ event, enqueue }) => {
    const { channel, members } = event as EventOf<'$create'>;
    const all = initialMembers(channel, members);
    enqueue.assign({ info: channel, members: Object.fromEntries(all.map((id) => [id, true as const])) });
    enqueue.emit(out('sender', { type: '$channel', channel }));
  }),

  describe: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    enqueue.emit(
      out('sender', {
        type: '$channel',
        channel: context.info,
        is_member: who(event) in context.members,
        members: Object.keys(context.members),
      }),
    );
  }),

  addMember: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const { user_id } = event as EventOf<'$add_member'>;
    if (!(user_id in context.members)) enqueue.assign({ members: { ...context.members, [user_id]: true } });
    enqueue.emit(out('sender', { type: '$ok', channel_id: context.channelId, user_id }));
  }),
};

/** Store the member `addMember` added (the session's `persistMember`). */
export const persistMember = {
  type: 'persistMember',
  params: ({ context, event }: { context: ChannelContext; event: ChannelEvent }) => ({
    channelId: context.channelId,
    userId: (event as EventOf<'$add_member'>).user_id,
  }),
} as const;
