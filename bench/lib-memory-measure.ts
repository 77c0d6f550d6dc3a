/**
 * Resident memory per idle client, for `bench/peers.ts`: a server's RSS (from /proc) and
 * heap (after a forced GC, through its `/api/pong/loop?gc=1`) before and after N idle
 * clients arrive, ÷ N. Actorcade in two steps — N bare connections to `/pong/ws`, then a
 * `connect` on each (one idle pong session actor per socket); Colyseus in one, since a
 * Colyseus client is always in a room: N SDK clients, each in its own idle room.
 */
import { loopStats, startPongServer, type PongOptions } from './lib-pong-measure.js';
import { onLines, pinned, rssBytes, type Server } from './lib-spawn.js';

export interface MemoryFigure {
  rssBytes: number;
  heapBytes: number;
}

export interface MemorySample {
  count: number;
  /** Actorcade: an open socket that has sent nothing. */
  connection?: MemoryFigure;
  /** Actorcade: what an idle session actor adds to its connection. */
  actor?: MemoryFigure;
  /** Colyseus: one client and the idle room it created. */
  room?: MemoryFigure;
}

const settle = () => new Promise((r) => setTimeout(r, 1000));

/** Two forced collections a moment apart, so pages the first one frees are returned before RSS is read. */
async function reading(server: Server): Promise<MemoryFigure> {
  await loopStats(server.url, '?gc=1');
  await new Promise((r) => setTimeout(r, 300));
  const { heapUsedBytes } = await loopStats(server.url, '?gc=1');
  return { rssBytes: rssBytes(server.pid), heapBytes: heapUsedBytes };
}

const per = (after: MemoryFigure, before: MemoryFigure, count: number): MemoryFigure => ({
  rssBytes: (after.rssBytes - before.rssBytes) / count,
  heapBytes: (after.heapBytes - before.heapBytes) / count,
});

export async function measureMemory(target: 'actorcade' | 'colyseus', count: number, options: PongOptions): Promise<MemorySample> {
  const server = await startPongServer(target, options);
  try {
    await settle();
    const idle = await reading(server);
    const load =
      target === 'actorcade'
        ? pinned('bench/lib-idle-load.ts', options.loadCore, { args: ['--url', server.url, '--count', String(count)] })
        : pinned('bench/peers/colyseus-load.ts', options.loadCore, { args: ['--url', server.url, '--matches', String(count), '--idle'] });
    try {
      return await new Promise<MemorySample>((resolve, reject) => {
        let connected: MemoryFigure;
        onLines(load, async (line) => {
          try {
            const { phase } = JSON.parse(line);
            if (phase === 'connected') {
              await settle();
              connected = await reading(server);
              load.kill('SIGUSR2');
            }
            if (phase === 'sessions') {
              await settle();
              resolve({ count, connection: per(connected, idle, count), actor: per(await reading(server), connected, count) });
            }
            if (phase === 'ready') {
              await settle();
              resolve({ count, room: per(await reading(server), idle, count) });
            }
          } catch (error) {
            reject(error);
          }
        });
        load.on('exit', (code) => reject(new Error(`idle ${target} clients exited with ${code}`)));
      });
    } finally {
      load.kill('SIGKILL');
    }
  } finally {
    server.stop();
  }
}
