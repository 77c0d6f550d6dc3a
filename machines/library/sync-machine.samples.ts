import { defineSamples } from '../machine-samples.js';
import type { GameDetails, OwnedGame } from './game-records.js';
import { syncMachine, type SyncEvent, type SyncSettings, type SyncStart } from './sync-machine.js';

/**
 * A full sync of a two-game library, paced by a step delay or not, one retry allowed: the platform
 * answers every request (listing, details) or fails it in each way (transient, per game, fatal,
 * rate limited briefly or for too long), with the current request's seq or a stale one; the job is
 * cancelled and restored along the way. Payloads follow the snapshot (the seq it waits for, the game
 * it is on), so the key holds that seq: two snapshots the exploration treats as one must get the same
 * samples. A short rate-limit pause and a restore while a request is out each send a new request
 * without end, so they are only sampled while the seq is below SEQ_CAP; that bounds the exploration.
 */
const AT = 1_000;
const SEQ_CAP = 6;
const from = { conn: 'c1', member: 'u1' };

const settings = (stepDelayMs: number): SyncSettings => ({
  progressIntervalMs: 1000,
  stepDelayMs,
  requestTimeoutMs: 30_000,
  maxRetries: 1,
  retryBaseMs: 1000,
  maxAutoResumeSec: 600,
  retryAfterSec: 300,
  summaryMax: 10,
  estimatedMsPerGame: 500,
});

const start = (stepDelayMs: number): SyncEvent => {
  const op: SyncStart = {
    operation_id: 'op1',
    library_id: 'lib',
    library_name: 'Library',
    user_id: 'u1',
    platform: 'fixture',
    account: 'acc',
    sync_type: 'full',
    settings: settings(stepDelayMs),
  };
  return { type: 'start', ...op, $from: from, $at: AT };
};

const games: OwnedGame[] = [1, 2].map((n) => ({ platform_game_id: String(n), title: `Game ${n}`, playtime_minutes: n * 10, last_played_at: null }));

const details = (game: OwnedGame): GameDetails => ({
  platform_game_id: game.platform_game_id,
  title: game.title,
  developer: 'Dev',
  genres: ['RPG'],
  metacritic: 80,
  cover_image_url: null,
  release_year: 2020,
  total_playtime_minutes: game.playtime_minutes,
  last_played_at: game.last_played_at,
  achievements: [],
});

/** The platform's answers to request `seq` (`more`: including the ones that lead to yet another request). */
const answers = (seq: number, game: OwnedGame, more: boolean): SyncEvent[] => [
  { type: 'listing_fetched', seq, games, known: [], $from: from, $at: AT },
  { type: 'listing_fetched', seq, games: [], known: [], $from: from, $at: AT },
  { type: 'details_fetched', seq, details: details(game), existing: null, $from: from, $at: AT },
  { type: 'fetch_failed', seq, kind: 'transient', message: '503 Service Unavailable', $from: from, $at: AT },
  { type: 'fetch_failed', seq, kind: 'not_found', message: 'delisted', $from: from, $at: AT },
  { type: 'fetch_failed', seq, kind: 'auth', message: 'bad key', $from: from, $at: AT },
  ...(more ? [{ type: 'fetch_rate_limited', seq, retry_after_seconds: 60, requests_remaining: 0, window_reset_at: 'x', $from: from, $at: AT } as const] : []),
  { type: 'fetch_rate_limited', seq, retry_after_seconds: 3600, requests_remaining: 0, window_reset_at: 'x', $from: from, $at: AT },
];

export default defineSamples({
  machine: syncMachine,
  input: undefined,
  events: (snapshot): SyncEvent[] => {
    const { seq, queue, index } = snapshot.context;
    const game = queue[index] ?? games[0];
    const more = seq < SEQ_CAP;
    return [
      start(500),
      start(0),
      ...answers(seq, game, more),
      ...answers(seq - 1, game, more),
      { type: 'cancel', $from: from, $at: AT },
      ...(more ? [{ type: '$restored', $from: {}, $at: AT } as const] : []),
    ];
  },
  // What the guards read: whether the job paces its steps, its status and phase, how far through the
  // queue it is, the retry count and the seq of the request it waits for.
  key: (context) => ({
    seq: context.seq,
    paced: context.op ? context.op.settings.stepDelayMs > 0 : null,
    status: context.status,
    phase: context.phase,
    index: context.index,
    queue: context.queue.length,
    attempt: context.attempt,
  }),
});
