import { int, str, type Env } from './env.js';

/** Poker (seed 002): default table, timers and resume tokens. Every value is an env var. */
export function loadPokerConfig(env: Env) {
  const bigBlind = int(env, 'POKER_BIG_BLIND', 100);
  return {
    /** Id of the table created at startup (`GET /api/tables` always lists it). */
    defaultTableId: str(env, 'POKER_DEFAULT_TABLE_ID', 't-1'),
    defaultTableName: str(env, 'POKER_DEFAULT_TABLE_NAME', 'Main table'),
    smallBlind: int(env, 'POKER_SMALL_BLIND', Math.max(1, Math.floor(bigBlind / 2))),
    bigBlind,
    maxSeats: int(env, 'POKER_MAX_SEATS', 6),
    minBuyIn: int(env, 'POKER_MIN_BUY_IN', bigBlind * 20),
    maxBuyIn: int(env, 'POKER_MAX_BUY_IN', bigBlind * 100),
    /** Time to act before the timebank is used. */
    actionTimeMs: int(env, 'POKER_ACTION_TIME_MS', 15_000),
    /** Each player's timebank (consumed after the action time runs out; not refilled). */
    timebankMs: int(env, 'POKER_TIMEBANK_MS', 30_000),
    /** Grace timer for a player disconnected on their turn, before their timebank. */
    disconnectGraceMs: int(env, 'POKER_DISCONNECT_GRACE_MS', 20_000),
    /** Pause between hands. */
    nextHandDelayMs: int(env, 'POKER_NEXT_HAND_DELAY_MS', 3_000),
    /** How long an unused resume token stays valid. */
    resumeTtlSec: int(env, 'POKER_RESUME_TTL_SEC', 86_400),
    /** Most tables POST /api/tables may create. */
    maxTables: int(env, 'POKER_MAX_TABLES', 1_000),
    /** Fixed deck seed for tests (ignored when NODE_ENV=production; empty = crypto RNG). */
    rngSeed: str(env, 'POKER_RNG_SEED', ''),
  };
}

export type PokerConfig = ReturnType<typeof loadPokerConfig>;
