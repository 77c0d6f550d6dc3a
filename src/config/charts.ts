import { defineConfigSection } from './config-section.js';
import type { Env } from './env.js';
import { intSetting, optionalBoolSetting, strSetting } from './setting.js';

/**
 * The state-chart view (`/charts`, see docs/charts.md). It is read-only, but it shows
 * every live session's state, so it is off by default when `NODE_ENV=production` and,
 * on a server listening beyond loopback, for administrators only (`ADMIN_USERS`).
 */
export const chartsConfig = defineConfigSection({
  key: 'charts',
  title: 'State charts (`/charts`)',
  settings: {
    enabled: optionalBoolSetting('CHARTS', 'the `/charts` live view, its JSON API and its socket (`1`/`0`)', 'on, off in production'),
    maskWords: strSetting('CHARTS_MASK', '', 'more field names to mask for every actor kind, besides each session type\'s declaration (comma-separated, any case)'),
    historySize: intSetting('CHARTS_HISTORY', 50, 'events kept per live actor'),
    pushIntervalMs: intSetting('CHARTS_PUSH_INTERVAL_MS', 100, 'live update interval: a 60 Hz actor is coalesced, not streamed frame by frame'),
  },
  derive: (v, { production }) => ({
    enabled: v.enabled ?? !production,
    maskWords: v.maskWords
      .split(',')
      .map((word) => word.trim())
      .filter((word) => word.length > 0),
    historySize: v.historySize,
    pushIntervalMs: v.pushIntervalMs,
  }),
});

export const loadChartsConfig = (env: Env) => chartsConfig.load(env);

export type ChartsConfig = ReturnType<typeof loadChartsConfig>;
