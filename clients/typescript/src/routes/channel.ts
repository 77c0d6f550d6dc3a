import type * as t from 'io-ts';
import { channelClientCodecs, channelServerEvents } from '../protocol.js';
import { RouteClient, type ClientOptions, type WireError } from '../route-client.js';

/** Every event `/voice/ws` sends (seed 003), typed from the server's codecs. */
export type ChannelEvent = t.TypeOf<(typeof channelServerEvents)[number]>;
/** What a client sends: the codecs' output side, so branded ids (Uuid) are plain strings to the caller. */
export type ChannelMessage = t.OutputOf<(typeof channelClientCodecs)[number]>;
type Args<T extends ChannelMessage['type']> = Omit<Extract<ChannelMessage, { type: T }>, 'type' | 'id'>;
type Of<T extends ChannelEvent['type']> = Extract<ChannelEvent, { type: T }>;

export interface ChannelClientOptions extends ClientOptions {
  /** The JWT, or a function returning a fresh one for each (re)connection. */
  token: string | (() => string | Promise<string>);
}

/**
 * `/voice/ws?token=JWT` (seed 003): flat frames; `id` is echoed on replies and errors. On
 * reconnect the client waits for `ready` (the snapshot of the user's channels), then
 * re-subscribes and re-joins the voice calls it was in.
 */
export class ChannelClient extends RouteClient<ChannelEvent> {
  readonly #base: string;
  readonly #token: ChannelClientOptions['token'];
  #seq = 0;
  readonly #subscribed = new Set<string>();
  readonly #inVoice = new Set<string>();
  #ready: Of<'ready'> | undefined;

  private constructor(url: string, options: ChannelClientOptions) {
    super({ route: '/voice/ws', serverCodecs: channelServerEvents, serial: false }, options);
    this.#base = url;
    this.#token = options.token;
  }

  /** Connect to `url` (`ws://host:port/voice/ws`) and wait for `ready`. */
  static async connect(url: string, options: ChannelClientOptions): Promise<ChannelClient> {
    const client = new ChannelClient(url, options);
    await client.open();
    return client;
  }

  /** The user and the channels they see, as of the latest `ready`. */
  get user(): Of<'ready'>['user'] | undefined {
    return this.#ready?.user;
  }

  protected async url() {
    const token = typeof this.#token === 'string' ? this.#token : await this.#token();
    return `${this.#base}?token=${encodeURIComponent(token)}`;
  }

  protected errorOf(frame: ChannelEvent & { id?: string }): WireError | undefined {
    return frame.type === 'error' ? { code: frame.code, message: frame.message, correlation: frame.id } : undefined;
  }

  protected async resume(reconnect: boolean) {
    this.#ready = await this.expectFrame((f) => (f.type === 'ready' ? f : undefined), 'ready');
    if (!reconnect) return;
    await Promise.all([...this.#subscribed].map((channel_id) => this.#subscribe(channel_id, true)));
    await Promise.all([...this.#inVoice].map((channel_id) => this.#voiceJoin(channel_id, true)));
  }

  ping(): Promise<Of<'pong'>> {
    return this.#reply('ping', {}, 'pong');
  }
  /** Receive the channel's events; kept across reconnects. */
  subscribe({ channel_id }: Args<'subscribe'>): Promise<Of<'subscribed'>> {
    this.#subscribed.add(channel_id);
    return this.#subscribe(channel_id, false);
  }
  unsubscribe({ channel_id }: Args<'unsubscribe'>): Promise<Of<'unsubscribed'>> {
    this.#subscribed.delete(channel_id);
    return this.#reply('unsubscribe', { channel_id }, 'unsubscribed');
  }
  /** Join the channel's voice call; resolves with your own `voice_user_joined`. */
  voiceJoin({ channel_id }: Args<'voice_join'>): Promise<Of<'voice_user_joined'>> {
    this.#inVoice.add(channel_id);
    return this.#voiceJoin(channel_id, false);
  }
  /** Leave the call; resolves with your own `voice_user_left`. */
  voiceLeave({ channel_id }: Args<'voice_leave'>): Promise<Of<'voice_user_left'>> {
    this.#inVoice.delete(channel_id);
    return this.#own('voice_leave', { channel_id }, 'voice_user_left');
  }
  voiceMute({ channel_id }: Args<'voice_mute'>): Promise<Of<'voice_mute'>> {
    return this.#own('voice_mute', { channel_id }, 'voice_mute');
  }
  voiceUnmute({ channel_id }: Args<'voice_unmute'>): Promise<Of<'voice_unmute'>> {
    return this.#own('voice_unmute', { channel_id }, 'voice_unmute');
  }

  /**
   * Signalling and typing have no answer: these resolve once sent. A refusal arrives as an
   * `error` event carrying the returned `id`.
   */
  typing(args: Args<'typing'>) {
    return this.#tell('typing', args);
  }
  stopTyping(args: Args<'stop_typing'>) {
    return this.#tell('stop_typing', args);
  }
  voiceOffer(args: Args<'voice_offer'>) {
    return this.#tell('voice_offer', args);
  }
  voiceAnswer(args: Args<'voice_answer'>) {
    return this.#tell('voice_answer', args);
  }
  voiceIce(args: Args<'voice_ice'>) {
    return this.#tell('voice_ice', args);
  }
  voiceSpeaking(args: Args<'voice_speaking'>) {
    return this.#tell('voice_speaking', args);
  }

  async #tell(type: ChannelMessage['type'], args: object): Promise<string> {
    const id = this.#id();
    await this.send({ id, type, ...args });
    return id;
  }

  #subscribe(channel_id: string, immediate: boolean) {
    return this.#reply('subscribe', { channel_id }, 'subscribed', immediate);
  }

  #voiceJoin(channel_id: string, immediate: boolean) {
    return this.#own('voice_join', { channel_id }, 'voice_user_joined', immediate);
  }

  #reply<K extends ChannelEvent['type']>(type: ChannelMessage['type'], args: object, answer: K, immediate = false): Promise<Of<K>> {
    const id = this.#id();
    return this.request({ id, type, ...args }, { correlation: id, match: (f) => (f.type === answer && (f as { id?: string }).id === id ? (f as Of<K>) : undefined) }, { immediate });
  }

  /** Commands answered by a channel-wide event about the sender. */
  #own<K extends ChannelEvent['type']>(type: ChannelMessage['type'], args: { channel_id: string }, answer: K, immediate = false): Promise<Of<K>> {
    const id = this.#id();
    const me = () => this.#ready?.user.id;
    const match = (f: ChannelEvent) =>
      f.type === answer && 'user_id' in f && f.user_id === me() && 'channel_id' in f && f.channel_id === args.channel_id ? (f as Of<K>) : undefined;
    return this.request({ id, type, ...args }, { correlation: id, match }, { immediate });
  }

  #id() {
    return `r${++this.#seq}_${Math.random().toString(36).slice(2, 8)}`;
  }
}
