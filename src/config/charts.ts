import { bool, int, str, type Env } from './env.js';

/**
 * The state-chart view (`/charts`, see docs/charts.md). It is read-only, but it shows
 * every live session's state, so it is off by default when `NODE_ENV=production`.
 */
export function loadChartsConfig(env: Env) {
  const production = env.NODE_ENV === 'production';
  return {
    /** Serve `/charts`, its JSON API and its WebSocket. `CHARTS=1` / `CHARTS=0` override the default. */
    enabled: bool(env, 'CHARTS', !production),
    /** Extra field-name words to mask in the live view (comma-separated), on top of the built-in list. */
    maskWords: str(env, 'CHARTS_MASK', '')
      .split(',')
      .map((word) => word.trim())
      .filter((word) => word.length > 0),
    /** Events remembered per live actor for the "last events" panel. */
    historySize: int(env, 'CHARTS_HISTORY', 50),
    /** Shortest gap between two live updates to one watcher: a 60 Hz actor is coalesced, not streamed frame by frame. */
    pushIntervalMs: int(env, 'CHARTS_PUSH_INTERVAL_MS', 100),
  };
}

export type ChartsConfig = ReturnType<typeof loadChartsConfig>;
