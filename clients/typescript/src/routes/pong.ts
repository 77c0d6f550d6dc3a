import type * as t from 'io-ts';
import { pongServerEvents, type PongClientMessage } from '../protocol.js';
import { RouteClient, type ClientOptions, type WireError } from '../route-client.js';

/** Every event `/pong/ws` sends (seed 004), typed from the server's codecs. */
export type PongEvent = t.TypeOf<(typeof pongServerEvents)[number]>;
export type PongMessage = t.OutputOf<typeof PongClientMessage>;
type Data<T extends PongMessage['type']> = NonNullable<Extract<PongMessage, { type: T }> extends { data?: infer D } ? D : never>;
type Of<T extends PongEvent['type']> = Extract<PongEvent, { type: T }>;

export interface PongClientOptions extends ClientOptions {
  /** Resume this session (`session_created.sessionId` of an earlier connection). */
  sessionId?: string;
}

/**
 * `/pong/ws` (seed 004): `{type, data}` frames. `connect {userId}` resumes a session
 * (calibration kept); the client sends it again after every reconnect and the server answers
 * with `session_created`. Errors carry no correlation: commands go one at a time.
 */
export class PongClient extends RouteClient<PongEvent> {
  readonly #url: string;
  #sessionId: string | undefined;
  #created: Of<'session_created'> | undefined;

  private constructor(url: string, options: PongClientOptions) {
    // 4000: the session was resumed on another socket.
    super({ route: '/pong/ws', serverCodecs: pongServerEvents, serial: true, warnings: ['THONK_TIMEOUT', 'GPT_API_ERROR', 'CALIBRATION_FAILED'], finalCloseCodes: [4000] }, options);
    this.#url = url;
    this.#sessionId = options.sessionId;
  }

  /** Connect to `url` (`ws://host:port/pong/ws`) and open (or resume) a session. */
  static async connect(url: string, options: PongClientOptions = {}): Promise<PongClient> {
    const client = new PongClient(url, options);
    await client.open();
    return client;
  }

  get sessionId(): string | undefined {
    return this.#sessionId;
  }
  /** The latest `session_created` (its `calibrationParams` once calibrated). */
  get session(): Of<'session_created'>['data'] | undefined {
    return this.#created?.data;
  }

  protected url() {
    return this.#url;
  }

  protected errorOf(frame: PongEvent): WireError | undefined {
    return frame.type === 'error' ? { code: frame.data.code, message: frame.data.message } : undefined;
  }

  protected async resume() {
    const data = this.#sessionId ? { userId: this.#sessionId } : {};
    this.#created = await this.request({ type: 'connect', data }, { match: (f) => (f.type === 'session_created' ? f : undefined) }, { immediate: true });
    this.#sessionId = this.#created.data.sessionId;
  }

  /** Resolves with the first `calibration_step` (baseline). */
  startCalibration(): Promise<Of<'calibration_step'>> {
    return this.request({ type: 'start_calibration', data: {} }, { match: (f) => (f.type === 'calibration_step' ? f : undefined) });
  }
  /** One calibration sample (no answer; sent at the signal's own rate). */
  sample(data: Data<'calibration_sample'>): Promise<void> {
    return this.send({ type: 'calibration_sample', data });
  }
  /** Resolves with the first `game_state` of the match. */
  startGame(): Promise<Of<'game_state'>> {
    return this.request({ type: 'start_game', data: {} }, { match: (f) => (f.type === 'game_state' ? f : undefined) });
  }
  input(data: Data<'input_command'>): Promise<void> {
    return this.send({ type: 'input_command', data });
  }
  pauseGame(): Promise<void> {
    return this.send({ type: 'pause_game', data: {} });
  }
}
