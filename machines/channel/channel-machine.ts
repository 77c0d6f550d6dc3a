import { not } from 'xstate';
import { channelSetup } from './channel-setup.js';
import { connectionActions, connectionGuards } from './connections.js';
import { initialMembers, membershipActions, membershipGuards, persistMember } from './membership.js';
import { messageActions, messageGuards } from './messages.js';
import { refusalActions } from './refusals.js';
import { typingActions, typingGuards } from './typing.js';
import { voiceActions, voiceGuards } from './voice.js';

export type { ChannelContext, ChannelEvent, ChannelInput } from './channel-state.js';

/**
 * One text + voice channel (seed 003). Holds who may see and post, which sockets are
 * subscribed, who is in the voice call and who is typing; each of those concerns keeps its
 * rules in its own file, and this one says which event runs which rule in which state.
 * Messages themselves live in the store (the `persist*` actions the session provides).
 */
export const channelMachine = channelSetup
  .extend({
    guards: { ...membershipGuards, ...connectionGuards, ...typingGuards, ...voiceGuards, ...messageGuards },
    actions: { ...refusalActions, ...membershipActions, ...connectionActions, ...typingActions, ...voiceActions, ...messageActions },
  })
  .createMachine({
    id: 'channel',
    context: ({ input }) => ({
      channelId: input.channelId,
      typingTtlMs: input.typingTtlMs,
      info: input.stored?.info ?? null,
      members: Object.fromEntries((input.stored?.members ?? []).map((id) => [id, true as const])),
      subscribers: {},
      voice: {},
      typing: {},
    }),
    initial: 'unclaimed',
    states: {
      /** No channel has been created at this id: everything but creation is NOT_FOUND. */
      unclaimed: {
        // A channel the store already has (its rows are the channel's durable record) is open from the start.
        always: { guard: 'isCreated', target: 'open' },
        on: {
          $create: {
            target: 'open',
            actions: [
              'create',
              { type: 'persistChannel', params: ({ event }) => ({ channel: event.channel, members: initialMembers(event.channel, event.members) }) },
            ],
          },
          $get: { actions: 'notFound' },
          $add_member: { actions: 'notFound' },
          $post_message: { actions: 'notFound' },
          $edit_message: { actions: 'notFound' },
          $delete_message: { actions: 'notFound' },
          subscribe: { actions: 'notFound' },
          unsubscribe: { actions: 'notFound' },
          typing: { actions: 'notFound' },
          stop_typing: { actions: 'notFound' },
          voice_join: { actions: 'notFound' },
          voice_leave: { actions: 'notFound' },
          voice_mute: { actions: 'notFound' },
          voice_unmute: { actions: 'notFound' },
          voice_offer: { actions: 'notFound' },
          voice_answer: { actions: 'notFound' },
          voice_ice: { actions: 'notFound' },
          voice_speaking: { actions: 'notFound' },
        },
      },
      open: {
        on: {
          $get: [{ guard: 'canView', actions: 'describe' }, { actions: 'denyNotVisible' }],
          $add_member: [
            { guard: 'isOwner', actions: ['addMember', persistMember] },
            { guard: 'isSelfJoinToPublic', actions: ['addMember', persistMember] },
            { actions: 'denyNotOwner' },
          ],
          $post_message: [
            { guard: 'isMember', actions: [{ type: 'persistMessage', params: ({ event }) => ({ message: event.message }) }, 'postMessage'] },
            { actions: 'denyNotMember' },
          ],
          $edit_message: [
            { guard: not('isMember'), actions: 'denyNotMember' },
            { guard: 'isAuthor', actions: [{ type: 'persistMessageEdit', params: ({ event }) => ({ message: event.message }) }, 'editMessage'] },
            { actions: 'denyNotAuthor' },
          ],
          $delete_message: [
            { guard: not('isMember'), actions: 'denyNotMember' },
            {
              guard: 'canDelete',
              actions: [
                { type: 'persistMessageDelete', params: ({ context, event }) => ({ channelId: context.channelId, messageId: event.message_id }) },
                'deleteMessage',
              ],
            },
            { actions: 'denyNotAuthor' },
          ],
          subscribe: [
            { guard: 'isSubscribed', actions: 'acknowledgeSubscribe' },
            { guard: 'canView', actions: 'subscribe' },
            { actions: 'denyNotVisible' },
          ],
          unsubscribe: { actions: 'unsubscribe' },
          typing: [{ guard: 'isMember', actions: 'startTyping' }, { actions: 'denyNotMember' }],
          stop_typing: [{ guard: 'isMember', actions: 'stopTyping' }, { actions: 'denyNotMember' }],
          $typing_expired: { guard: 'isCurrentTypingDeadline', actions: 'stopTyping' },
          voice_join: [{ guard: 'isMember', actions: 'joinVoice' }, { actions: 'denyNotMember' }],
          voice_leave: { actions: 'leaveVoice' },
          voice_mute: [{ guard: 'isInVoice', actions: 'setMuted' }, { actions: 'denyNotInVoice' }],
          voice_unmute: [{ guard: 'isInVoice', actions: 'setMuted' }, { actions: 'denyNotInVoice' }],
          voice_speaking: [{ guard: 'isInVoice', actions: 'setSpeaking' }, { actions: 'denyNotInVoice' }],
          voice_offer: [
            { guard: not('isInVoice'), actions: 'denyNotInVoice' },
            { guard: 'targetIsInVoice', actions: 'relaySignal' },
            { actions: 'targetNotInVoice' },
          ],
          voice_answer: [
            { guard: not('isInVoice'), actions: 'denyNotInVoice' },
            { guard: 'targetIsInVoice', actions: 'relaySignal' },
            { actions: 'targetNotInVoice' },
          ],
          voice_ice: [
            { guard: not('isInVoice'), actions: 'denyNotInVoice' },
            { guard: 'targetIsInVoice', actions: 'relaySignal' },
            { actions: 'targetNotInVoice' },
          ],
          $disconnect: { actions: 'forgetConnection' },
          $restored: [{ guard: 'fromStore', actions: 'dropConnections' }, { actions: 'rearmTyping' }],
        },
      },
    },
  });
