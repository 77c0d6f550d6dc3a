/**
 * Hands per second through a real server (`npm run bench -- poker --server`): the server
 * runs as `npm start` does, in its own process on a fresh DATA_DIR, and bots play over
 * `/poker/ws`. Unlike the in-process bench, every command passes the gateway, the codec, the
 * bus and the write-ahead journal (its group commit holds each acknowledgement until the
 * store has it), so the figure includes what durability costs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const root = new URL('..', import.meta.url).pathname;

export interface ServerHands {
  handsPerSec: number;
  commandsPerSec: number;
  /** Server CPU (user + system) per ACTION command, µs. */
  serverUsPerCommand: number;
}

/** CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JWT_SECRET: 'bench-poker-secret' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`server exited before listening:\n${output}`)));
  });
  return { child, url, exited };
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
  const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-poker-bench-'));
  const server = await startServer(dataDir);
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
    const cpuBefore = cpuSeconds(server.child.pid!);
    const started = performance.now();
    counting = true;
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    counting = false;
    const elapsed = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(server.child.pid!) - cpuBefore;
    return { handsPerSec: hands / elapsed, commandsPerSec: commands / elapsed, serverUsPerCommand: commands > 0 ? (cpu * 1e6) / commands : NaN };
  } finally {
    for (const bot of bots) bot.socket.close();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
