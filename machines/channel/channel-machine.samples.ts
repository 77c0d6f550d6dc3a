import type { Sender } from '../../src/contract/index.js';
import { defineSamples } from '../machine-samples.js';
import { channelMachine, type ChannelEvent } from './channel-machine.js';
import type { ChannelCommand, ChannelInfo, ChatMessage } from './types.js';

/**
 * A channel owned by `owner` (socket c1) with one other user, `guest` (socket c2), and a
 * `stranger` who is never a member: every guard of the channel machine is taken both ways.
 */
const CHANNEL = '00000000-0000-4000-8000-000000000001';
const AT = 1_000;
const TYPING_TTL_MS = 8_000;

const owner: Sender = { conn: 'c1', member: 'owner' };
const guest: Sender = { conn: 'c2', member: 'guest' };
const stranger: Sender = { conn: 'c3', member: 'stranger' };

const info = (isPrivate: boolean): ChannelInfo => ({
  id: CHANNEL,
  name: isPrivate ? 'secret plans' : 'general',
  is_private: isPrivate,
  owner_id: 'owner',
  created_at: '2026-01-01T00:00:00.000Z',
});

const message = (author: string): ChatMessage => ({
  id: `m-${author}`,
  channel_id: CHANNEL,
  author_id: author,
  content: 'hello',
  created_at: '2026-01-01T00:00:01.000Z',
  edited_at: null,
});

/** A client command on the channel; `extra` holds the fields its type needs. */
const on = (type: ChannelCommand['type'], from: Sender, extra: Record<string, unknown> = {}) =>
  ({ type, channel_id: CHANNEL, ...extra, $from: from, $at: AT }) as ChannelEvent;

const fromEach = (build: (from: Sender) => ChannelEvent) => [owner, guest, stranger].map(build);

export default defineSamples({
  machine: channelMachine,
  input: { channelId: CHANNEL, typingTtlMs: TYPING_TTL_MS },
  events: [
    { type: '$create', channel: info(false), members: [], $from: owner, $at: AT },
    { type: '$create', channel: info(true), members: [], $from: owner, $at: AT },
    ...fromEach((from) => ({ type: '$get', $from: from, $at: AT })),
    { type: '$add_member', user_id: 'guest', $from: owner, $at: AT },
    { type: '$add_member', user_id: 'guest', $from: guest, $at: AT },
    { type: '$add_member', user_id: 'owner', $from: stranger, $at: AT },
    ...fromEach((from) => ({ type: '$post_message', message: message(from.member!), $from: from, $at: AT })),
    ...fromEach((from) => ({ type: '$edit_message', message: message(from.member!), $from: from, $at: AT })),
    { type: '$edit_message', message: message('guest'), $from: owner, $at: AT },
    ...fromEach((from) => ({ type: '$delete_message', message_id: 'm-guest', author_id: 'guest', $from: from, $at: AT })),
    ...fromEach((from) => on('subscribe', from)),
    ...fromEach((from) => on('unsubscribe', from)),
    ...fromEach((from) => on('typing', from)),
    ...fromEach((from) => on('stop_typing', from)),
    { type: '$typing_expired', user_id: 'owner', deadline: AT + TYPING_TTL_MS },
    { type: '$typing_expired', user_id: 'owner', deadline: AT },
    ...fromEach((from) => on('voice_join', from)),
    on('voice_leave', owner),
    on('voice_mute', owner),
    on('voice_mute', guest),
    on('voice_unmute', owner),
    on('voice_speaking', owner, { speaking: true }),
    on('voice_offer', owner, { target_user_id: 'guest', sdp: 'v=0' }),
    on('voice_offer', owner, { target_user_id: 'stranger', sdp: 'v=0' }),
    on('voice_offer', stranger, { target_user_id: 'owner', sdp: 'v=0' }),
    on('voice_answer', guest, { target_user_id: 'owner', sdp: 'v=0' }),
    on('voice_ice', guest, { target_user_id: 'owner', candidate: 'candidate:1' }),
    { type: '$disconnect', $from: owner, $at: AT },
    { type: '$restored', source: 'store', $from: {}, $at: AT },
    { type: '$restored', source: 'supervisor', $from: {}, $at: AT },
  ],
  // What the guards read: privacy and ownership, membership, which sockets are subscribed, who is in the
  // call from which socket, who is typing.
  key: (context) => ({
    private: context.info?.is_private ?? null,
    members: Object.keys(context.members).sort(),
    subscribers: Object.entries(context.subscribers)
      .map(([conn, user]) => `${conn}:${user}`)
      .sort(),
    voice: Object.entries(context.voice)
      .map(([user, participant]) => `${user}@${participant.conn}`)
      .sort(),
    typing: Object.keys(context.typing).sort(),
  }),
});
