/**
 * The one loop that drives every live match: each frame sends one `tick` per live
 * match through the bus. Matches join and leave by emitting `{type:'loop', address, live}`
 * on LOOP_TOPIC (entering / leaving `playing`). The scheduler runs only while a match
 * is live. Lateness and per-frame CPU go to /metrics and to `stats()`.
 */
import type { Bus, Envelope, Unsubscribe } from '../../bus/index.js';
import type { Metrics } from '../../gateway/index.js';
import { LOOP_TOPIC } from '../../../machines/pong/match-machine.js';
import { createFrameScheduler, realTimers, type Frame, type FrameTimers } from './frame-scheduler.js';

const TICK: Envelope = { event: { type: 'tick' } };
const WINDOW = 1 << 15;

export interface LoopStats {
  matches: number;
  frames: number;
  skipped: number;
  /** Match-ticks sent since the last reset. */
  matchTicks: number;
  lateMs: { p50: number; p99: number; max: number };
  frameMs: { p50: number; p99: number; max: number };
  /** Process CPU since the last reset, µs (user + system). */
  cpuUs: number;
  wallMs: number;
  rssBytes: number;
  heapUsedBytes: number;
}

export function createMatchLoop({ bus, metrics, hz, timers = realTimers }: { bus: Bus; metrics: Metrics; hz: number; timers?: FrameTimers }) {
  const live = new Set<string>();
  const late = new Float64Array(WINDOW);
  const busy = new Float64Array(WINDOW);
  let samples = 0;
  let frames = 0;
  let matchTicks = 0;
  let since = { cpu: process.cpuUsage(), wall: timers.now(), skipped: 0 };
  let unsubscribe: Unsubscribe | undefined;

  const scheduler = createFrameScheduler({ hz, timers, onFrame });

  function onFrame(frame: Frame) {
    const started = timers.now();
    for (const address of live) bus.send(address, TICK);
    const took = timers.now() - started;
    const slot = samples++ & (WINDOW - 1);
    late[slot] = frame.lateMs;
    busy[slot] = took;
    frames++;
    matchTicks += live.size;
    metrics.tickLag.observe(frame.lateMs / 1000);
    metrics.tickBudget.observe(took / 1000);
  }

  function setLive(address: string, on: boolean) {
    if (on) live.add(address);
    else live.delete(address);
    if (live.size > 0 && !scheduler.running) scheduler.start();
    else if (live.size === 0 && scheduler.running) scheduler.stop();
  }

  return {
    attach() {
      unsubscribe ??= bus.subscribe(LOOP_TOPIC, (event) => setLive(String(event.address), event.live === true));
    },
    detach() {
      unsubscribe?.();
      unsubscribe = undefined;
      live.clear();
      scheduler.stop();
    },
    /** Addresses of the live matches. */
    live: () => [...live],
    stats(reset = false): LoopStats {
      const n = Math.min(samples, WINDOW);
      const cpu = process.cpuUsage(since.cpu);
      const memory = process.memoryUsage();
      const result: LoopStats = {
        matches: live.size,
        frames,
        skipped: scheduler.skipped - since.skipped,
        matchTicks,
        lateMs: percentiles(late, n),
        frameMs: percentiles(busy, n),
        cpuUs: cpu.user + cpu.system,
        wallMs: timers.now() - since.wall,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
      };
      if (reset) {
        samples = frames = matchTicks = 0;
        since = { cpu: process.cpuUsage(), wall: timers.now(), skipped: scheduler.skipped };
      }
      return result;
    },
  };
}

export type MatchLoop = ReturnType<typeof createMatchLoop>;

function percentiles(values: Float64Array, n: number) {
  if (n === 0) return { p50: 0, p99: 0, max: 0 };
  const sorted = values.slice(0, n).sort();
  const at = (q: number) => round(sorted[Math.min(n - 1, Math.floor(q * n))]);
  return { p50: at(0.5), p99: at(0.99), max: round(sorted[n - 1]) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
