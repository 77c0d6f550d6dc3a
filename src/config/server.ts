import { join } from 'node:path';
import { defineConfigSection } from './config-section.js';
import { intSetting, strSetting } from './setting.js';

/** Settings of the server itself: address, store, auth, the gateway's limits, the actor host. */
export const serverConfig = defineConfigSection({
  key: 'server',
  title: 'Server',
  settings: {
    port: intSetting('PORT', 8080, 'listen port (`PORT=0`: a free port)'),
    host: strSetting('HOST', '0.0.0.0', 'listen address; anything but loopback (`127.0.0.1`, `::1`, `localhost`) puts `/charts` behind an admin credential'),
    nodeEnv: strSetting('NODE_ENV', '', '`production` turns off `/api/auth/token` and requires `JWT_SECRET`'),
    dataDir: strSetting('DATA_DIR', join(process.cwd(), 'data'), 'where the SQLite store lives (created on first run)', '`./data`'),
    databaseUrl: strSetting(
      'DATABASE_URL',
      '',
      '`postgres://user[:password]@host:port/db`: the whole store (domain data, snapshots, journals) on PostgreSQL, shared by every node; unset: SQLite in `DATA_DIR`',
    ),
    databasePoolMax: intSetting('DATABASE_POOL_MAX', 10, 'PostgreSQL connections per server process'),
    databaseStatementTimeoutMs: intSetting('DATABASE_STATEMENT_TIMEOUT_MS', 5_000, 'a PostgreSQL statement running longer is cancelled (the request answers 503); `0`: no limit'),
    databaseConnectTimeoutMs: intSetting('DATABASE_CONNECT_TIMEOUT_MS', 5_000, 'waiting for a PostgreSQL connection (at start-up, or from a busy pool) gives up after this long'),
    storeSecret: strSetting('STORE_SECRET', '', 'encrypts snapshots and journals at rest (AES-256-GCM); required in production', '`DATA_DIR/store.key` (made on first run)'),
    storeSync: strSetting('STORE_SYNC', 'normal', '`full`: fsync every commit (survives power loss; `normal` survives a killed process)'),
    jwtSecret: strSetting('JWT_SECRET', '', 'HS256 secret for library and channel tokens; required in production', 'random per process'),
    devTokenTtlSec: intSetting('DEV_TOKEN_TTL_SEC', 3600, 'lifetime of tokens minted by `POST /api/auth/token`'),
    adminUsers: strSetting('ADMIN_USERS', 'admin', 'administrators (comma-separated JWT subjects): `/charts` beyond loopback, `/api/admin/*`; `POST /api/auth/token` never mints for them'),
    metricsToken: strSetting('METRICS_TOKEN', '', '`/metrics` then requires `Authorization: Bearer <METRICS_TOKEN>`', 'unset: `/metrics` is open'),
    maxFrameBytes: intSetting('MAX_FRAME_BYTES', 64 * 1024, 'largest WebSocket frame; larger → close 1009'),
    maxBodyBytes: intSetting('MAX_BODY_BYTES', 64 * 1024, 'largest REST body → 413'),
    maxBackpressureBytes: intSetting('MAX_BACKPRESSURE_BYTES', 1024 * 1024, 'a socket whose unsent data exceeds this is closed (a slow reader never stalls others)'),
    maxSocketsPerUser: intSetting('MAX_SOCKETS_PER_USER', 10, 'open sockets one authenticated user may hold on one route; the next upgrade gets HTTP 429 `TOO_MANY_SOCKETS`'),
    idleTimeoutSec: intSetting('IDLE_TIMEOUT_SEC', 120, 'silent sockets are closed (uWS pings keep live ones open)'),
    rateLimitPerSec: intSetting('RATE_LIMIT_PER_SEC', 50, 'per-socket token bucket rate (routes may set their own)'),
    rateLimitBurst: intSetting('RATE_LIMIT_BURST', 100, 'per-socket token bucket burst'),
    rateLimitCloseAfter: intSetting('RATE_LIMIT_CLOSE_AFTER', 50, 'refused messages within one second before closing with 1008'),
    listPageDefault: intSetting('LIST_PAGE_DEFAULT', 200, 'items a list endpoint (`GET /api/channels`, `/api/tables`, …) returns without `?limit=`'),
    listPageMax: intSetting('LIST_PAGE_MAX', 1_000, 'largest `?limit=` of a list endpoint'),
    createRatePerMin: intSetting('CREATE_RATE_PER_MIN', 60, 'sessions and rows one client (user, or address when unauthenticated) may create per minute and session type; over it → HTTP 429 with `Retry-After` (a socket: the family\'s rate-limit error)'),
    createRateBurst: intSetting('CREATE_RATE_BURST', 60, 'creations one client may make at once before `CREATE_RATE_PER_MIN` applies'),
    maxLiveSessions: intSetting('MAX_LIVE_SESSIONS', 10_000, 'live sessions of one type (mafia games, pong matches, library syncs) a process holds; creating one more → HTTP 503 / the family\'s error `SERVER_FULL`'),
    passivateAfterMs: intSetting('PASSIVATE_AFTER_MS', 60_000, 'an idle actor with nothing live is snapshotted and stopped'),
    snapshotEveryMs: intSetting('SNAPSHOT_EVERY_MS', 5_000, 'how often changed actors are snapshotted'),
    requestTimeoutMs: intSetting('REQUEST_TIMEOUT_MS', 5_000, 'how long REST waits for an actor'),
    logLevel: strSetting('LOG_LEVEL', 'info', 'pino log level (`silent` in tests)'),
  },
  derive: ({ nodeEnv, jwtSecret, adminUsers, ...v }, { production }) => ({
    ...v,
    adminUsers: adminUsers
      .split(',')
      .map((user) => user.trim())
      .filter((user) => user.length > 0),
    production,
    jwtSecret,
    /** No JWT_SECRET: a random one is generated per process (local runs only). */
    jwtSecretGenerated: jwtSecret === '',
  }),
});
