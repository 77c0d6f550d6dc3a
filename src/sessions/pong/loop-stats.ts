/**
 * Statistics of a frame loop: lateness and busy time of the last 32k frames
 * (percentiles), match-ticks, process CPU and memory since the last reset. Fed by the
 * runtime's tick for `/api/pong/loop`, and by the bare baseline of bench/pong.ts, so both
 * report alike.
 */
const WINDOW = 1 << 15;

export interface LoopStats {
  matches: number;
  frames: number;
  skipped: number;
  /** Match-ticks run since the last reset. */
  matchTicks: number;
  lateMs: { p50: number; p99: number; max: number };
  frameMs: { p50: number; p99: number; max: number };
  /** Process CPU since the last reset, µs (user + system). */
  cpuUs: number;
  wallMs: number;
  rssBytes: number;
  heapUsedBytes: number;
}

export function createLoopStats(now: () => number) {
  const late = new Float64Array(WINDOW);
  const busy = new Float64Array(WINDOW);
  let samples = 0;
  let frames = 0;
  let matchTicks = 0;
  let since = { cpu: process.cpuUsage(), wall: now(), skipped: 0 };

  return {
    record(lateMs: number, busyMs: number, matches: number) {
      const slot = samples++ & (WINDOW - 1);
      late[slot] = lateMs;
      busy[slot] = busyMs;
      frames++;
      matchTicks += matches;
    },
    read(matches: number, skipped: number, reset = false): LoopStats {
      const n = Math.min(samples, WINDOW);
      const cpu = process.cpuUsage(since.cpu);
      const memory = process.memoryUsage();
      const result: LoopStats = {
        matches,
        frames,
        skipped: skipped - since.skipped,
        matchTicks,
        lateMs: percentiles(late, n),
        frameMs: percentiles(busy, n),
        cpuUs: cpu.user + cpu.system,
        wallMs: now() - since.wall,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
      };
      if (reset) {
        samples = frames = matchTicks = 0;
        since = { cpu: process.cpuUsage(), wall: now(), skipped };
      }
      return result;
    },
  };
}

/** Collect garbage first when the process runs with --expose-gc (memory figures of the bench). */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return false;
  gc();
  return true;
}

function percentiles(values: Float64Array, n: number) {
  if (n === 0) return { p50: 0, p99: 0, max: 0 };
  const sorted = values.slice(0, n).sort();
  const at = (q: number) => round(sorted[Math.min(n - 1, Math.floor(q * n))]);
  return { p50: at(0.5), p99: at(0.99), max: round(sorted[n - 1]) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
