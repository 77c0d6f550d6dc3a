import type { Card } from './cards.js';
import type { RngState } from './rng.js';

/** A table's rules and timers (set at creation; POST /api/tables or the default table). */
export interface TableSettings {
  name: string;
  smallBlind: number;
  bigBlind: number;
  /** 2..10 seats. */
  maxSeats: number;
  minBuyIn: number;
  maxBuyIn: number;
  /** Time to act before the timebank starts. */
  actionTimeMs: number;
  /** Each player's timebank when they sit down: the cap the refill rule tops it up to. */
  timebankMs: number;
  /** Grace timer for a player who is disconnected on their turn, before the timebank. */
  disconnectGraceMs: number;
  /** Pause between the end of one hand and the start of the next. */
  nextHandDelayMs: number;
}

export type Street = 'preflop' | 'flop' | 'turn' | 'river';
export type Phase = 'uncreated' | 'waiting' | 'between' | Street | 'showdown';

export interface SeatState {
  playerId: string;
  stack: number;
  /** Not dealt in (SIT_OUT, or chosen by the player); the current hand is still played out. */
  sittingOut: boolean;
  /** Joined a running table (or missed the big blind): dealt in when the big blind reaches this seat, or after POST_BLIND BB. */
  waitingForBB: boolean;
  /** Posts a big blind out of position next hand to be dealt in at once. */
  postBB: boolean;
  /** The big blind passed this seat while it could not play. */
  missedBB: boolean;
  timebankMs: number;
  /** Open sockets of this player (gateway connection ids). */
  connections: string[];
  /** When the last socket closed (null while connected): the seat is freed `abandonAfterMs` later. */
  awaySince: number | null;
  /** Turns in a row the server acted for this player; two sit them out until they act. */
  timeouts: number;
}

/** A stack whose player was stood up while away: it comes back if they sit again before `until`. */
export interface KeptStack {
  stack: number;
  timebankMs: number;
  until: number;
}

/**
 * The server's seat and timebank rules (env settings, the same for every table of a server),
 * given to a fresh table as input. A table restored from an older snapshot without them
 * uses `defaultTablePolicy`.
 */
export interface TablePolicy {
  /** A seat with no connected socket for this long is stood up (at the end of the hand). */
  abandonAfterMs: number;
  /** How long a stood-up player's stack is kept for them (the resume token lifetime). */
  keepStackMs: number;
  /** Timebank added to each player dealt into every `timebankRefillEveryHands`-th hand, up to `timebankMs`. */
  timebankRefillMs: number;
  /** 0: never refilled. */
  timebankRefillEveryHands: number;
}

export const defaultTablePolicy: TablePolicy = {
  abandonAfterMs: 120_000,
  keepStackMs: 86_400_000,
  timebankRefillMs: 5_000,
  timebankRefillEveryHands: 10,
};

export interface HandPlayer {
  seat: number;
  playerId: string;
  hole: Card[];
  /** Chips put in on the current street. */
  bet: number;
  /** Chips put in this hand (what the pots are built from). */
  total: number;
  folded: boolean;
  allIn: boolean;
  /** Acted since the bet last went up (or the round began). */
  acted: boolean;
  /** The bet level when this player last acted (-1: not yet this street); decides whether a raise is reopened. */
  actedAtBet: number;
}

export interface HandState {
  id: number;
  street: Street;
  deck: Card[];
  board: Card[];
  players: HandPlayer[];
  button: number;
  /** Small-blind position (may be dead: nobody posted). */
  sbSeat: number;
  sbPosted: boolean;
  bbSeat: number;
  headsUp: boolean;
  currentBet: number;
  /** The size of the last full bet or raise: the minimum raise increment. */
  lastFullRaise: number;
  acting: number | null;
  /** Last player to bet or raise on the current street (shows first at showdown). */
  lastAggressor: number | null;
}

export interface TurnTimer {
  seat: number;
  phase: 'action' | 'timebank' | 'grace';
  startedAt: number;
  deadline: number;
  /** For grace: the phase and time left when the player disconnected. */
  resumePhase?: 'action' | 'timebank';
  resumeLeftMs?: number;
}

export interface Positions {
  button: number;
  sbSeat: number;
  bbSeat: number;
}

export interface TableContext {
  tableId: string;
  phase: Phase;
  settings: TableSettings;
  seats: (SeatState | null)[];
  hand: HandState | null;
  /** Positions of the last hand (null when the table (re)starts: the button is drawn). */
  positions: Positions | null;
  handCount: number;
  rng: RngState;
  /** Runtime clock as of the event being handled (epoch ms). */
  now: number;
  turn: TurnTimer | null;
  nextHandAt: number | null;
  /** Bumped whenever the phase or a timer changes: timed states re-enter (and re-arm) when it moves. */
  epoch: number;
  armedEpoch: number;
  /** Recent cmdIds per player, newest last (duplicates are not applied). */
  seen: Record<string, string[]>;
  /** Chips bought in minus chips cashed out: always equals stacks + pots + kept stacks. */
  bankroll: number;
  policy: TablePolicy;
  /** Stacks of players stood up while away, by player id. */
  kept: Record<string, KeptStack>;
}

export const defaultTableSettings: TableSettings = {
  name: 'Table',
  smallBlind: 50,
  bigBlind: 100,
  maxSeats: 6,
  minBuyIn: 2_000,
  maxBuyIn: 10_000,
  actionTimeMs: 15_000,
  timebankMs: 30_000,
  disconnectGraceMs: 20_000,
  nextHandDelayMs: 3_000,
};

export interface TableInput {
  tableId: string;
  rng: RngState;
  policy?: TablePolicy;
}

export function initialTableContext({ tableId, rng, policy }: TableInput): TableContext {
  return {
    tableId,
    phase: 'uncreated',
    settings: defaultTableSettings,
    seats: [],
    hand: null,
    positions: null,
    handCount: 0,
    rng,
    now: 0,
    turn: null,
    nextHandAt: null,
    epoch: 0,
    armedEpoch: -1,
    seen: {},
    bankroll: 0,
    policy: policy ?? defaultTablePolicy,
    kept: {},
  };
}

/** Problems with settings, or an empty list. */
export function validateSettings(s: TableSettings): string[] {
  const problems: string[] = [];
  if (s.smallBlind < 1) problems.push('smallBlind: must be at least 1');
  if (s.bigBlind < s.smallBlind) problems.push('bigBlind: must be at least smallBlind');
  if (s.maxSeats < 2 || s.maxSeats > 10) problems.push('maxSeats: must be 2..10');
  if (s.minBuyIn < s.bigBlind) problems.push('minBuyIn: must be at least one big blind');
  if (s.maxBuyIn < s.minBuyIn) problems.push('maxBuyIn: must be at least minBuyIn');
  return problems;
}
