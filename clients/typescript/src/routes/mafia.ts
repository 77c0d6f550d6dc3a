import type * as t from 'io-ts';
import { mafiaServerEvents, type createMafiaCodecs } from '../protocol.js';
import { RouteClient, type ClientOptions, type WireError } from '../route-client.js';

/** Every event `/mafia/ws` sends (seed 000), typed from the server's codecs. */
export type MafiaEvent = t.TypeOf<(typeof mafiaServerEvents)[number]>;
export type MafiaAction = t.TypeOf<ReturnType<typeof createMafiaCodecs>['ClientAction']>;
type Payload<T extends MafiaAction['type']> = Extract<MafiaAction, { type: T }>['payload'];
type Of<T extends MafiaEvent['type']> = Extract<MafiaEvent, { type: T }>;
export type MafiaCredentials = Of<'SESSION_CREDENTIALS'>['payload'];

/** How the first connection enters a game. */
export type MafiaStart = { create: Payload<'CREATE_GAME'> } | { join: Payload<'JOIN_GAME'> } | { credentials: MafiaCredentials };

/**
 * `/mafia/ws` (seed 000): `{type, payload}` frames. The socket enters a game by
 * `CREATE_GAME`, `JOIN_GAME` or `RECONNECT` with the session token; after a drop the client
 * sends `RECONNECT` again and the server resynchronises it with `GAME_STATE_SNAPSHOT` and
 * `CHAT_HISTORY_SNAPSHOT`. Errors carry no correlation, so commands go one at a time and an
 * `ERROR` refuses the one in flight.
 */
export class MafiaClient extends RouteClient<MafiaEvent> {
  readonly #url: string;
  #start: MafiaStart;
  #credentials: MafiaCredentials | undefined;
  #snapshot: Of<'GAME_STATE_SNAPSHOT'>['payload']['game_state'] | undefined;

  private constructor(url: string, start: MafiaStart, options: ClientOptions) {
    // 4000: a newer socket of this player took over; reconnecting would take it back.
    super({ route: '/mafia/ws', serverCodecs: mafiaServerEvents, serial: true, finalCloseCodes: [4000] }, options);
    this.#url = url;
    this.#start = start;
    this.on('GAME_STATE_SNAPSHOT', (e) => (this.#snapshot = e.payload.game_state));
  }

  /** Connect to `url` (`ws://host:port/mafia/ws`) and create, join or resume a game. */
  static async connect(url: string, start: MafiaStart, options: ClientOptions = {}): Promise<MafiaClient> {
    const client = new MafiaClient(url, start, options);
    await client.open();
    return client;
  }

  /** This player's credentials (keep them to resume on another socket). */
  get credentials(): MafiaCredentials | undefined {
    return this.#credentials;
  }
  /** The latest `GAME_STATE_SNAPSHOT`'s state, as this player sees it. */
  get gameState() {
    return this.#snapshot;
  }

  protected url() {
    return this.#url;
  }

  protected errorOf(frame: MafiaEvent): WireError | undefined {
    return frame.type === 'ERROR' ? { code: frame.payload.code, message: frame.payload.message } : undefined;
  }

  protected async resume() {
    const start: MafiaStart = this.#credentials ? { credentials: this.#credentials } : this.#start;
    if ('credentials' in start) {
      const snapshot = this.request({ type: 'RECONNECT', payload: start.credentials }, { match: (f) => (f.type === 'GAME_STATE_SNAPSHOT' ? f : undefined) }, { immediate: true });
      await snapshot;
      this.#credentials = start.credentials;
      await this.expectFrame((f) => (f.type === 'CHAT_HISTORY_SNAPSHOT' ? f : undefined), 'CHAT_HISTORY_SNAPSHOT');
      return;
    }
    const frame = 'create' in start ? { type: 'CREATE_GAME', payload: start.create } : { type: 'JOIN_GAME', payload: start.join };
    this.#credentials = await this.request(frame, { match: (f) => (f.type === 'SESSION_CREDENTIALS' ? f.payload : undefined) }, { immediate: true });
    await this.expectFrame((f) => (f.type === 'GAME_STATE_SNAPSHOT' ? f : undefined), 'GAME_STATE_SNAPSHOT');
  }

  #me = () => this.#credentials?.player_id;

  /** Host only: start the game; resolves with your `ROLE_ASSIGNED`. */
  startGame(): Promise<Of<'ROLE_ASSIGNED'>> {
    return this.request({ type: 'START_GAME', payload: {} }, { match: (f) => (f.type === 'ROLE_ASSIGNED' ? f : undefined) });
  }
  chat(payload: Payload<'POST_CHAT_MESSAGE'>): Promise<Of<'CHAT_MESSAGE'>> {
    return this.request({ type: 'POST_CHAT_MESSAGE', payload }, { match: (f) => (f.type === 'CHAT_MESSAGE' && f.payload.message.player_id === this.#me() ? f : undefined) });
  }
  updateStatus(payload: Payload<'UPDATE_STATUS'>): Promise<Of<'PLAYER_STATUS_UPDATED'>> {
    return this.request({ type: 'UPDATE_STATUS', payload }, { match: (f) => (f.type === 'PLAYER_STATUS_UPDATED' && f.payload.player_id === this.#me() ? f : undefined) });
  }
  nightAction(payload: Payload<'SUBMIT_NIGHT_ACTION'>): Promise<Of<'NIGHT_ACTION_ACCEPTED'>> {
    return this.request({ type: 'SUBMIT_NIGHT_ACTION', payload }, { match: (f) => (f.type === 'NIGHT_ACTION_ACCEPTED' ? f : undefined) });
  }
  /** A nomination (`vote_target_id`) or a verdict (`verdict`); resolves with your `VOTE_CAST`. */
  vote(payload: Payload<'SUBMIT_VOTE'>): Promise<Of<'VOTE_CAST'>> {
    return this.request({ type: 'SUBMIT_VOTE', payload }, { match: (f) => (f.type === 'VOTE_CAST' && f.payload.voter_id === this.#me() ? f : undefined) });
  }
  pulseCheck(payload: Payload<'SUBMIT_PULSE_CHECK'>): Promise<Of<'PULSE_CHECK_SUBMITTED'>> {
    return this.request({ type: 'SUBMIT_PULSE_CHECK', payload }, { match: (f) => (f.type === 'PULSE_CHECK_SUBMITTED' && f.payload.player_id === this.#me() ? f : undefined) });
  }
  exitInterview(payload: Payload<'SUBMIT_EXIT_INTERVIEW'>): Promise<Of<'EXIT_INTERVIEW_SUBMITTED'>> {
    return this.request({ type: 'SUBMIT_EXIT_INTERVIEW', payload }, { match: (f) => (f.type === 'EXIT_INTERVIEW_SUBMITTED' && f.payload.player_id === this.#me() ? f : undefined) });
  }
}
