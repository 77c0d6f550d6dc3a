import type * as t from 'io-ts';
import { opponentServerEvents, opponentWire, type GameEvent } from '../protocol.js';
import { RouteClient, type ClientOptions, type WireError } from '../route-client.js';

/** Every event `/opponent/ws` sends (seed 004), typed from the server's codecs. */
export type OpponentEvent = t.TypeOf<(typeof opponentServerEvents)[number]>;
export type OpponentGameEvent = Omit<t.OutputOf<typeof GameEvent>, 'type'>;
type Update = Extract<OpponentEvent, { type: 'opponent_update' }>;

export interface OpponentClientOptions extends ClientOptions {
  /** The `/pong/ws` session whose live metrics the opponent reads (`?session_id=`). */
  sessionId?: string;
}

/**
 * `/opponent/ws` (seed 004): flat frames, one `opponent_update` per `game_event` (in order).
 * Its errors are notices (a skipped taunt, neutral metrics) except `INVALID_EVENT`, which
 * refuses the event in flight. Nothing to resume: each event carries the whole game state.
 */
export class OpponentClient extends RouteClient<OpponentEvent> {
  readonly #url: string;

  private constructor(url: string, options: OpponentClientOptions) {
    const warnings = Object.keys(opponentWire.errors).filter((code) => code !== 'INVALID_EVENT');
    super({ route: '/opponent/ws', serverCodecs: opponentServerEvents, serial: true, warnings }, options);
    this.#url = options.sessionId ? `${url}?session_id=${encodeURIComponent(options.sessionId)}` : url;
  }

  static async connect(url: string, options: OpponentClientOptions = {}): Promise<OpponentClient> {
    const client = new OpponentClient(url, options);
    await client.open();
    return client;
  }

  protected url() {
    return this.#url;
  }

  protected errorOf(frame: OpponentEvent): WireError | undefined {
    return frame.type === 'error' ? { code: frame.code, message: frame.message } : undefined;
  }

  protected async resume() {}

  /** Report a game event; resolves with its `opponent_update`. */
  gameEvent(event: OpponentGameEvent): Promise<Update> {
    return this.request({ type: 'game_event', ...event }, { match: (f) => (f.type === 'opponent_update' && f.event_id === event.event_id ? f : undefined) });
  }
}
