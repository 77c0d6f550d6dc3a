import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A per-label counter for hot paths: `inc()` is a plain addition; Prometheus sees it on scrape. */
export interface HotCounter {
  labels(label: string): { inc(): void };
}

/**
 * prom-client hashes the label set on every `inc()` (~0.5 µs); per-frame counters add to a
 * number instead and flush the difference when /metrics is collected.
 */
function hotCounter(registry: Registry, name: string, help: string, labelName: string): HotCounter {
  const counts = new Map<string, { value: number; flushed: number }>();
  new Counter({
    name,
    help,
    labelNames: [labelName],
    registers: [registry],
    collect() {
      for (const [label, count] of counts) {
        if (count.value > count.flushed) this.inc({ [labelName]: label }, count.value - count.flushed);
        count.flushed = count.value;
      }
    },
  });
  return {
    labels(label) {
      let count = counts.get(label);
      if (!count) counts.set(label, (count = { value: 0, flushed: 0 }));
      const target = count;
      return { inc: () => void target.value++ };
    },
  };
}

/** The server's Prometheus metrics; sessions may register their own on `registry`. */
export function createMetrics(actorCounts: () => Record<string, number>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'actorcade_process_' });
  const connections = new Gauge({ name: 'actorcade_connections', help: 'Open WebSocket connections', labelNames: ['route'], registers: [registry] });
  new Gauge({
    name: 'actorcade_actors',
    help: 'Live actors by kind',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      for (const [kind, count] of Object.entries(actorCounts())) this.set({ kind }, count);
    },
  });
  const framesIn = hotCounter(registry, 'actorcade_frames_in_total', 'Frames received', 'route');
  const framesOut = hotCounter(registry, 'actorcade_frames_out_total', 'Frames sent (a fan-out publish counts once)', 'route');
  const decodeErrors = hotCounter(registry, 'actorcade_decode_errors_total', 'Frames rejected by the codec', 'route');
  const rateLimitHits = hotCounter(registry, 'actorcade_rate_limit_hits_total', 'Messages refused by a rate limit', 'route');
  const invalidUtf8 = hotCounter(
    registry,
    'actorcade_invalid_utf8_closes_total',
    'Connections uWS dropped for a text frame with invalid UTF-8, before any handler ran (no close frame reaches the client)',
    'route',
  );
  const tickLag = new Histogram({
    name: 'actorcade_tick_lag_seconds',
    help: 'Lateness of the 60 Hz loop tick against its schedule',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.05],
    registers: [registry],
  });
  const tickBudget = new Histogram({
    name: 'actorcade_tick_duration_seconds',
    help: 'CPU time of one 60 Hz loop tick (all matches)',
    buckets: [0.0001, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016],
    registers: [registry],
  });
  return { registry, connections, framesIn, framesOut, decodeErrors, rateLimitHits, invalidUtf8, tickLag, tickBudget };
}

export type Metrics = ReturnType<typeof createMetrics>;
