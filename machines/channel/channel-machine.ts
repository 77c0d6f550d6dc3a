import { assign, enqueueActions, not, setup } from 'xstate';
import type { ChannelCommand, ChannelInfo, ChatMessage } from '../../src/protocol/channel.js';
import { join, leave, out, type BusEvent, type Sender } from '../../src/contract/index.js';

/**
 * One text + voice channel (seed 003). Holds who may see and post, which sockets
 * are subscribed, who is in the voice call and who is typing. Messages themselves
 * live in the store (the `persist*` actions the session provides).
 */

interface VoiceParticipant {
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
}

type Stamp = { $from: Sender; $at: number };

/** Events from REST handlers and the runtime (never from sockets: codecs can't produce `$` types). */
type ServiceEvent =
  | { type: '$create'; channel: ChannelInfo; members: string[] }
  | { type: '$get' }
  | { type: '$add_member'; user_id: string }
  | { type: '$post_message'; message: ChatMessage }
  | { type: '$edit_message'; message: ChatMessage }
  | { type: '$delete_message'; message_id: string; author_id: string }
  | { type: '$disconnect' }
  | { type: '$restored'; source: 'store' | 'supervisor' };

type TimerEvent = { type: '$typing_expired'; user_id: string; deadline: number };

export type ChannelEvent = ((ChannelCommand | ServiceEvent) & Stamp) | TimerEvent;

type EventOf<T extends ChannelEvent['type']> = Extract<ChannelEvent, { type: T }>;

const initialMembers = (channel: ChannelInfo, members: string[]) => [...new Set([channel.owner_id, ...members])];

const typingTimer = (userId: string) => `typing:${userId}`;

/** A copy of `record` without `key`. */
function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

interface Change<T> {
  next: T;
  events: BusEvent[];
}

/** `user` leaves the call if they are in it from `socket`. */
function leaveCall(context: ChannelContext, user: string, socket: string): Change<ChannelContext['voice']> {
  if (context.voice[user]?.conn !== socket) return { next: context.voice, events: [] };
  return { next: omit(context.voice, user), events: [{ type: 'voice_user_left', channel_id: context.channelId, user_id: user }] };
}

/** `user` stops typing (their expiry timer must be cancelled by the caller). */
function stopTypingOf(context: ChannelContext, user: string): Change<ChannelContext['typing']> {
  if (!(user in context.typing)) return { next: context.typing, events: [] };
  return { next: omit(context.typing, user), events: [{ type: 'typing_stop', channel_id: context.channelId, user_id: user }] };
}

const who = (event: ChannelEvent) => ('$from' in event ? event.$from.member ?? '' : '');
const conn = (event: ChannelEvent) => ('$from' in event ? event.$from.conn ?? '' : '');
const requestId = (event: ChannelEvent) => ('id' in event && typeof event.id === 'string' ? { id: event.id } : {});

const persistMember = {
  type: 'persistMember',
  params: ({ context, event }: { context: ChannelContext; event: ChannelEvent }) => ({
    channelId: context.channelId,
    userId: (event as EventOf<'$add_member'>).user_id,
  }),
} as const;

