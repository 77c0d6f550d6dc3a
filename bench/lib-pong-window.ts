/**
 * The measured window of a pong load generator (bench/lib-pong-load.ts, and Colyseus's in
 * bench/peers/colyseus-load.ts), in the line protocol bench/lib-pong-measure.ts reads:
 * `{phase:'ready'}`, a warm-up, `{phase:'start'}`, the window, then `{phase:'end', …}` with
 * states per second per client, input → state latency and the generator's own CPU.
 */
import { percentile } from './lib-raw-ws.js';

/** Input → state latencies of the window, ms, in a preallocated buffer (no garbage on the hot path). */
export function createLatencyLog(capacity = 1 << 21) {
  const values = new Float64Array(capacity);
  let count = 0;
  return {
    record(ms: number) {
      if (count < capacity) values[count++] = ms;
    },
    reset() {
      count = 0;
    },
    sorted() {
      return Array.from(values.subarray(0, count)).sort((a, b) => a - b);
    },
  };
}
export type LatencyLog = ReturnType<typeof createLatencyLog>;

export interface WindowOptions {
  /** Progress line prefix on stderr, e.g. `actorcade 500 matches`. */
  label: string;
  /** What a client counts, for the progress line: `states`, `patches`. */
  unit: string;
  warmupSeconds: number;
  seconds: number;
  clients: { states: number }[];
  latencies: LatencyLog;
  /** Counting on or off: clients count states and latencies only inside the window. */
  measuring(on: boolean): void;
  /** More to clear when the window starts (error counts). */
  reset?(): void;
  /** More figures for the end line. */
  end(): Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the warm-up and the window, prints the phases, and exits the process. */
export async function runWindow(o: WindowOptions): Promise<never> {
  console.log(JSON.stringify({ phase: 'ready' }));
  await sleep(o.warmupSeconds * 1000);
  for (const c of o.clients) c.states = 0;
  o.latencies.reset();
  o.reset?.();
  o.measuring(true);
  const startCpu = process.cpuUsage();
  const started = performance.now();
  console.log(JSON.stringify({ phase: 'start' }));
  for (let s = 1; s <= o.seconds; s++) {
    await sleep(1000);
    const total = o.clients.reduce((sum, c) => sum + c.states, 0);
    process.stderr.write(`  ${o.label}: ${s}/${o.seconds}s, ${(total / o.clients.length / ((performance.now() - started) / 1000)).toFixed(2)} ${o.unit}/s per client\r`);
  }
  o.measuring(false);
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(startCpu);
  const rates = o.clients.map((c) => c.states / elapsed).sort((a, b) => a - b);
  const latencies = o.latencies.sorted();
  process.stderr.write('\n');
  console.log(
    JSON.stringify({
      phase: 'end',
      seconds: elapsed,
      rateMin: rates[0],
      rateMedian: percentile(rates, 50),
      latencyP50: percentile(latencies, 50),
      latencyP99: percentile(latencies, 99),
      loadCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
      ...o.end(),
    }),
  );
  process.exit(0);
}
