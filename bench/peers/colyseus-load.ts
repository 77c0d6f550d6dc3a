/**
 * Load generator for the Colyseus side of `npm run bench -- peers`, in its own (pinned)
 * process: M `@colyseus/sdk` clients, each creating its own room (one match) and sending
 * `input` at 60 Hz. Colyseus's protocol (matchmaking over HTTP, schema patches, msgpack
 * messages) rules out the raw-frame client, so this is the SDK a Colyseus game uses.
 * Inputs go out in one burst per frame on a drift-corrected 60 Hz schedule, as SDK clients
 * in one process send them (`--inputs burst`, the pattern the comparison uses for both
 * servers; `spread` sends them over 8 send times per frame, like bench/lib-pong-load.ts).
 * Counts state patches per client and the time from an input to the next patch.
 * Prints JSON lines like bench/lib-pong-load.ts: {phase:'ready'}, {phase:'start'}, {phase:'end', ...}.
 *
 *   --url http://host:port  --matches M  --warmup S  --seconds S  --inputs burst|spread
 *   --idle  (join idle rooms, print {phase:'ready'} and stay until killed: the memory comparison)
 */
import { Client, type Room } from '@colyseus/sdk';
import { parseArgs } from 'node:util';
import { createLatencyLog, runWindow } from '../lib-pong-window.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:2567' },
    matches: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '5' },
    target: { type: 'string', default: 'colyseus' },
    inputs: { type: 'string', default: 'burst' },
    idle: { type: 'boolean', default: false },
  },
});
const M = Number(values.matches);
const SLOTS = values.inputs === 'spread' ? 8 : 1;

interface Player {
  index: number;
  room: Room;
  states: number;
  inputAt: number;
  awaiting: boolean;
}

const latencies = createLatencyLog();
let measuring = false;
const errors = new Map<string, number>();
const directions = ['LEFT', 'NEUTRAL', 'RIGHT', 'NEUTRAL'] as const;

const client = new Client(values.url!);
const players: Player[] = [];

async function join(index: number) {
  const room = await client.create('pong', values.idle ? { idle: true } : {});
  const player: Player = { index, room, states: 0, inputAt: 0, awaiting: false };
  room.onStateChange(() => {
    if (!measuring) return;
    player.states++;
    if (player.awaiting) {
      player.awaiting = false;
      latencies.record(performance.now() - player.inputAt);
    }
  });
  room.onError((code: number) => errors.set(`error ${code}`, (errors.get(`error ${code}`) ?? 0) + 1));
  room.onLeave((code: number) => errors.set(`left ${code}`, (errors.get(`left ${code}`) ?? 0) + 1));
  players[index] = player;
}

const period = 1000 / 60;
let t0 = 0;
let slot = 0;
function inputLoop() {
  slot++;
  const frame = Math.floor(slot / SLOTS);
  const now = performance.now();
  for (let i = slot % SLOTS; i < players.length; i += SLOTS) {
    const p = players[i];
    if (!p) continue;
    // Each client changes direction every ~half second, phase-shifted by its index (as lib-pong-load.ts).
    p.room.send('input', { direction: directions[((frame + p.index) >> 5) & 3], timestamp: Date.now() });
    if (!p.awaiting) {
      p.awaiting = true;
      p.inputAt = now;
    }
  }
  setTimeout(inputLoop, Math.max(0, t0 + ((slot + 1) * period) / SLOTS - performance.now()));
}

async function main() {
  // Matchmaking is an HTTP request then a WebSocket per room: a few at a time.
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(20, M) }, async () => {
      while (next < M) await join(next++);
      process.stderr.write(`  colyseus: ${players.filter(Boolean).length} of ${M} rooms joined\r`);
    }),
  );
  if (values.idle) {
    console.log(JSON.stringify({ phase: 'ready', joined: players.length }));
    setInterval(() => {}, 1 << 30);
    return;
  }
  t0 = performance.now();
  setTimeout(inputLoop, period / SLOTS);
  await runWindow({
    label: `colyseus ${M} rooms`,
    unit: 'patches',
    warmupSeconds: Number(values.warmup),
    seconds: Number(values.seconds),
    clients: players,
    latencies,
    measuring: (on) => (measuring = on),
    reset: () => errors.clear(),
    end: () => ({ started: players.length, errors: Object.fromEntries(errors) }),
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
