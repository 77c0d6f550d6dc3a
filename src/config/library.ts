/**
 * Settings of the library session type (seed 001): sync pacing, retries, adapters,
 * the assistant and the socket's message budget. Every value is overridable by the
 * environment variable of the same name.
 */
import { defineConfigSection } from './config-section.js';
import type { Env } from './env.js';
import { openaiSettings } from './openai.js';
import { boolSetting, intSetting, numSetting, strSetting } from './setting.js';

export const libraryConfig = defineConfigSection({
  key: 'library',
  title: 'Library + assistant (seed 001)',
  settings: {
    wsMessagesPerWindow: intSetting('LIBRARY_WS_MESSAGES_PER_WINDOW', 120, 'library socket message budget per window'),
    wsWindowSec: intSetting('LIBRARY_WS_WINDOW_SEC', 60, 'length of that window'),
    wsWarnAt: intSetting('LIBRARY_WS_WARN_AT', 20, '`rate_limit_warning` when this many messages remain'),
    wsCloseAfterRefused: intSetting('LIBRARY_WS_CLOSE_AFTER_REFUSED', 20, 'refused messages in one window before closing with 1008'),
    adminUsers: strSetting('LIBRARY_ADMIN_USERS', '', 'more user ids allowed on `/api/admin/*`, besides `ADMIN_USERS` (comma-separated JWT subjects)'),

    syncProgressIntervalMs: intSetting('LIBRARY_SYNC_PROGRESS_INTERVAL_MS', 250, '`sync_progress` throttle'),
    syncStepDelayMs: intSetting('LIBRARY_SYNC_STEP_DELAY_MS', 0, 'pause between two games of a sync (0 = as fast as the platform answers)'),
    syncRequestTimeoutMs: intSetting('LIBRARY_SYNC_REQUEST_TIMEOUT_MS', 30_000, 'a platform request with no answer after this long is a transient failure'),
    syncMaxRetries: intSetting('LIBRARY_SYNC_MAX_RETRIES', 3, 'platform retries of a transient failure'),
    syncRetryBaseMs: intSetting('LIBRARY_SYNC_RETRY_BASE_MS', 1_000, 'retry backoff base (doubles each time)'),
    syncMaxAutoResumeSec: intSetting('LIBRARY_SYNC_MAX_AUTO_RESUME_SEC', 900, 'longest platform rate-limit pause resumed automatically'),
    syncRetryAfterSec: intSetting('LIBRARY_SYNC_RETRY_AFTER_SEC', 300, '`retry_after_seconds` of a failed sync'),
    syncSummaryMax: intSetting('LIBRARY_SYNC_SUMMARY_MAX', 50, 'entries per `sync_completed` summary list'),

    fixtureLatencyMs: intSetting('LIBRARY_FIXTURE_LATENCY_MS', 40, 'offline platform: latency per request (fault injection)'),
    fixtureFailureRate: numSetting('LIBRARY_FIXTURE_FAILURE_RATE', 0, 'offline platform: probability of a 503'),
    fixtureRateLimitEvery: intSetting('LIBRARY_FIXTURE_RATE_LIMIT_EVERY', 0, 'offline platform: a 429 every N requests (0 = never)'),
    fixtureRateLimitRetrySec: intSetting('LIBRARY_FIXTURE_RATE_LIMIT_RETRY_SEC', 5, 'offline platform: `Retry-After` of its 429'),
    fixtureSeed: intSetting('LIBRARY_FIXTURE_SEED', 1, 'offline platform: seed of its simulated players'),
    fixtureDrift: boolSetting('LIBRARY_FIXTURE_DRIFT', true, 'offline platform: each listing after the first is one more evening of play'),

    steamApiKey: strSetting('STEAM_API_KEY', '', 'the Steam adapter: Web API key'),
    steamApiBaseUrl: strSetting('STEAM_API_BASE_URL', 'https://api.steampowered.com', 'the Steam adapter: Web API base URL (a local fake in tests)'),
    steamStoreBaseUrl: strSetting('STEAM_STORE_BASE_URL', 'https://store.steampowered.com', 'the Steam adapter: store base URL'),

    healthWindow: intSetting('LIBRARY_HEALTH_WINDOW', 20, 'adapter health: platform calls considered'),
    healthDegradedErrorRate: numSetting('LIBRARY_HEALTH_DEGRADED_ERROR_RATE', 0.25, 'adapter health: error rate that means `degraded`'),
    healthDegradedLatencyMs: intSetting('LIBRARY_HEALTH_DEGRADED_LATENCY_MS', 2_000, 'adapter health: median latency that means `degraded`'),
    healthDownErrorRate: numSetting('LIBRARY_HEALTH_DOWN_ERROR_RATE', 0.9, 'adapter health: error rate that means `down`'),

    aiProvider: strSetting('LIBRARY_AI_PROVIDER', 'local', '`local` (offline) or `openai` (any OpenAI-compatible endpoint: `OPENAI_*`)'),
    aiChunkDelayMs: intSetting('LIBRARY_AI_CHUNK_DELAY_MS', 25, 'assistant: pause between streamed chunks of the local provider'),
    aiTimeoutMs: intSetting('LIBRARY_AI_TIMEOUT_MS', 60_000, 'assistant: provider timeout'),
    aiHistoryMax: intSetting('LIBRARY_AI_HISTORY_MAX', 20, 'assistant: turns of history sent to the provider'),
    aiMessageMaxChars: intSetting('LIBRARY_AI_MESSAGE_MAX_CHARS', 4_000, 'assistant: longest user message'),
    ...openaiSettings,
  },
  derive: (v) => ({
    ...v,
    adminUsers: v.adminUsers.split(',').map((s) => s.trim()).filter(Boolean),
  }),
});

export const loadLibraryConfig = (env: Env) => libraryConfig.load(env);

export type LibraryConfig = ReturnType<typeof loadLibraryConfig>;
