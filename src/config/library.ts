/**
 * Settings of the library session type (seed 001): sync pacing, retries, adapters,
 * the assistant and the socket's message budget. Every value is overridable by the
 * environment variable of the same name.
 */
import { bool, int, num, str, type Env } from './env.js';

export function loadLibraryConfig(env: Env) {
  return {
    /** Socket message budget per window; `rate_limit_warning` is sent once `warnAt` or fewer remain. */
    wsMessagesPerWindow: int(env, 'LIBRARY_WS_MESSAGES_PER_WINDOW', 120),
    wsWindowSec: int(env, 'LIBRARY_WS_WINDOW_SEC', 60),
    wsWarnAt: int(env, 'LIBRARY_WS_WARN_AT', 20),
    /** Messages refused in one window after which the socket is closed with 1008. */
    wsCloseAfterRefused: int(env, 'LIBRARY_WS_CLOSE_AFTER_REFUSED', 20),
    /** Users allowed to call /api/admin/* (comma-separated JWT subjects). */
    adminUsers: str(env, 'LIBRARY_ADMIN_USERS', 'admin').split(',').map((s) => s.trim()).filter(Boolean),

    /** Sync pacing: at most one `sync_progress` per this many ms. */
    syncProgressIntervalMs: int(env, 'LIBRARY_SYNC_PROGRESS_INTERVAL_MS', 250),
    /** Pause between two games of a sync (0 = as fast as the platform answers). */
    syncStepDelayMs: int(env, 'LIBRARY_SYNC_STEP_DELAY_MS', 0),
    /** A platform request with no answer after this long counts as a transient failure. */
    syncRequestTimeoutMs: int(env, 'LIBRARY_SYNC_REQUEST_TIMEOUT_MS', 30_000),
    /** Transient failures retried per request, with exponential backoff from `syncRetryBaseMs`. */
    syncMaxRetries: int(env, 'LIBRARY_SYNC_MAX_RETRIES', 3),
    syncRetryBaseMs: int(env, 'LIBRARY_SYNC_RETRY_BASE_MS', 1_000),
    /** A platform rate limit longer than this fails the sync instead of auto-resuming. */
    syncMaxAutoResumeSec: int(env, 'LIBRARY_SYNC_MAX_AUTO_RESUME_SEC', 900),
    /** Suggested wait before retrying a failed sync (`retry_after_seconds`). */
    syncRetryAfterSec: int(env, 'LIBRARY_SYNC_RETRY_AFTER_SEC', 300),
    /** Entries kept in `sync_completed.summary.new_games` / `updated_games`. */
    syncSummaryMax: int(env, 'LIBRARY_SYNC_SUMMARY_MAX', 50),

    /** Fixture platform: latency per request, failure probability, a 429 every N requests (0 = never). */
    fixtureLatencyMs: int(env, 'LIBRARY_FIXTURE_LATENCY_MS', 40),
    fixtureFailureRate: num(env, 'LIBRARY_FIXTURE_FAILURE_RATE', 0),
    fixtureRateLimitEvery: int(env, 'LIBRARY_FIXTURE_RATE_LIMIT_EVERY', 0),
    fixtureRateLimitRetrySec: int(env, 'LIBRARY_FIXTURE_RATE_LIMIT_RETRY_SEC', 5),
    fixtureSeed: int(env, 'LIBRARY_FIXTURE_SEED', 1),
    /** Each completed fixture listing advances the simulated player by one play session. */
    fixtureDrift: bool(env, 'LIBRARY_FIXTURE_DRIFT', true),

    /** Steam Web API: key, and base URLs (a local fake in tests). */
    steamApiKey: str(env, 'STEAM_API_KEY', ''),
    steamApiBaseUrl: str(env, 'STEAM_API_BASE_URL', 'https://api.steampowered.com'),
    steamStoreBaseUrl: str(env, 'STEAM_STORE_BASE_URL', 'https://store.steampowered.com'),

    /** Adapter health window: calls considered, error rate and median latency that mean "degraded". */
    healthWindow: int(env, 'LIBRARY_HEALTH_WINDOW', 20),
    healthDegradedErrorRate: num(env, 'LIBRARY_HEALTH_DEGRADED_ERROR_RATE', 0.25),
    healthDegradedLatencyMs: int(env, 'LIBRARY_HEALTH_DEGRADED_LATENCY_MS', 2_000),
    healthDownErrorRate: num(env, 'LIBRARY_HEALTH_DOWN_ERROR_RATE', 0.9),

    /** Assistant: provider (`local` or `openai`), pacing of local chunks, timeout, history kept. */
    aiProvider: str(env, 'LIBRARY_AI_PROVIDER', 'local'),
    aiChunkDelayMs: int(env, 'LIBRARY_AI_CHUNK_DELAY_MS', 25),
    aiTimeoutMs: int(env, 'LIBRARY_AI_TIMEOUT_MS', 60_000),
    aiHistoryMax: int(env, 'LIBRARY_AI_HISTORY_MAX', 20),
    aiMessageMaxChars: int(env, 'LIBRARY_AI_MESSAGE_MAX_CHARS', 4_000),
    openaiBaseUrl: str(env, 'OPENAI_BASE_URL', 'https://api.openai.com/v1'),
    openaiApiKey: str(env, 'OPENAI_API_KEY', ''),
    openaiModel: str(env, 'OPENAI_MODEL', 'gpt-4o-mini'),
  };
}

export type LibraryConfig = ReturnType<typeof loadLibraryConfig>;
