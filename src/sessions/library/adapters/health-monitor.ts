/**
 * Health of each platform adapter from its recent calls: `operational`, `degraded` (error
 * rate or median latency above a threshold) or `down` (nearly every call fails). A change
 * is reported once, to `onChange`.
 */
export type HealthStatus = 'operational' | 'degraded' | 'down';

export interface HealthReport {
  component: string;
  status: HealthStatus;
  message: string;
  impact: string;
  error_rate: number;
  median_latency_ms: number;
}

export interface HealthOptions {
  window: number;
  degradedErrorRate: number;
  degradedLatencyMs: number;
  downErrorRate: number;
  onChange(report: HealthReport): void;
}

/** Fewer calls than this say nothing about health. */
const MIN_SAMPLES = 4;

export function createHealthMonitor(options: HealthOptions) {
  const samples = new Map<string, { ok: boolean; ms: number }[]>();
  const current = new Map<string, HealthStatus>();

  const componentOf = (platform: string) => `${platform}_api`;

  function evaluate(platform: string): HealthReport {
    const list = samples.get(platform) ?? [];
    const errors = list.filter((s) => !s.ok).length;
    const errorRate = list.length ? errors / list.length : 0;
    const sorted = list.map((s) => s.ms).sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
    const name = platform === 'steam' ? 'Steam Web API' : `${platform} platform API`;
    let status: HealthStatus = 'operational';
    if (list.length >= MIN_SAMPLES && errorRate >= options.downErrorRate) status = 'down';
    else if (list.length >= MIN_SAMPLES && (errorRate >= options.degradedErrorRate || median >= options.degradedLatencyMs)) status = 'degraded';
    const pct = Math.round(errorRate * 100);
    const message =
      status === 'down'
        ? `${name} is failing (${pct}% of recent requests)`
        : status === 'degraded'
          ? errorRate >= options.degradedErrorRate
            ? `${name} error rate elevated (${pct}% of recent requests)`
            : `${name} response times elevated (median ${median} ms)`
          : `${name} is operating normally`;
    const impact =
      status === 'down' ? 'Sync operations will fail until the platform recovers' : status === 'degraded' ? 'Sync operations may take longer than usual' : 'None';
    return { component: componentOf(platform), status, message, impact, error_rate: Math.round(errorRate * 1000) / 1000, median_latency_ms: median };
  }

  return {
    /** Record one call's outcome (rate-limit answers are not failures of the platform). */
    record(platform: string, ok: boolean, ms: number) {
      let list = samples.get(platform);
      if (!list) samples.set(platform, (list = []));
      list.push({ ok, ms });
      if (list.length > options.window) list.shift();
      const report = evaluate(platform);
      const previous = current.get(platform) ?? 'operational';
      current.set(platform, report.status);
      if (report.status !== previous) options.onChange(report);
    },
    report: (platform: string) => evaluate(platform),
    /** Median latency of recent calls, for sync estimates (undefined with no data). */
    medianLatency(platform: string): number | undefined {
      const list = samples.get(platform);
      if (!list?.length) return undefined;
      const sorted = list.map((s) => s.ms).sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)];
    },
  };
}

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
