/** Settings of the mafia lobby (seed 000). Every value has a named default and an env override. */
import { defineConfigSection } from './config-section.js';
import type { Env } from './env.js';
import { intSetting, strSetting } from './setting.js';

export const mafiaConfig = defineConfigSection({
  key: 'mafia',
  title: 'Mafia lobby (seed 000)',
  settings: {
    minPlayers: intSetting('MAFIA_MIN_PLAYERS', 6, 'players needed before the host may `START_GAME` (at least 3)'),
    maxPlayers: intSetting('MAFIA_MAX_PLAYERS', 12, 'lobby capacity (3–12)'),
    dayMs: intSetting('MAFIA_DAY_MS', 180_000, 'day phase timer: chat, pulse check, nominations (`2000` plays a game in seconds)'),
    verdictMs: intSetting('MAFIA_VERDICT_MS', 45_000, 'verdict vote timer'),
    nightMs: intSetting('MAFIA_NIGHT_MS', 60_000, 'night phase timer: night actions, exit interview'),
    maxDays: intSetting('MAFIA_MAX_DAYS', 12, 'after this day the AI wins by attrition'),
    playerNameMaxChars: intSetting('MAFIA_PLAYER_NAME_MAX_CHARS', 32, 'longest player name'),
    chatMaxChars: intSetting('MAFIA_CHAT_MAX_CHARS', 500, 'longest chat message'),
    pulseCheckMaxChars: intSetting('MAFIA_PULSE_CHECK_MAX_CHARS', 200, 'longest pulse-check answer'),
    chatHistoryMax: intSetting('MAFIA_CHAT_HISTORY_MAX', 500, 'chat messages kept per game'),
    quietPeriodMessages: intSetting('MAFIA_QUIET_PERIOD_MESSAGES', 3, 'messages per player per day under the QUIET_PERIOD crisis'),
    hostGraceMs: intSetting('MAFIA_HOST_GRACE_MS', 30_000, 'a lobby host whose socket closed has this long to come back before the host passes to the longest-seated connected player'),
    seed: strSetting('MAFIA_SEED', '', 'fixes role/crisis/KPI randomness (tests, replays)', 'random per game'),
  },
  derive: (v) => ({
    minPlayers: Math.max(3, v.minPlayers),
    maxPlayers: Math.min(12, Math.max(3, v.maxPlayers)),
    dayMs: Math.max(1, v.dayMs),
    verdictMs: Math.max(1, v.verdictMs),
    nightMs: Math.max(1, v.nightMs),
    maxDays: Math.max(1, v.maxDays),
    playerNameMaxChars: v.playerNameMaxChars,
    chatMaxChars: v.chatMaxChars,
    pulseCheckMaxChars: v.pulseCheckMaxChars,
    chatHistoryMax: v.chatHistoryMax,
    quietPeriodMessages: v.quietPeriodMessages,
    hostGraceMs: Math.max(1, v.hostGraceMs),
    /** Fixed PRNG seed for every new game (reproducible games); undefined = a random seed per game. */
    seed: v.seed === '' ? undefined : Number.parseInt(v.seed, 10) >>> 0,
  }),
});

export const loadMafiaConfig = (env: Env) => mafiaConfig.load(env);

export type MafiaConfig = ReturnType<typeof loadMafiaConfig>;
