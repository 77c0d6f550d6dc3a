/**
 * One measured window of the 60 Hz pong loop, for `bench/pong.ts` and `bench/peers.ts`:
 * start a server (Actorcade, the bare uWS loop, or a peer), run the raw-frame load
 * generator (bench/lib-pong-load.ts) or a peer's own on the other core, and read the
 * server's figures: loop lateness and match-ticks from its `/api/pong/loop`, CPU from
 * /proc, allocation and GC pauses from its `--trace-gc-nvp` lines.
 */
import { median, processCpuSeconds } from './lib-raw-ws.js';
import { GC_TRACE_FLAGS, traceGc, type GcWindow } from './lib-gc-trace.js';
import { onLines, pinned, startActorcade, startListening, type Server } from './lib-spawn.js';
import type { LoopStats } from '../src/sessions/pong/loop-stats.js';

/** How the load generator sends a frame's inputs: spread over 8 send times, or all at once. */
export type InputPattern = 'spread' | 'burst';
/** `colyseus`: its `ws` transport; `colyseus-uws`: its uWebSockets.js transport. */
export type PongTarget = 'actorcade' | 'bare' | 'colyseus' | 'colyseus-uws';

export interface PongOptions {
  seconds: string;
  warmup: string;
  inputs: InputPattern;
  serverCore: string;
  loadCore: string;
  nice?: number;
  /** A running Actorcade server: no spawning, CPU from its own /api/pong/loop, no GC figures. */
  url?: string;
  adminToken?: string;
  /** More environment and node flags for the server (bench/profile.ts preloads its profiler hook). */
  extra?: { env?: Record<string, string>; nodeFlags?: string[] };
}

export interface PongSample {
  target: PongTarget;
  matches: number;
  late: LoopStats['lateMs'];
  rateMin: number;
  rateMedian: number;
  latencyP50: number;
  latencyP99: number;
  usPerMatchTick: number;
  /** Heap growth after GC between idle and all matches playing, ÷ M. */
  bytesPerMatch: number;
  /** Bytes the whole server process allocated per match-tick in the window (NaN with --url). */
  allocatedPerMatchTick: number;
  /** Stop-the-world GC time per second of the window, ms (NaN with --url). */
  gcPauseMsPerSecond: number;
  gcMaxPauseMs: number;
  loadCpu: number;
  serverCpu: number;
  errors: Record<string, number>;
  started: number;
}

const loadScripts: Record<PongTarget, string> = {
  actorcade: 'bench/lib-pong-load.ts',
  bare: 'bench/lib-pong-load.ts',
  colyseus: 'bench/peers/colyseus-load.ts',
  'colyseus-uws': 'bench/peers/colyseus-load.ts',
};

export async function startPongServer(target: PongTarget, options: PongOptions): Promise<Server> {
  const nodeFlags = ['--expose-gc', ...GC_TRACE_FLAGS, ...(options.extra?.nodeFlags ?? [])];
  if (target === 'bare') return startListening('bench/lib-pong-bare.ts', options.serverCore, { env: { PORT: '0' }, nodeFlags, nice: options.nice });
  if (target === 'colyseus' || target === 'colyseus-uws') {
    const env = { PORT: '0', COLYSEUS_TRANSPORT: target === 'colyseus' ? 'ws' : 'uws' };
    return startListening('bench/peers/colyseus-server.ts', options.serverCore, { env, nodeFlags, nice: options.nice });
  }
  return startActorcade(
    options.serverCore,
    {
      // Short calibration so M matches start quickly; a match never ends during the window.
      PONG_CAL_BASELINE_MS: '400',
      PONG_CAL_TRIAL_MS: '250',
      PONG_CAL_MIN_SAMPLES: '3',
      PONG_TARGET_SCORE: '1000000',
      ...options.extra?.env,
    },
    { nodeFlags, nice: options.nice },
  );
}

export async function loopStats(url: string, query = '', adminToken?: string): Promise<LoopStats> {
  const res = await fetch(`${url}/api/pong/loop${query}`, adminToken ? { headers: { authorization: `Bearer ${adminToken}` } } : {});
  if (!res.ok) throw new Error(`/api/pong/loop: HTTP ${res.status} (is PONG_LOOP_STATS on?)`);
  return res.json() as Promise<LoopStats>;
}