export const channelMachine = setup({
  types: {
    context: {} as ChannelContext,
    events: {} as ChannelEvent,
    input: {} as ChannelInput,
  },
  guards: {
    canView: ({ context, event }) => !context.info!.is_private || who(event) in context.members,
    isMember: ({ context, event }) => who(event) in context.members,
    isSubscribed: ({ context, event }) => conn(event) in context.subscribers,
    isOwner: ({ context, event }) => context.info!.owner_id === who(event),
    isSelfJoinToPublic: ({ context, event }) =>
      !context.info!.is_private && (event as EventOf<'$add_member'>).user_id === who(event),
    isInVoice: ({ context, event }) => context.voice[who(event)]?.conn === conn(event),
    targetIsInVoice: ({ context, event }) => (event as { target_user_id: string }).target_user_id in context.voice,
    isAuthor: ({ event }) => (event as EventOf<'$edit_message'>).message.author_id === who(event),
    canDelete: ({ context, event }) =>
      (event as EventOf<'$delete_message'>).author_id === who(event) || context.info!.owner_id === who(event),
    isCurrentTypingDeadline: ({ context, event }) => {
      const { user_id, deadline } = event as TimerEvent;
      return context.typing[user_id] === deadline;
    },
    fromStore: ({ event }) => (event as EventOf<'$restored'>).source === 'store',
  },
  actions: {
    // Effects on the world; the session provides the real ones (machine.provide).
    persistChannel: (_, _params: { channel: ChannelInfo; members: string[] }) => {},
    persistMember: (_, _params: { channelId: string; userId: string }) => {},
    persistMessage: (_, _params: { message: ChatMessage }) => {},
    persistMessageEdit: (_, _params: { message: ChatMessage }) => {},
    persistMessageDelete: (_, _params: { channelId: string; messageId: string }) => {},

    notFound: enqueueActions(({ event, enqueue }) => {
      enqueue.emit(out('sender', { ...requestId(event), type: 'error', code: 'NOT_FOUND', message: 'channel not found' }));
    }),
    denyNotVisible: enqueueActions(({ event, enqueue }) => {
      enqueue.emit(out('sender', { ...requestId(event), type: 'error', code: 'PERMISSION_DENIED', message: 'this channel is private' }));
    }),
    denyNotMember: enqueueActions(({ event, enqueue }) => {
      enqueue.emit(
        out('sender', { ...requestId(event), type: 'error', code: 'PERMISSION_DENIED', message: 'only members of this channel may do that' }),
      );
    }),
    denyNotInVoice: enqueueActions(({ event, enqueue }) => {
      enqueue.emit(
        out('sender', { ...requestId(event), type: 'error', code: 'PERMISSION_DENIED', message: 'join the voice channel from this connection first' }),
      );
    }),
    targetNotInVoice: enqueueActions(({ event, enqueue }) => {
      enqueue.emit(
        out('sender', { ...requestId(event), type: 'error', code: 'NOT_FOUND', message: 'target_user_id is not in this voice channel' }),
      );
    }),
    denyNotOwner: enqueueActions(({ enqueue }) => {
      enqueue.emit(
        out('sender', { type: 'error', code: 'PERMISSION_DENIED', message: 'only the channel owner may add other members' }),
      );
    }),
    denyNotAuthor: enqueueActions(({ enqueue }) => {
      enqueue.emit(out('sender', { type: 'error', code: 'PERMISSION_DENIED', message: 'only the author (or, to delete, the channel owner) may do that' }));
    }),

    create: enqueueActions(({ event, enqueue }) => {
      const { channel, members } = event as EventOf<'$create'>;
      const all = initialMembers(channel, members);
      enqueue.assign({ info: channel, members: Object.fromEntries(all.map((id) => [id, true as const])) });
      enqueue.emit(out('sender', { type: '$channel', channel }));
    }),

    describe: enqueueActions(({ context, event, enqueue }) => {
      enqueue.emit(
        out('sender', {
          type: '$channel',
          channel: context.info,
          is_member: who(event) in context.members,
          members: Object.keys(context.members),
        }),
      );
    }),

    addMember: enqueueActions(({ context, event, enqueue }) => {
      const { user_id } = event as EventOf<'$add_member'>;
      if (!(user_id in context.members)) enqueue.assign({ members: { ...context.members, [user_id]: true } });
      enqueue.emit(out('sender', { type: '$ok', channel_id: context.channelId, user_id }));
    }),

    subscribe: enqueueActions(({ context, event, enqueue }) => {
      const user = who(event);
      enqueue.assign({ subscribers: { ...context.subscribers, [conn(event)]: user } });
      enqueue.emit(out('sender', join(user)));
      enqueue.emit(out('sender', { ...requestId(event), type: 'subscribed', channel_id: context.channelId }));
    }),

    /** Subscribing again is idempotent: the socket already hears the channel. */
    acknowledgeSubscribe: enqueueActions(({ context, event, enqueue }) => {
      enqueue.emit(out('sender', { ...requestId(event), type: 'subscribed', channel_id: context.channelId }));
    }),

    unsubscribe: enqueueActions(({ context, event, enqueue }) => {
      const user = who(event);
      const call = leaveCall(context, user, conn(event));
      enqueue.assign({ subscribers: omit(context.subscribers, conn(event)), voice: call.next });
      for (const left of call.events) enqueue.emit(out('session', left));
      enqueue.emit(out('sender', leave(user)));
      enqueue.emit(out('sender', { ...requestId(event), type: 'unsubscribed', channel_id: context.channelId }));
    }),

    startTyping: enqueueActions(({ context, event, enqueue }) => {
      const user = who(event);
      const at = (event as Stamp).$at;
      const deadline = at + context.typingTtlMs;
      if (!(user in context.typing)) {
        enqueue.emit(out('session', { type: 'typing_start', channel_id: context.channelId, user_id: user }));
      }
      enqueue.assign({ typing: { ...context.typing, [user]: deadline } });
      enqueue.cancel(typingTimer(user));
      enqueue.raise({ type: '$typing_expired', user_id: user, deadline }, { delay: context.typingTtlMs, id: typingTimer(user) });
    }),

    stopTyping: enqueueActions(({ context, event, enqueue }) => {
      const user = event.type === '$typing_expired' ? event.user_id : who(event);
      const typing = stopTypingOf(context, user);
      if (typing.events.length === 0) return;
      enqueue.assign({ typing: typing.next });
      enqueue.cancel(typingTimer(user));
      for (const stopped of typing.events) enqueue.emit(out('session', stopped));
    }),

    joinVoice: enqueueActions(({ context, event, enqueue }) => {
      const user = who(event);
      const socket = conn(event);
      const existing = context.voice[user];
      if (existing?.conn === socket) return; // idempotent
      // Joining from another socket moves the user's call there.
      for (const [id, participant] of Object.entries(context.voice)) {
        if (id !== user) {
          enqueue.emit(out('sender', { type: 'voice_user_joined', channel_id: context.channelId, user_id: id, muted: participant.muted }));
        }
      }
      enqueue.assign({
        voice: { ...context.voice, [user]: { conn: socket, muted: false, speaking: false } },
        subscribers: { ...context.subscribers, [socket]: user },
      });
      enqueue.emit(out('sender', join(user)));
      if (existing) enqueue.emit(out('session', { type: 'voice_user_left', channel_id: context.channelId, user_id: user }));
      enqueue.emit(out('session', { type: 'voice_user_joined', channel_id: context.channelId, user_id: user, muted: false }));
    }),

    leaveVoice: enqueueActions(({ context, event, enqueue }) => {
      const call = leaveCall(context, who(event), conn(event)); // idempotent
      if (call.events.length === 0) return;
      enqueue.assign({ voice: call.next });
      for (const left of call.events) enqueue.emit(out('session', left));
    }),

    setMuted: enqueueActions(({ context, event, enqueue }) => {
      const user = who(event);
      const muted = event.type === 'voice_mute';
      const participant = context.voice[user];
      if (participant.muted === muted) return;
      enqueue.assign({ voice: { ...context.voice, [user]: { ...participant, muted, speaking: muted ? false : participant.speaking } } });
      if (muted && participant.speaking) {
        enqueue.emit(out('session', { type: 'voice_speaking', channel_id: context.channelId, user_id: user, speaking: false }));
      }
      enqueue.emit(out('session', { type: event.type, channel_id: context.channelId, user_id: user }));
    }),

    setSpeaking: enqueueActions(({ context, event, enqueue }) => {
      const user = who(event);
      const participant = context.voice[user];
      const speaking = (event as EventOf<'voice_speaking'>).speaking && !participant.muted;
      if (participant.speaking === speaking) return;
      enqueue.assign({ voice: { ...context.voice, [user]: { ...participant, speaking } } });
      enqueue.emit(out('session', { type: 'voice_speaking', channel_id: context.channelId, user_id: user, speaking }));
    }),

    /** Offer/answer/ICE go only to the target's socket in the call, tagged with who sent them. */
    relaySignal: enqueueActions(({ context, event, enqueue }) => {
      const signal = event as EventOf<'voice_offer'> | EventOf<'voice_answer'> | EventOf<'voice_ice'>;
      const target = context.voice[signal.target_user_id];
      const payload = signal.type === 'voice_ice' ? { candidate: signal.candidate } : { sdp: signal.sdp };
      enqueue.emit(
        out({ conn: target.conn }, { type: signal.type, channel_id: context.channelId, from_user_id: who(event), ...payload }),
      );
    }),

    postMessage: enqueueActions(({ context, event, enqueue }) => {
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

    editMessage: enqueueActions(({ context, event, enqueue }) => {
      const { message } = event as EventOf<'$edit_message'>;
      enqueue.emit(out('session', { type: 'message_update', channel_id: context.channelId, message }));
      enqueue.emit(out('sender', { type: '$ok', message }));
    }),

    deleteMessage: enqueueActions(({ context, event, enqueue }) => {
      const { message_id } = event as EventOf<'$delete_message'>;
      enqueue.emit(out('session', { type: 'message_delete', channel_id: context.channelId, message_id }));
      enqueue.emit(out('sender', { type: '$ok', message_id }));
    }),

    /** A socket went away: it leaves the subscriber list, the call, and stops typing if it was the user's last. */
    forgetConnection: enqueueActions(({ context, event, enqueue }) => {
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
    dropConnections: assign({ subscribers: {}, voice: {}, typing: {} }),

    /** Restored by the supervisor: sockets are still there; re-arm the typing timers (xstate#5331). */
    rearmTyping: enqueueActions(({ context, event, enqueue }) => {
      const at = (event as Stamp).$at;
      for (const [user, deadline] of Object.entries(context.typing)) {
        enqueue.raise({ type: '$typing_expired', user_id: user, deadline }, { delay: Math.max(0, deadline - at), id: typingTimer(user) });
      }
    }),
  },
}).createMachine({
  id: 'channel',
  context: ({ input }) => ({
    channelId: input.channelId,
    typingTtlMs: input.typingTtlMs,
    info: null,
    members: {},
    subscribers: {},
    voice: {},
    typing: {},
  }),
  initial: 'unclaimed',
  states: {
    /** No channel has been created at this id: everything but creation is NOT_FOUND. */
    unclaimed: {
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
