/**
 * One measured window of the gateway benches, for `bench/gateway.ts` and `bench/peers.ts`:
 * start a server (bare uWS, Actorcade, or Socket.IO) on one core, run the raw-frame load
 * generator (bench/lib-gateway-load.ts) on the other, and read the server's CPU from /proc.
 */
import { processCpuSeconds } from './lib-raw-ws.js';
import { onLines, pinned, startActorcade, startListening, type Server } from './lib-spawn.js';

export type GatewayTarget = 'bare' | 'actorcade' | 'socketio';
export type GatewayMode = 'echo' | 'fanout';

export interface GatewayOptions {
  seconds: string;
  warmup: string;
  /** Echo: sockets; fan-out: subscribers. */
  connections: string;
  depth: string;
  serverCore: string;
  loadCore: string;
  /** Fan-out: pad the delivered event to this many bytes (0: each target's own event). */
  eventBytes?: number;
  /** A running Actorcade server: throughput only. */
  url?: string;
}

export interface GatewaySample {
  perSecond: number;
  serverUsPerFrame: number;
  loadCpu: number;
  /** Fan-out: length of a delivered frame's payload. */
  eventBytes: number;
}

/** `extra`: more environment and node flags for the server (bench/profile.ts preloads its profiler hook). */
export function startGatewayServer(target: GatewayTarget, core: string, extra: { env?: Record<string, string>; nodeFlags?: string[] } = {}): Promise<Server> {
  const { env = {}, nodeFlags } = extra;
  if (target === 'bare') return startListening('bench/lib-bare-server.ts', core, { env: { PORT: '0', ...env }, nodeFlags });
  if (target === 'socketio') return startListening('bench/peers/socketio-server.ts', core, { env: { PORT: '0', ...env }, nodeFlags });
  return startActorcade(core, { RATE_LIMIT_PER_SEC: '100000000', RATE_LIMIT_BURST: '100000000', ...env }, { nodeFlags });
}

export async function measureGateway(target: GatewayTarget, mode: GatewayMode, options: GatewayOptions): Promise<GatewaySample> {
  const server = options.url ? undefined : await startGatewayServer(target, options.serverCore);
  try {
    const load = pinned('bench/lib-gateway-load.ts', options.loadCore, {
      args: [
        '--target', target, '--mode', mode, '--url', options.url ?? server!.url, '--connections', options.connections,
        '--depth', options.depth, '--warmup', options.warmup, '--seconds', options.seconds, '--event-bytes', String(options.eventBytes ?? 0),
      ],
    });
    let cpuAtStart = 0;
    const result = await new Promise<{ frames: number; seconds: number; loadCpu: number; serverCpu: number; eventBytes: number }>((resolve, reject) => {
      onLines(load, async (line) => {
        const message = JSON.parse(line);
        if (message.phase === 'start' && server) cpuAtStart = await processCpuSeconds(server.pid);
        if (message.phase === 'end') {
          const serverCpu = server ? (await processCpuSeconds(server.pid)) - cpuAtStart : NaN;
          resolve({ ...message, serverCpu });
        }
      });
      load.on('exit', (code) => code !== 0 && reject(new Error(`${target} ${mode} load generator exited with ${code}`)));
    });
    return {
      perSecond: result.frames / result.seconds,
      // Echo: one frame in + one out per round trip. Fan-out: CPU per delivered frame.
      serverUsPerFrame: (result.serverCpu * 1e6) / result.frames,
      loadCpu: result.loadCpu,
      eventBytes: result.eventBytes,
    };
  } finally {
    server?.stop();
  }
}
