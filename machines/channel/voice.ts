import { join, out } from '../../src/contract/index.js';
import { channelSetup } from './channel-setup.js';
import { conn, omit, who, type Change, type ChannelContext, type ChannelGuard, type EventOf } from './channel-state.js';

/**
 * The voice call: who is in it from which socket, mute and speaking state, and the
 * WebRTC signalling relayed between participants. The call is per socket: joining from
 * another socket moves the user's call there.
 */

/** `user` leaves the call if they are in it from `socket`. */
export function leaveCall(context: ChannelContext, user: string, socket: string): Change<ChannelContext['voice']> {
  if (context.voice[user]?.conn !== socket) return { next: context.voice, events: [] };
  return { next: omit(context.voice, user), events: [{ type: 'voice_user_left', channel_id: context.channelId, user_id: user }] };
}

export const voiceGuards = {
  isInVoice: ({ context, event }) => context.voice[who(event)]?.conn === conn(event),
  targetIsInVoice: ({ context, event }) => (event as { target_user_id: string }).target_user_id in context.voice,
} satisfies Record<string, ChannelGuard>;

export const voiceActions = {
  joinVoice: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const user = who(event);
    const socket = conn(event);
    const existing = context.voice[user];
    if (existing?.conn === socket) return; // idempotent
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

  leaveVoice: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const call = leaveCall(context, who(event), conn(event)); // idempotent
    if (call.events.length === 0) return;
    enqueue.assign({ voice: call.next });
    for (const left of call.events) enqueue.emit(out('session', left));
  }),

  setMuted: channelSetup.enqueueActions(({ context, event, enqueue }) => {
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

  setSpeaking: channelSetup.enqueueActions(({ context, event, enqueue }) => {
    const user = who(event);
    const participant = context.voice[user];
    const speaking = (event as EventOf<'voice_speaking'>).speaking && !participant.muted;
    if (participant.speaking === speaking) return;
    enqueue.assign({ voice: { ...context.voice, [user]: { ...participant, speaking } } });
    enqueue.emit(out('session', { type: 'voice_speaking', channel_id: context.channelId, user_id: user, speaking }));
  }),

  /** Offer/answer/ICE go only to the target's socket in the call, tagged with who sent them. */
  relaySignal: channelSetup.emit(({ context, event }) => {
    const signal = event as EventOf<'voice_offer'> | EventOf<'voice_answer'> | EventOf<'voice_ice'>;
    const target = context.voice[signal.target_user_id];
    const payload = signal.type === 'voice_ice' ? { candidate: signal.candidate } : { sdp: signal.sdp };
    return out({ conn: target.conn }, { type: signal.type, channel_id: context.channelId, from_user_id: who(event), ...payload });
  }),
};
