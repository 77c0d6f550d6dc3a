import type * as t from 'io-ts';
import { libraryClientCodecs, libraryServerEvents } from '../protocol.js';
import { RouteClient, type ClientOptions, type WireError } from '../route-client.js';

/** Every event `/ws` sends (seed 001), typed from the server's codecs. */
export type LibraryEvent = t.TypeOf<(typeof libraryServerEvents)[number]>;
export type LibraryMessage = t.OutputOf<(typeof libraryClientCodecs)[number]>;
type Data<T extends LibraryMessage['type']> = Extract<LibraryMessage, { type: T }> extends { data?: infer D } ? D : never;
type Of<T extends LibraryEvent['type']> = Extract<LibraryEvent, { type: T }>;

export interface LibraryClientOptions extends ClientOptions {
  /** The JWT, or a function returning a fresh one for each (re)connection. */
  token: string | (() => string | Promise<string>);
}

/**
 * `/ws?token=JWT` (seed 001): `{type, data, timestamp, id?}` both ways; a reply carries the
 * request's `id`. On reconnect the client re-sends its subscriptions (the server forgets them
 * with the socket) after the new `connection_established`.
 */
export class LibraryClient extends RouteClient<LibraryEvent> {
  readonly #base: string;
  readonly #token: LibraryClientOptions['token'];
  #seq = 0;
  readonly #subscriptions = new Map<string, Data<'subscribe'>>();
  #established: Of<'connection_established'> | undefined;

  private constructor(url: string, options: LibraryClientOptions) {
    super({ route: '/ws', serverCodecs: libraryServerEvents, serial: false, finalCloseCodes: typeof options.token === 'string' ? [4001] : [] }, options);
    this.#base = url;
    this.#token = options.token;
  }

  /** Connect to `url` (`ws://host:port/ws`) and wait for `connection_established`. */
  static async connect(url: string, options: LibraryClientOptions): Promise<LibraryClient> {
    const client = new LibraryClient(url, options);
    await client.open();
    return client;
  }

  /** The server's greeting on the current connection. */
  get session(): Of<'connection_established'>['data'] | undefined {
    return this.#established?.data;
  }

  protected async url() {
    const token = typeof this.#token === 'string' ? this.#token : await this.#token();
    return `${this.#base}?token=${encodeURIComponent(token)}`;
  }

  protected errorOf(frame: LibraryEvent): WireError | undefined {
    if (frame.type === 'error') return { code: frame.data.error_code, message: frame.data.message, correlation: frame.id };
    // The assistant's errors name the message they answer (its `message_id` is our `id`).
    if (frame.type === 'ai_error') return { code: frame.data.error_code, message: frame.data.error_message, correlation: frame.data.message_id };
    return undefined;
  }

  protected async resume(reconnect: boolean) {
    this.#established = await this.expectFrame((f) => (f.type === 'connection_established' ? f : undefined), 'connection_established');
    if (!reconnect) return;
    await Promise.all([...this.#subscriptions.entries()].map(([key, data]) => this.#subscribe(key, data, true)));
  }

  /** Round trip; resolves with `pong`. */
  ping(): Promise<Of<'pong'>> {
    const id = this.#id();
    return this.request({ type: 'ping', data: {}, id, timestamp: new Date().toISOString() }, { correlation: id, match: (f) => (f.type === 'pong' && f.id === id ? f : undefined) });
  }

  /** Subscribe to event names or groups; kept across reconnects. Resolves with `subscribed`. */
  subscribe(data: Data<'subscribe'>): Promise<Of<'subscribed'>> {
    const key = JSON.stringify(data);
    this.#subscriptions.set(key, data);
    return this.#subscribe(key, data, false);
  }

  unsubscribe(data: Data<'unsubscribe'>): Promise<Of<'unsubscribed'>> {
    for (const [key, sub] of this.#subscriptions) {
      const rest = sub.events.filter((e) => !data.events.includes(e));
      if (rest.length === 0) this.#subscriptions.delete(key);
      else this.#subscriptions.set(key, { ...sub, events: rest });
    }
    const id = this.#id();
    return this.request({ type: 'unsubscribe', data, id, timestamp: new Date().toISOString() }, { correlation: id, match: (f) => (f.type === 'unsubscribed' && f.id === id ? f : undefined) });
  }

  /**
   * Ask the assistant. Chunks arrive as `ai_chat_response_chunk` events (listen with `on`);
   * resolves with `ai_chat_response_complete`, rejects with the `ai_error`'s code.
   */
  ask(data: Data<'ai_chat_message'>): Promise<Of<'ai_chat_response_complete'>> {
    const id = this.#id();
    return this.request(
      { type: 'ai_chat_message', data, id, timestamp: new Date().toISOString() },
      { correlation: id, match: (f) => (f.type === 'ai_chat_response_complete' && f.data.message_id === id ? f : undefined) },
    );
  }

  #subscribe(key: string, data: Data<'subscribe'>, immediate: boolean): Promise<Of<'subscribed'>> {
    const id = this.#id();
    return this.request(
      { type: 'subscribe', data, id, timestamp: new Date().toISOString() },
      { correlation: id, match: (f) => (f.type === 'subscribed' && f.id === id ? f : undefined) },
      { immediate },
    ).catch((error) => {
      if (!immediate) this.#subscriptions.delete(key);
      throw error;
    });
  }

  #id() {
    return `m${++this.#seq}_${Math.random().toString(36).slice(2, 8)}`;
  }
}
