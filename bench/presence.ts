/**
 * `npm run bench -- presence [--users 2000] [--group 10] [--sockets 1000]`: what presence costs
 * the server (seed 003, `/voice/ws`). It spawns a real server and runs two scenes:
 *
 * - **users connecting**: `--users` users in channels of `--group` members each (one channel
 *   per group, made over REST) open one socket each. Presence frames are what every socket
 *   received of `presence_update`; scoped presence sends each user's `online` to their channel
 *   mates and to themselves, so at most users × group frames (server-wide presence sent users²).
 * - **one user's sockets closing**: one user holds `--sockets` sockets (a mate watches), then
 *   all of them close at once.
 *
 * For each it prints the frames the clients received, the worst `/healthz` latency while it ran
 * (polled every 20 ms: an event-loop stall shows here) and the wall time until the last
 * expected frame arrived. Figures, not assertions: see README "Benchmarks".
 *
 * The server (on core 0) runs with `MAX_SOCKETS_PER_USER` raised to `--sockets` + 10 — at its
 * default (10) the second scene's user could open only ten sockets — and the creation limits
 * lifted (`BULK_CREATION_ENV`: one address makes every channel); the bench prints both.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import jwt from 'jsonwebtoken';
import { connectMany, connectRaw, type RawSocket } from './lib-raw-ws.js';
import { BULK_CREATION_ENV, startActorcade } from './lib-spawn.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '2000' },
    group: { type: 'string', default: '10' },
    sockets: { type: 'string', default: '1000' },
  },
});
const users = Number(values.users);
const group = Math.max(1, Number(values.group));
const socketsOfOne = Number(values.sockets);

const secret = randomBytes(32).toString('hex');
const limits = { MAX_SOCKETS_PER_USER: String(socketsOfOne + 10) };
const server = await startActorcade('0', { JWT_SECRET: secret, ...limits });
const url = server.url;
console.log(`presence: server ${url} (pid ${server.pid}, core 0) with ${Object.entries({ ...limits, ...BULK_CREATION_ENV }).map(([k, v]) => `${k}=${v}`).join(' ')}`);
const wsUrl = url.replace('http:', 'ws:');
const token = (user: string) => jwt.sign({ sub: user, exp: Math.floor(Date.now() / 1000) + 3600 }, secret, { algorithm: 'HS256' });

/** Poll /healthz every 20 ms; `stop()` gives the worst latency seen. */
function watchHealth() {
  let worst = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      worst = Math.max(worst, performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return worst;
  };
}

async function post(user: string, path: string, body: unknown) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token(user)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

/** Resolves once `count` frames matched, counting every matching frame into `counter`. */
function counting(match: string) {
  const counter = { frames: 0, target: Infinity, done: () => {} };
  const needle = Buffer.from(match);
  const handler = (_opcode: number, payload: Buffer) => {
    if (payload.indexOf(needle) === -1) return;
    if (++counter.frames >= counter.target) counter.done();
  };
  const reached = (target: number) =>
    new Promise<void>((resolve) => {
      counter.target = target;
      counter.done = resolve;
      if (counter.frames >= target) resolve();
    });
  return { counter, handler, reached };
}

interface Row {
  scene: string;
  frames: number;
  healthzWorstMs: number;
  wallMs: number;
}
const rows: Row[] = [];

// Scene 1: users connecting, in channels of `group`.
{
  const ids = Array.from({ length: users }, (_, i) => `u${i}`);
  for (let g = 0; g < users; g += group) {
    const members = ids.slice(g, g + group);
    await post(members[0], '/api/channels', { name: `g${g}`, members: members.slice(1) });
  }
  const online = counting('"presence_update"');
  const stop = watchHealth();
  const started = performance.now();
  const sockets = await connectMany(users, (i) => connectRaw(`${wsUrl}/voice/ws?token=${token(ids[i])}`, online.handler), 50);
  // At most: each socket hears its own user's `online` and each mate's (fewer for a mate that came online before it listened).
  const expected = Math.floor(users / group) * group * group + (users % group) ** 2;
  await Promise.race([online.reached(expected), settled(online.counter)]);
  rows.push({ scene: `${users} users connect (groups of ${group})`, frames: online.counter.frames, healthzWorstMs: await stop(), wallMs: performance.now() - started });
  await closeAll(sockets);
}

// Scene 2: one user's sockets closing at once, a mate watching.
{
  await post('many', '/api/channels', { name: 'watch', members: ['watcher'] });
  const offline = counting('"offline"');
  const watcher = await connectRaw(`${wsUrl}/voice/ws?token=${token('watcher')}`, offline.handler);
  const heard = counting('"presence_update"');
  const sockets = await connectMany(socketsOfOne, () => connectRaw(`${wsUrl}/voice/ws?token=${token('many')}`, heard.handler), 50);
  await new Promise((r) => setTimeout(r, 500));
  heard.counter.frames = 0;
  const stop = watchHealth();
  const started = performance.now();
  for (const socket of sockets) socket.close();
  // The watcher's `offline` is the one frame this scene owes; a stalled server is waited for, not cut short.
  let giveUp: NodeJS.Timeout | undefined;
  const heardOffline = await Promise.race([offline.reached(1).then(() => true), new Promise<false>((r) => (giveUp = setTimeout(r, 60_000, false)))]);
  clearTimeout(giveUp);
  if (!heardOffline) console.log(`presence: the watcher never heard ${socketsOfOne} sockets' user go offline (60 s)`);
  await new Promise((r) => setTimeout(r, 200));
  rows.push({ scene: `1 user, ${socketsOfOne} sockets close`, frames: heard.counter.frames + offline.counter.frames, healthzWorstMs: await stop(), wallMs: performance.now() - started });
  watcher.close();
}

/** Resolves once no frame was counted for 500 ms (a socket may connect before its mates are loaded and miss one). */
async function settled(counter: { frames: number }) {
  let last = -1;
  while (counter.frames !== last) {
    last = counter.frames;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function closeAll(sockets: RawSocket[]) {
  for (const socket of sockets) socket.close();
  await Promise.all(sockets.map((s) => s.closed));
}

const head = ['scene', 'presence frames', 'healthz worst', 'until last frame'];
const table = rows.map((r) => [r.scene, String(r.frames), `${r.healthzWorstMs.toFixed(1)} ms`, `${r.wallMs.toFixed(0)} ms`]);
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
for (const row of [head, ...table]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));

server.stop();
