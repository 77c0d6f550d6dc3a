import type * as t from 'io-ts';
import { pokerClientCodecs, PokerErrorEvent, pokerServerEvents, PokerSessionEvent } from '../protocol.js';
import { RouteClient, type ClientOptions, type WireError } from '../route-client.js';

/** Every event `/poker/ws` sends, typed from the server's codecs. */
export type PokerEvent =
  | t.TypeOf<(typeof pokerServerEvents)[number]>
  | t.TypeOf<typeof PokerSessionEvent>
  | t.TypeOf<typeof PokerErrorEvent>;
export type PokerCommand = t.OutputOf<(typeof pokerClientCodecs)[number]>;
type Snapshot = Extract<PokerEvent, { type: 'TABLE_SNAPSHOT' }>;
type Applied = Extract<PokerEvent, { type: 'PLAYER_ACTION_APPLIED' }>;
/** A command without the fields the client fills in. */
type Args<T extends PokerCommand['type']> = Omit<Extract<PokerCommand, { type: T }>, 'type' | 'cmdId'>;

export interface PokerClientOptions extends ClientOptions {
  /** Resume an earlier session (its seat and identity) instead of starting a new one. */
  resumeToken?: string;
}

/**
 * `/poker/ws` (seed 002). Each connection gets `SESSION {userId, resumeToken}`; reconnecting
 * with `?resume=` keeps the seat, and the server resends each table's `TABLE_SNAPSHOT`.
 * Commands carry a `cmdId`; a refusal is `ERROR {code, cmdId}`, which rejects the promise.
 */
export class PokerClient extends RouteClient<PokerEvent> {
  readonly #base: string;
  #resumeToken: string | undefined;
  #userId = '';
  #cmd = 0;
  readonly #watching = new Set<string>();

  private constructor(url: string, options: PokerClientOptions) {
    super({ route: '/poker/ws', serverCodecs: [...pokerServerEvents, PokerSessionEvent, PokerErrorEvent], serial: false }, options);
    this.#base = url;
    this.#resumeToken = options.resumeToken;
  }

  /** Connect to `url` (`ws://host:port/poker/ws`) and wait for `SESSION`. */
  static async connect(url: string, options: PokerClientOptions = {}): Promise<PokerClient> {
    const client = new PokerClient(url, options);
    await client.open();
    return client;
  }

  /** This connection's address at the tables (`SESSION.userId`). */
  get userId(): string {
    return this.#userId;
  }
  /** The token that resumes this session (also on another device). */
  get resumeToken(): string | undefined {
    return this.#resumeToken;
  }

  protected url() {
    return this.#resumeToken ? `${this.#base}?resume=${encodeURIComponent(this.#resumeToken)}` : this.#base;
  }

  protected errorOf(frame: PokerEvent): WireError | undefined {
    return frame.type === 'ERROR' ? { code: frame.code, message: frame.msg, correlation: frame.cmdId } : undefined;
  }

  protected async resume(reconnect: boolean) {
    const session = await this.expectFrame((f) => (f.type === 'SESSION' ? f : undefined), 'SESSION');
    this.#userId = session.userId;
    this.#resumeToken = session.resumeToken;
    if (!reconnect) return;
    // Seats come back by themselves (the server resends their snapshots); watching does not.
    await Promise.all([...this.#watching].map((tableId) => this.#command('WATCH', { tableId }, this.#snapshotOf(tableId), true)));
  }

  /** Take a seat; resolves with your `TABLE_SNAPSHOT` (with `yourSeat`). */
  sit(args: Args<'SIT'>): Promise<Snapshot> {
    return this.#command('SIT', args, (f) => (f.type === 'TABLE_SNAPSHOT' && f.tableId === args.tableId && f.yourSeat !== null ? f : undefined));
  }
  /** Follow a table without a seat; resolves with its snapshot. */
  watch(args: Args<'WATCH'>): Promise<Snapshot> {
    this.#watching.add(args.tableId);
    return this.#command('WATCH', args, this.#snapshotOf(args.tableId));
  }
  /** Act on your turn; resolves with the table's `PLAYER_ACTION_APPLIED` for it. */
  act(args: Args<'ACTION'>): Promise<Applied> {
    return this.#command('ACTION', args, (f) => (f.type === 'PLAYER_ACTION_APPLIED' && f.playerId === this.#userId ? f : undefined));
  }
  leave(args: Args<'LEAVE'>): Promise<Snapshot> {
    if (args.tableId) this.#watching.delete(args.tableId);
    return this.#command('LEAVE', args, this.#snapshotOf(args.tableId));
  }
  sitOut(args: Args<'SIT_OUT'>): Promise<Snapshot> {
    return this.#command('SIT_OUT', args, this.#snapshotOf(args.tableId));
  }
  sitIn(args: Args<'SIT_IN'>): Promise<Snapshot> {
    return this.#command('SIT_IN', args, this.#snapshotOf(args.tableId));
  }
  rebuy(args: Args<'REBUY'>): Promise<Snapshot> {
    return this.#command('REBUY', args, this.#snapshotOf(args.tableId));
  }
  postBlind(args: Args<'POST_BLIND'>): Promise<Snapshot> {
    return this.#command('POST_BLIND', args, this.#snapshotOf(args.tableId));
  }

  #snapshotOf(tableId: string | undefined) {
    return (f: PokerEvent) => (f.type === 'TABLE_SNAPSHOT' && (tableId === undefined || f.tableId === tableId) ? f : undefined);
  }

  #command<R>(type: PokerCommand['type'], args: object, match: (f: PokerEvent) => R | undefined, immediate = false): Promise<R> {
    const cmdId = `c${++this.#cmd}-${Math.random().toString(36).slice(2, 8)}`;
    return this.request({ type, cmdId, ...args }, { match, correlation: cmdId }, { immediate });
  }
}
