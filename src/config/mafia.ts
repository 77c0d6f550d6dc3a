/** Settings of the mafia lobby (seed 000). Every value has a named default and an env override. */
import { int, str, type Env } from './env.js';

export function loadMafiaConfig(env: Env) {
  const seed = str(env, 'MAFIA_SEED', '');
  return {
    /** Players needed before the host may START_GAME, and the lobby's capacity. */
    minPlayers: Math.max(3, int(env, 'MAFIA_MIN_PLAYERS', 6)),
    maxPlayers: Math.min(12, Math.max(3, int(env, 'MAFIA_MAX_PLAYERS', 12))),
    /** Day nomination phase (chat, pulse check, nomination votes). */
    dayMs: Math.max(1, int(env, 'MAFIA_DAY_MS', 180_000)),
    /** Verdict vote on the nominee. */
    verdictMs: Math.max(1, int(env, 'MAFIA_VERDICT_MS', 45_000)),
    /** Night (night actions, AI back-channel, exit interview). */
    nightMs: Math.max(1, int(env, 'MAFIA_NIGHT_MS', 60_000)),
    /** After the end of this day the company runs out of runway and the AI wins. */
    maxDays: Math.max(1, int(env, 'MAFIA_MAX_DAYS', 12)),
    playerNameMaxChars: int(env, 'MAFIA_PLAYER_NAME_MAX_CHARS', 32),
    chatMaxChars: int(env, 'MAFIA_CHAT_MAX_CHARS', 500),
    pulseCheckMaxChars: int(env, 'MAFIA_PULSE_CHECK_MAX_CHARS', 200),
    /** Chat messages kept per game (older ones fall out of CHAT_HISTORY_SNAPSHOT). */
    chatHistoryMax: int(env, 'MAFIA_CHAT_HISTORY_MAX', 500),
    /** Chat messages per player during a QUIET_PERIOD crisis day. */
    quietPeriodMessages: int(env, 'MAFIA_QUIET_PERIOD_MESSAGES', 3),
    /** Fixed PRNG seed for every new game (reproducible games); empty = a random seed per game. */
    seed: seed === '' ? undefined : Number.parseInt(seed, 10) >>> 0,
  };
}

export type MafiaConfig = ReturnType<typeof loadMafiaConfig>;
