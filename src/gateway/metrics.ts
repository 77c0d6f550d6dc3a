import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  const framesIn = new Counter({ name: 'actorcade_frames_in_total', help: 'Frames received', labelNames: ['route'], registers: [registry] });
  const framesOut = new Counter({
    name: 'actorcade_frames_out_total',
    help: 'Frames sent (a fan-out publish counts once)',
    labelNames: ['route'],
    registers: [registry],
  });
  const decodeErrors = new Counter({ name: 'actorcade_decode_errors_total', help: 'Frames rejected by the codec', labelNames: ['route'], registers: [registry] });
  const rateLimitHits = new Counter({ name: 'actorcade_rate_limit_hits_total', help: 'Messages refused by a rate limit', labelNames: ['route'], registers: [registry] });
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
  return { registry, connections, framesIn, framesOut, decodeErrors, rateLimitHits, tickLag, tickBudget };
}

export type Metrics = ReturnType<typeof createMetrics>;
