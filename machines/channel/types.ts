/**
 * The channel's domain data as the machine sees it (seed 003): a channel, a chat message,
 * and the client commands that reach a channel actor. Plain shapes: the wire codecs in
 * `src/protocol/channel.ts` produce values of these types, and a compile-time check there
 * keeps the two from drifting.
 */

export interface ChannelInfo {
  id: string;
  name: string;
  is_private: boolean;
  owner_id: string;
  created_at: string;
}

export interface ChatMessage {
  id: string;
  channel_id: string;
  author_id: string;
  content: string;
  created_at: string;
  edited_at: string | null;
}

/** An ICE candidate as a browser hands it over: the SDP line, or an `RTCIceCandidateInit`. */
export type IceCandidate =
  | string
  | { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null };

/** Every command names its channel; `id`, when the client sent one, is echoed on the reply. */
type OnChannel<T extends string, Fields = unknown> = T extends string ? { type: T; channel_id: string; id?: string } & Fields : never;

/** A signalling message for one peer in the call; relayed to them with `from_user_id`. */
type Signal<T extends string, Fields> = OnChannel<T, { target_user_id: string } & Fields>;

/** The client messages a channel actor handles (everything but `ping`, which the gateway answers). */
export type ChannelCommand =
  | OnChannel<'subscribe' | 'unsubscribe' | 'typing' | 'stop_typing' | 'voice_join' | 'voice_leave' | 'voice_mute' | 'voice_unmute'>
  | Signal<'voice_offer' | 'voice_answer', { sdp: string }>
  | Signal<'voice_ice', { candidate: IceCandidate }>
  | OnChannel<'voice_speaking', { speaking: boolean }>;
