import * as t from 'io-ts';
import type * as Machine from '../../machines/channel/types.js';
import type { BusEvent, WireCodec } from '../contract/index.js';
import { boundedString, nonNegativeInt, Uuid } from './common.js';
import { checkedType, codecsByTag, decodeTagged, parseObject } from './decode.js';
import { loadChannelConfig } from '../config/channel.js';

/**
 * Seed 003 wire family: flat JSON, snake_case `type`, optional `id` echoed on replies
 * and errors. Extra unknown fields are ignored.
 */

/** The seed's error codes, and the one place they are listed. */
export const ChannelErrorCode = {
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  NOT_FOUND: 'NOT_FOUND',
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVER_ERROR: 'SERVER_ERROR',
} as const;
export type ChannelErrorCode = keyof typeof ChannelErrorCode;

const RequestId = t.partial({ id: boundedString(128, 'string(1..128)') });
const UserId = boundedString(128, 'user id');

/** Limits the signalling codecs enforce (from config: VOICE_SDP_MAX_CHARS, VOICE_ICE_MAX_CHARS). */
export interface ChannelLimits {
  voiceSdpMaxChars: number;
  voiceIceMaxChars: number;
}

const message = <T extends string, P extends t.Props>(type: T, props: P) =>
  t.intersection([t.type({ type: t.literal(type), ...props }), RequestId], type);

const onChannel = <T extends string>(type: T) => message(type, { channel_id: Uuid });

export const Ping = message('ping', {});
export const Subscribe = onChannel('subscribe');
export const Unsubscribe = onChannel('unsubscribe');
export const Typing = onChannel('typing');
export const StopTyping = onChannel('stop_typing');
export const VoiceJoin = onChannel('voice_join');
export const VoiceLeave = onChannel('voice_leave');
export const VoiceMute = onChannel('voice_mute');
export const VoiceUnmute = onChannel('voice_unmute');
/** The speaking client's voice-activity report, relayed as `voice_speaking {user_id, speaking}`. */
export const VoiceSpeaking = message('voice_speaking', { channel_id: Uuid, speaking: t.boolean });

/**
 * The client messages at the given limits. The server relays SDP and ICE to a peer
 * unread, so their length is the only thing it can bound: an SDP offer is a few KiB in
 * practice and one ICE candidate line a few hundred characters.
 */
export function createChannelCodecs(limits: ChannelLimits) {
  const sdpMax = limits.voiceSdpMaxChars;
  const iceMax = limits.voiceIceMaxChars;
  const Sdp = boundedString(sdpMax, `SDP string (1..${sdpMax} chars)`);
  const IceText = boundedString(iceMax, `ICE candidate string (1..${iceMax} chars)`);
  const IceField = t.union([boundedString(iceMax, `string(1..${iceMax})`), t.null]);
  const IceCandidate = t.union([
    IceText,
    t.intersection([
      t.type({ candidate: checkedType(`string(0..${iceMax})`, (u): u is string => typeof u === 'string' && u.length <= iceMax) }),
      t.partial({ sdpMid: IceField, sdpMLineIndex: t.union([nonNegativeInt, t.null]), usernameFragment: IceField }),
    ]),
  ], `ICE candidate (string or RTCIceCandidateInit, at most ${iceMax} chars)`);
  const VoiceOffer = message('voice_offer', { channel_id: Uuid, target_user_id: UserId, sdp: Sdp });
  const VoiceAnswer = message('voice_answer', { channel_id: Uuid, target_user_id: UserId, sdp: Sdp });
  const VoiceIce = message('voice_ice', { channel_id: Uuid, target_user_id: UserId, candidate: IceCandidate });
  return [
    Ping, Subscribe, Unsubscribe, Typing, StopTyping, VoiceJoin, VoiceLeave, VoiceMute, VoiceUnmute,
    VoiceOffer, VoiceAnswer, VoiceIce, VoiceSpeaking,
  ] as const;
}

/** The client messages at the default limits (docs, tests). */
export const channelClientCodecs = createChannelCodecs(loadChannelConfig({}));

export const ChannelClientMessage = t.union([...channelClientCodecs]);
export type ChannelClientMessage = t.TypeOf<typeof ChannelClientMessage>;
/** Client messages that go to a channel actor (all but `ping`). */
export type ChannelCommand = Exclude<ChannelClientMessage, { type: 'ping' }>;

// ---- REST bodies ----

export const CreateChannelBody = t.intersection([
  t.type({ name: boundedString(100, 'string(1..100)') }),
  t.partial({ is_private: t.boolean, members: t.array(UserId) }),
]);
export type CreateChannelBody = t.TypeOf<typeof CreateChannelBody>;

export const AddMemberBody = t.type({ user_id: UserId });
export const MessageBody = (maxChars: number) => t.type({ content: boundedString(maxChars, `string(1..${maxChars})`) });

// ---- server events (documentation and tests decode against these) ----

