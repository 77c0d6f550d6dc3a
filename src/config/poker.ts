/** Poker (seed 002): default table, timers and resume tokens. Every value is an env var. */
import { defineConfigSection } from './config-section.js';
import type { Env } from './env.js';
import { intSetting, optionalIntSetting, strSetting } from './setting.js';

/** Buy-in range of the default table, in big blinds, when POKER_MIN_BUY_IN / POKER_MAX_BUY_IN are unset. */
export const DEFAULT_BUY_IN_BIG_BLINDS = { min: 20, max: 100 } as const;

export const pokerConfig = defineConfigSection({
  key: 'poker',
  title: 'Poker table (seed 002)',
  settings: {
    defaultTableId: strSetting('POKER_DEFAULT_TABLE_ID', 't-1', 'id of the table that exists at start (`GET /api/tables` always lists it)'),
    defaultTableName: strSetting('POKER_DEFAULT_TABLE_NAME', 'Main table', 'name of that table'),
    smallBlind: optionalIntSetting('POKER_SMALL_BLIND', 'default table small blind', '`50` (half the big blind)'),
    bigBlind: intSetting('POKER_BIG_BLIND', 100, 'default table big blind'),
    maxSeats: intSetting('POKER_MAX_SEATS', 6, 'default table seats (2–10 per created table)'),
    minBuyIn: optionalIntSetting('POKER_MIN_BUY_IN', 'default table minimum buy-in, in chips', `\`${DEFAULT_BUY_IN_BIG_BLINDS.min}\` big blinds`),
    maxBuyIn: optionalIntSetting('POKER_MAX_BUY_IN', 'default table maximum buy-in, in chips', `\`${DEFAULT_BUY_IN_BIG_BLINDS.max}\` big blinds`),
    actionTimeMs: intSetting('POKER_ACTION_TIME_MS', 15_000, 'turn clock: time to act before the timebank is used'),
    timebankMs: intSetting('POKER_TIMEBANK_MS', 30_000, "each player's timebank (used after the turn clock), and the most a refill tops it up to"),
    timebankRefillMs: intSetting('POKER_TIMEBANK_REFILL_MS', 5_000, 'timebank added to each player dealt into every `POKER_TIMEBANK_REFILL_EVERY_HANDS`-th hand (up to `POKER_TIMEBANK_MS`)'),
    timebankRefillEveryHands: intSetting('POKER_TIMEBANK_REFILL_EVERY_HANDS', 10, 'how often the timebank is refilled, in hands (`0`: never)'),
    abandonAfterMs: intSetting('POKER_ABANDON_AFTER_MS', 120_000, 'a seat with no connected socket this long is stood up (at the end of its hand); its stack is kept for the player until their resume token expires'),
    disconnectGraceMs: intSetting('POKER_DISCONNECT_GRACE_MS', 20_000, 'grace for a player who disconnects on their turn, before their timebank'),
    nextHandDelayMs: intSetting('POKER_NEXT_HAND_DELAY_MS', 3_000, 'pause between hands'),
    resumeTtlSec: intSetting('POKER_RESUME_TTL_SEC', 86_400, 'resume token lifetime; also how long a stood-up player\'s stack is kept for them'),
    maxTables: intSetting('POKER_MAX_TABLES', 1_000, 'most tables `POST /api/tables` may create'),
    rngSeed: strSetting('POKER_RNG_SEED', '', 'fixed deck key for tests; ignored when `NODE_ENV=production`'),
  },
  derive: (v) => ({
    defaultTableId: v.defaultTableId,
    defaultTableName: v.defaultTableName,
    smallBlind: v.smallBlind ?? Math.max(1, Math.floor(v.bigBlind / 2)),
    bigBlind: v.bigBlind,
    maxSeats: v.maxSeats,
    minBuyIn: v.minBuyIn ?? v.bigBlind * DEFAULT_BUY_IN_BIG_BLINDS.min,
    maxBuyIn: v.maxBuyIn ?? v.bigBlind * DEFAULT_BUY_IN_BIG_BLINDS.max,
    actionTimeMs: v.actionTimeMs,
    timebankMs: v.timebankMs,
    timebankRefillMs: v.timebankRefillMs,
    timebankRefillEveryHands: v.timebankRefillEveryHands,
    abandonAfterMs: v.abandonAfterMs,
    disconnectGraceMs: v.disconnectGraceMs,
    nextHandDelayMs: v.nextHandDelayMs,
    resumeTtlSec: v.resumeTtlSec,
    maxTables: v.maxTables,
    /** Empty = decks keyed from the crypto RNG. */
    rngSeed: v.rngSeed,
  }),
});

export const loadPokerConfig = (env: Env) => pokerConfig.load(env);

export type PokerConfig = ReturnType<typeof loadPokerConfig>;
