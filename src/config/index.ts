/**
 * Every user-facing limit, timer and default in one place. Each one can be
 * overridden by the environment variable of the same name (see README, "Configuration").
 * A session type with settings of its own adds a section: `src/config/<name>.ts`
 * exporting `load<Name>Config(env)`, and one line below.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { loadChartsConfig } from './charts.js';
import { int, str, type Env } from './env.js';
import { loadLibraryConfig } from './library.js';
import { loadMafiaConfig } from './mafia.js';
import { loadPokerConfig } from './poker.js';
import { loadPongConfig } from './pong.js';

export function loadConfig(env: Env = process.env) {
  const production = env.NODE_ENV === 'production';
  return {
    port: int(env, 'PORT', 8080),
    host: str(env, 'HOST', '0.0.0.0'),
    production,
    /** Where the embedded store keeps its SQLite file. */
    dataDir: str(env, 'DATA_DIR', join(process.cwd(), 'data')),
    /** HS256 secret for library and channel JWTs. Generated per process when unset (local runs only). */
    jwtSecret: str(env, 'JWT_SECRET', ''),
    jwtSecretGenerated: !env.JWT_SECRET,
    /** Lifetime of tokens minted by POST /api/auth/token. */
    devTokenTtlSec: int(env, 'DEV_TOKEN_TTL_SEC', 3600),
    /** Largest accepted WebSocket frame; larger ones close the socket with 1009. */
    maxFrameBytes: int(env, 'MAX_FRAME_BYTES', 64 * 1024),
    /** Largest accepted REST body. */
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 64 * 1024),
    /** Per-socket outgoing buffer above which a slow reader is closed. */
    maxBackpressureBytes: int(env, 'MAX_BACKPRESSURE_BYTES', 1024 * 1024),
    /** Seconds without any frame (uWS pings keep healthy sockets alive) before a socket is closed. */
    idleTimeoutSec: int(env, 'IDLE_TIMEOUT_SEC', 120),
    /** Default per-socket message rate limit (token bucket): sustained rate and burst. */
    rateLimitPerSec: int(env, 'RATE_LIMIT_PER_SEC', 50),
    rateLimitBurst: int(env, 'RATE_LIMIT_BURST', 100),
    /** Rate-limited messages within one second after which the socket is closed with 1008. */
    rateLimitCloseAfter: int(env, 'RATE_LIMIT_CLOSE_AFTER', 50),
    /** An actor with no message for this long (and nothing live) is snapshotted and stopped. */
    passivateAfterMs: int(env, 'PASSIVATE_AFTER_MS', 60_000),
    /** How often dirty actors are snapshotted to the store. */
    snapshotEveryMs: int(env, 'SNAPSHOT_EVERY_MS', 5_000),
    /** Bus request/reply timeout used by REST handlers. */
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 5_000),
    /** Channel (seed 003): typing indicator lifetime, idle presence threshold. */
    typingTtlMs: int(env, 'TYPING_TTL_MS', 8_000),
    presenceIdleAfterMs: int(env, 'PRESENCE_IDLE_AFTER_MS', 300_000),
    messageMaxChars: int(env, 'MESSAGE_MAX_CHARS', 4_000),
    historyPageMax: int(env, 'HISTORY_PAGE_MAX', 100),
    library: loadLibraryConfig(env),
    /** Log level for pino (silent in tests). */
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    charts: loadChartsConfig(env),
    mafia: loadMafiaConfig(env),
    poker: loadPokerConfig(env),
    pong: loadPongConfig(env),
  };
}

export type Config = ReturnType<typeof loadConfig>;

/** The secret JWTs are signed with; a random one for local runs when JWT_SECRET is unset. */
export function resolveJwtSecret(config: Config): Uint8Array {
  if (config.jwtSecret) return new TextEncoder().encode(config.jwtSecret);
  if (config.production) throw new Error('config: JWT_SECRET is required when NODE_ENV=production');
  return new Uint8Array(randomBytes(32));
}