export const ChannelInfo = t.type({
  id: t.string,
  name: t.string,
  is_private: t.boolean,
  owner_id: t.string,
  created_at: t.string,
});
export type ChannelInfo = t.TypeOf<typeof ChannelInfo>;

export const ChatMessage = t.type({
  id: t.string,
  channel_id: t.string,
  author_id: t.string,
  content: t.string,
  created_at: t.string,
  edited_at: t.union([t.string, t.null]),
});
export type ChatMessage = t.TypeOf<typeof ChatMessage>;

/**
 * The channel machine declares the shapes it handles in its own terms (machines import
 * nothing of the protocol); what these codecs decode must be one of them. A compile error
 * here means the codecs and the machine drifted apart.
 */
type Fits<Decoded extends Accepted, Accepted> = [Decoded, Accepted];
export type ChannelCodecsFitMachine = [
  Fits<ChannelCommand, Machine.ChannelCommand>,
  Fits<ChannelInfo, Machine.ChannelInfo>,
  Fits<ChatMessage, Machine.ChatMessage>,
  // The session's persist effects store the machine's channels and messages as wire values.
  Fits<Machine.ChannelInfo, ChannelInfo>,
  Fits<Machine.ChatMessage, ChatMessage>,
];

const event = <T extends string, P extends t.Props>(type: T, props: P) => t.type({ type: t.literal(type), ...props }, type);

export const channelServerEvents = [
  event('ready', { user: t.type({ id: t.string, name: t.union([t.string, t.null]) }), channels: t.array(ChannelInfo) }),
  event('pong', {}),
  event('subscribed', { channel_id: t.string }),
  event('unsubscribed', { channel_id: t.string }),
  event('message_create', { channel_id: t.string, message: ChatMessage }),
  event('message_update', { channel_id: t.string, message: ChatMessage }),
  event('message_delete', { channel_id: t.string, message_id: t.string }),
  event('typing_start', { channel_id: t.string, user_id: t.string }),
  event('typing_stop', { channel_id: t.string, user_id: t.string }),
  event('presence_update', { user_id: t.string, status: t.keyof({ online: null, idle: null, offline: null }) }),
  event('voice_user_joined', { channel_id: t.string, user_id: t.string, muted: t.boolean }),
  event('voice_user_left', { channel_id: t.string, user_id: t.string }),
  event('voice_speaking', { channel_id: t.string, user_id: t.string, speaking: t.boolean }),
  event('voice_mute', { channel_id: t.string, user_id: t.string }),
  event('voice_unmute', { channel_id: t.string, user_id: t.string }),
  event('voice_offer', { channel_id: t.string, from_user_id: t.string, sdp: t.string }),
  event('voice_answer', { channel_id: t.string, from_user_id: t.string, sdp: t.string }),
  event('voice_ice', { channel_id: t.string, from_user_id: t.string, candidate: t.unknown }),
  event('error', { code: t.keyof(ChannelErrorCode), message: t.string }),
] as const;

/** The `/voice/ws` wire codec at the given limits. */
export function createChannelCodec(limits: ChannelLimits): WireCodec<ChannelClientMessage> {
  const byType = codecsByTag(createChannelCodecs(limits));
  return {
    decode(text) {
      const parsed = parseObject(text);
      return parsed.ok ? decodeTagged(parsed.value, byType) : parsed;
    },
    encode: (event: BusEvent) => JSON.stringify(event),
    error(code, message, request) {
      const id = typeof request?.id === 'string' ? request.id : undefined;
      return JSON.stringify(id === undefined ? { type: 'error', code, message } : { id, type: 'error', code, message });
    },
    codes: { validation: ChannelErrorCode.VALIDATION_ERROR, rateLimited: ChannelErrorCode.RATE_LIMITED },
  };
}

/** The codec at the default limits (tests, tools). */
export const channelCodec = createChannelCodec(loadChannelConfig({}));

/** For the generated docs (docs/protocol/channel.md). */
export const channelWire = {
  name: 'channel',
  title: 'Text + voice channel',
  seed: '003',
  routes: ['/voice/ws?token=JWT'],
  envelope:
    'Flat JSON text frames, `type` in snake_case. A client may add `id` (string) to any message; replies and errors ' +
    'to it carry the same `id`. Unknown fields are ignored. `subscribed`/`unsubscribed` acknowledge (un)subscription ' +
    '(an addition to the seed; clients that ignore unknown types are unaffected).',
  client: channelClientCodecs,
  server: channelServerEvents,
  errors: {
    PERMISSION_DENIED: 'the user may not do that here (not a member, private channel, not in the voice call, not the author/owner)',
    NOT_FOUND: 'no such channel, message, or voice target',
    VALIDATION_ERROR: 'the frame is not JSON, not an object, has an unknown `type`, or a missing/wrong field (the message names it)',
    RATE_LIMITED: 'more messages than the per-socket rate limit allows; the socket is closed with 1008 if it persists',
    SERVER_ERROR: 'the server failed to handle the message; nothing changed',
  },
};
