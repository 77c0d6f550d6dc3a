/**
 * Hands per second through a real server (`npm run bench -- poker --server`): the server
 * runs as `npm start` does, in its own process on a fresh DATA_DIR, and bots play over
 * `/poker/ws`. Unlike the in-process bench, every command passes the gateway, the codec, the
 * bus and the write-ahead journal (its group commit holds each acknowledgement until the
 * store has it), so the figure includes what durability costs.
 */
import WebSocket from 'ws';
import { processCpuSeconds } from './lib-raw-ws.js';
import { startActorcade } from './lib-spawn.js';

export interface ServerHands {
  handsPerSec: number;
  commandsPerSec: number;
  /** Server CPU (user + system) per ACTION command, µs. */
  serverUsPerCommand: number;
}


interface Bot {
  socket: WebSocket;
  userId: string;
}

/** One bot: connects, learns its id, sits at `tableId`, then checks or calls every prompt addressed to it. */
async function seat(wsUrl: string, tableId: string, onCommand: () => void, onHandEnd: () => void, counts: boolean): Promise<Bot> {
  const socket = new WebSocket(wsUrl);
  let userId = '';
  let cmd = 0;
  const sat = new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('message', (data) => {
      const event = JSON.parse(String(data));
      if (event.type === 'SESSION') {
        userId = event.userId;
        socket.send(JSON.stringify({ type: 'SIT', cmdId: `sit-${userId}`, tableId, buyIn: 1_000_000 }));
      } else if (event.type === 'TABLE_SNAPSHOT' && event.yourSeat !== null) resolve();
      else if (event.type === 'ACTION_PROMPT' && event.playerId === userId) {
        socket.send(JSON.stringify({ type: 'ACTION', cmdId: `c-${++cmd}`, tableId, action: event.canCheck ? 'Check' : 'Call' }));
        onCommand();
      } else if (event.type === 'HAND_END' && counts) onHandEnd();
      else if (event.type === 'ERROR' && event.code !== 'NOT_YOUR_TURN') reject(new Error(`poker bench: ${event.code} ${event.msg}`));
    });
  });
  await sat;
  return { socket, userId };
}

/** Play `tables` tables of `players` bots each for `seconds` seconds against a fresh server. */
export async function benchServerHands(options: { tables: number; players: number; seconds: number }): Promise<ServerHands> {
  const core = '0'; // the server's core
  const server = await startActorcade(core, { LOG_LEVEL: 'silent', JWT_SECRET: 'bench-poker-secret' });
  const bots: Bot[] = [];
  try {
    let hands = 0;
    let commands = 0;
    let counting = false;
    const wsUrl = server.url.replace(/^http/, 'ws') + '/poker/ws';
    for (let t = 0; t < options.tables; t++) {
      const created = await fetch(`${server.url}/api/tables`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ smallBlind: 1, bigBlind: 2, maxSeats: Math.max(options.players, 2), minBuyIn: 40, maxBuyIn: 1_000_000, nextHandDelayMs: 1 }),
      });
      if (created.status !== 201) throw new Error(`poker bench: POST /api/tables answered ${created.status}: ${await created.text()}`);
      const tableId = ((await created.json()) as { table: { tableId: string } }).table.tableId;
      for (let p = 0; p < options.players; p++) {
        bots.push(await seat(wsUrl, tableId, () => counting && commands++, () => counting && hands++, p === 0));
      }
    }
    // Let the first hands start before measuring.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const cpuBefore = await processCpuSeconds(server.pid);
    const started = performance.now();
    counting = true;
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    counting = false;
    const elapsed = (performance.now() - started) / 1000;
    const cpu = (await processCpuSeconds(server.pid)) - cpuBefore;
    return { handsPerSec: hands / elapsed, commandsPerSec: commands / elapsed, serverUsPerCommand: commands > 0 ? (cpu * 1e6) / commands : NaN };
  } finally {
    for (const bot of bots) bot.socket.close();
    server.stop();
  }
}
