import { setup } from 'xstate';
import type { Outgoing } from '../../src/contract/index.js';
import type { ChannelContext, ChannelEvent, ChannelInput } from './channel-state.js';
import type { ChannelInfo, ChatMessage } from './types.js';

/**
 * The channel machine's types and its effects on the world, before its rules: every
 * concern (membership, connections, typing, voice, messages) builds its actions from this
 * one, so they are typed against the same context, events and emitted events.
 */
export const channelSetup = setup({
  types: {
    context: {} as ChannelContext,
    events: {} as ChannelEvent,
    input: {} as ChannelInput,
    emitted: {} as Outgoing,
  },
  actions: {
    // Effects on the world; the session provides the real ones (machine.provide).
    persistChannel: (_, _params: { channel: ChannelInfo; members: string[] }) => {},
    persistMember: (_, _params: { channelId: string; userId: string }) => {},
    persistMessage: (_, _params: { message: ChatMessage }) => {},
    persistMessageEdit: (_, _params: { message: ChatMessage }) => {},
    persistMessageDelete: (_, _params: { channelId: string; messageId: string }) => {},
  },
});