export async function measurePong(target: PongTarget, matches: number, options: PongOptions): Promise<PongSample> {
  const server = options.url ? undefined : await startPongServer(target, options);
  const url = options.url ?? server!.url;
  const gc = server ? traceGc(server.child) : undefined;
  const stats = (query = '') => loopStats(url, query, options.adminToken);
  try {
    const idle = await stats('?gc=1');
    const load = pinned(loadScripts[target], options.loadCore, {
      nice: options.nice,
      args: [
        '--url', url, '--matches', String(matches), '--warmup', options.warmup, '--seconds', options.seconds,
        '--target', target, '--inputs', options.inputs,
      ],
    });
    let cpuAtStart = 0;
    let wallAtStart = 0;
    let heapAtStart = 0;
    let memory = 0;
    const end = await new Promise<any>((resolve, reject) => {
      onLines(load, async (line) => {
        const message = JSON.parse(line);
        try {
          if (message.phase === 'ready') {
            const busy = await stats('?gc=1');
            memory = (busy.heapUsedBytes - idle.heapUsedBytes) / matches;
          }
          if (message.phase === 'start') {
            gc?.start();
            heapAtStart = (await stats('?reset=1')).heapUsedBytes;
            if (server) cpuAtStart = await processCpuSeconds(server.pid);
            wallAtStart = performance.now();
          }
          if (message.phase === 'end') {
            const final = await stats();
            const window = gc?.stop();
            const serverCpu = server ? (await processCpuSeconds(server.pid)) - cpuAtStart : final.cpuUs / 1e6;
            resolve({ ...message, stats: final, serverCpu, window, heapGrowth: final.heapUsedBytes - heapAtStart, wall: (performance.now() - wallAtStart) / 1000 });
          }
        } catch (error) {
          reject(error);
        }
      });
      load.on('exit', (code) => code !== 0 && reject(new Error(`${target} load generator exited with ${code}`)));
    });
    const matchTicks = Math.max(1, end.stats.matchTicks);
    const window: GcWindow | undefined = end.window;
    return {
      target,
      matches,
      late: end.stats.lateMs,
      rateMin: end.rateMin,
      rateMedian: end.rateMedian,
      latencyP50: end.latencyP50,
      latencyP99: end.latencyP99,
      usPerMatchTick: (end.serverCpu * 1e6) / matchTicks,
      bytesPerMatch: memory,
      allocatedPerMatchTick: window ? (end.heapGrowth + window.freedBytes) / matchTicks : NaN,
      gcPauseMsPerSecond: window ? window.pauseMs / end.wall : NaN,
      gcMaxPauseMs: window ? window.maxPauseMs : NaN,
      loadCpu: end.loadCpu,
      serverCpu: end.serverCpu / end.wall,
      errors: end.errors,
      started: end.started,
    };
  } finally {
    server?.stop();
  }
}

/** True when M matches ran at 60 Hz: p99 lateness under 2 ms and every client at ≥ 59.5 states/s. */
export const holds60Hz = (s: PongSample) => s.late.p99 < 2 && s.rateMin >= 59.5;

/** The median of each figure over runs of one target and M (errors merged, the fewest started). */
export function medianPongSample(all: PongSample[]): PongSample {
  const pick = (f: (s: PongSample) => number) => median(all.map(f));
  return {
    ...all[0],
    late: { p50: pick((s) => s.late.p50), p99: pick((s) => s.late.p99), max: pick((s) => s.late.max) },
    rateMin: pick((s) => s.rateMin),
    rateMedian: pick((s) => s.rateMedian),
    latencyP50: pick((s) => s.latencyP50),
    latencyP99: pick((s) => s.latencyP99),
    usPerMatchTick: pick((s) => s.usPerMatchTick),
    bytesPerMatch: pick((s) => s.bytesPerMatch),
    allocatedPerMatchTick: pick((s) => s.allocatedPerMatchTick),
    gcPauseMsPerSecond: pick((s) => s.gcPauseMsPerSecond),
    gcMaxPauseMs: pick((s) => s.gcMaxPauseMs),
    loadCpu: pick((s) => s.loadCpu),
    serverCpu: pick((s) => s.serverCpu),
    errors: Object.assign({}, ...all.map((s) => s.errors)),
    started: Math.min(...all.map((s) => s.started)),
  };
}
