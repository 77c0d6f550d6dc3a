/**
 * `npm run bench -- cluster [--frames 20000] [--subscribers 100] [--events 200] [--kills 20] [--matches 20] [--seconds 5] [--only remote|fan-out|failover|pong]`:
 * two nodes (server processes in cluster mode) on one throwaway nats-server and PostgreSQL, on this machine.
 *
 * - **remote actor**: server CPU (both nodes, from /proc) per channel request (`subscribe` → `subscribed`, 8 in
 *   flight) when the socket is on the actor's node, and when it is on the other node (through NATS);
 * - **fan-out**: `typing_start`/`typing_stop` deliveries per second to `--subscribers` sockets all on the actor's
 *   node, and split over both nodes;
 * - **failover**: `kill -9` of the node that owns a poker table → the first answer to a socket on the survivor that
 *   was waiting for it (min/median/max over `--kills`; the killed node is started again between kills);
 * - **pong**: `--matches` matches whose socket is on one node and actor on the other, `game_state` inter-arrival
 *   lateness beyond 1/60 s (p50/p99/max) at the client over `--seconds`.
 *
 * nats-server's own CPU is not in the figures. The load generator is the `ws` client in this process: read its
 * CPU beside the server's. Prints one table; see docs/cluster.md for what they mean at 16 cores and 3 machines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../test/durability/server-process.js';
import { connect, http, type TestClient } from '../test/support/client.js';
import { launchNats } from '../test/support/nats-server.js';
import { sharedPostgres } from '../test/support/postgres.js';
import { processCpuSeconds } from './lib-raw-ws.js';

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) || fallback : fallback;
};
const frames = flag('frames', 20_000);
const subscribers = flag('subscribers', 100);
const events = flag('events', 200);
const kills = flag('kills', 20);
const matches = flag('matches', 20);
const seconds = flag('seconds', 5);
/** `--only failover` (or `remote`, `fan-out`, `pong`): run that section alone, e.g. to loop the kills while chasing a failover bug. */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const runs = (section: string) => only === undefined || only === section;

const nats = await launchNats();
const pg = await sharedPostgres();
const env = {
  NATS_URL: nats.url,
  DATABASE_URL: await pg.createDatabase('bench_cluster'),
  STORE_SECRET: 'bench-cluster-secret',
  JWT_SECRET: 'bench-cluster-jwt',
  CLUSTER_LEASE_MS: '3000',
  CLUSTER_LEASE_RENEW_MS: '1000',
  RATE_LIMIT_PER_SEC: '1000000',
  RATE_LIMIT_BURST: '1000000',
  PONG_CAL_BASELINE_MS: '300',
  PONG_CAL_TRIAL_MS: '200',
  PONG_CAL_MIN_SAMPLES: '3',
  PONG_TARGET_SCORE: '1000',
  PONG_START_GAME_EVERY_MS: '0',
  PONG_START_CALIBRATION_EVERY_MS: '0',
  POKER_ACTION_TIME_MS: '60000',
  SNAPSHOT_EVERY_MS: '1000',
};
const dirs: string[] = [];
const spawned: ServerProcess[] = [];
// A bench that fails half-way leaves no node behind.
process.on('exit', () => {
  for (const n of spawned) if (n.child.exitCode === null) n.child.kill('SIGKILL');
});
let generation = 0;
async function node(): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-bench-cluster-'));
  dirs.push(dir);
  const started = await startServerProcess(dir, { ...env, CLUSTER_NODE_ID: `bench${++generation}-${process.pid}` });
  spawned.push(started);
  return started;
}
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const rows: [string, string][] = [];
const progress = (what: string) => console.error(`cluster bench: ${what}`);

progress('starting two nodes');
const a = await node();
const b = await node();
const nodes = [a, b];
const cpuOfNodes = async () => (await Promise.all(nodes.map((n) => processCpuSeconds(n.child.pid!)))).reduce((sum, s) => sum + s, 0);
const token = async (srv: ServerProcess, user: string) => (await http(srv.url, 'POST', '/api/auth/token', { user_id: user })).body.token as string;
const owner = await token(a, 'owner');
const channel = (await http(a.url, 'POST', '/api/channels', { name: 'bench' }, { authorization: `Bearer ${owner}` })).body.id as string;

/** Server CPU µs per request from a socket on `srv` to the channel actor (on a). */
async function perRequest(srv: ServerProcess): Promise<number> {
  const c = await connect(srv.wsUrl(`/voice/ws?token=${await token(srv, `load-${srv.url}`)}`));
  await c.next('ready');
  const before = await cpuOfNodes();
  let sent = 0;
  let done = 0;
  await new Promise<void>((resolve) => {
    c.ws.on('message', () => {
      if (++done === frames) resolve();
      else if (sent < frames) c.send({ id: `r${sent++}`, type: 'subscribe', channel_id: channel });
    });
    for (let i = 0; i < 8; i++) c.send({ id: `r${sent++}`, type: 'subscribe', channel_id: channel });
  });
  const after = await cpuOfNodes();
  await c.close();
  return ((after - before) * 1e6) / frames;
}
if (runs('remote')) {
  progress('remote actor');
  const local = await perRequest(a);
  const remote = await perRequest(b);
  rows.push(['request, socket on the actor\'s node', `${local.toFixed(1)} µs server CPU`]);
  rows.push(['request, socket on the other node', `${remote.toFixed(1)} µs server CPU (+${(remote - local).toFixed(1)} µs)`]);
}

/** typing deliveries per second to `subscribers` sockets spread over `on`. */
async function fanOut(on: ServerProcess[]): Promise<number> {
  const listeners: TestClient[] = [];
  for (let i = 0; i < subscribers; i++) {
    const srv = on[i % on.length];
    const c = await connect(srv.wsUrl(`/voice/ws?token=${await token(srv, `sub-${on.length}-${i}`)}`));
    await c.next('ready');
    c.send({ id: 's', type: 'subscribe', channel_id: channel });
    await c.next('subscribed');
    listeners.push(c);
  }
  const speaker = listeners[0];
  let received = 0;
  let lastAt = 0;
  for (const c of listeners) {
    c.ws.on('message', () => {
      received++;
      lastAt = performance.now();
    });
  }
  const start = performance.now();
  for (let i = 0; i < events; i++) speaker.send({ type: i % 2 === 0 ? 'typing' : 'stop_typing', channel_id: channel });
  // Done once nothing more arrives for half a second (whom each event reaches is the channel's business).
  for (let seen = -1; seen !== received; ) {
    seen = received;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const rate = received / ((lastAt - start) / 1000);
  for (const c of listeners) await c.close();
  return rate;
}
if (runs('fan-out')) {
  progress('fan-out');
  const oneNode = await fanOut([a]);
  const twoNodes = await fanOut([a, b]);
  rows.push([`fan-out to ${subscribers}, all on one node`, `${Math.round(oneNode).toLocaleString('en')} deliveries/s`]);
  rows.push([`fan-out to ${subscribers}, over two nodes`, `${Math.round(twoNodes).toLocaleString('en')} deliveries/s (${(twoNodes / oneNode).toFixed(2)}×)`]);
}

if (runs('failover')) {
  // Failover: whoever owns t-1 (a created it) is killed; a socket on the survivor asks for the table and waits.
  progress('failover');
  const failovers: number[] = [];
  let [owning, surviving] = [a, b];
  for (let k = 0; k < kills; k++) {
    const watcher = await connect(surviving.wsUrl('/poker/ws'));
    await watcher.next('SESSION');
    await owning.crash();
    const killedAt = performance.now();
    watcher.send({ type: 'WATCH', cmdId: `w${k}`, tableId: 't-1' });
    await watcher.next('TABLE_SNAPSHOT', 30_000);
    failovers.push(performance.now() - killedAt);
    await watcher.close();
    const restarted = await node();
    nodes.splice(nodes.indexOf(owning), 1, restarted);
    [owning, surviving] = [surviving, restarted];
}
rows.push([`failover, kill -9 → first answer (${kills} kills)`, `min ${Math.round(Math.min(...failovers))} / median ${Math.round(quantile(failovers, 0.5))} / max ${Math.round(Math.max(...failovers))} ms`]);
}

if (runs('pong')) {
  // Pong: each match is created on one node, then played from a socket on the other.
  progress('pong');
  const [home, away] = nodes;
  const late: number[] = [];
  const players: TestClient[] = [];
  for (let m = 0; m < matches; m++) {
    const first = await connect(home.wsUrl('/pong/ws'));
    first.send({ type: 'connect', data: {} });
    const sessionId = (await first.next('session_created')).data.sessionId;
    await first.close();
    const c = await connect(away.wsUrl('/pong/ws'));
    c.send({ type: 'connect', data: { userId: sessionId } });
    await c.next('session_created');
    c.send({ type: 'start_calibration' });
    const feeding = setInterval(() => {
      const step = c.received.filter((f) => f?.type === 'calibration_step').at(-1)?.data.step;
      const bias = step === 'left' ? 0.3 : step === 'right' ? -0.3 : 0;
      c.send({ type: 'calibration_sample', data: { signals: { up: 0, down: 0, left: 0.5 + bias / 2 + (Math.random() - 0.5) * 0.1, right: 0.5 - bias / 2 }, timestamp: Date.now() } });
    }, 10);
    await c.next('calibration_complete', 10_000);
    clearInterval(feeding);
    c.send({ type: 'start_game', data: {} });
    players.push(c);
}
const arrivals = new Map<TestClient, number>();
const inputs = setInterval(() => {
  for (const c of players) c.send({ type: 'input_command', data: { direction: 'NEUTRAL', timestamp: Date.now() } });
}, 17);
for (const c of players) {
  c.ws.on('message', (data) => {
    if (!data.toString().startsWith('{"type":"game_state"')) return;
    const now = performance.now();
    const last = arrivals.get(c);
    if (last !== undefined) late.push(Math.max(0, now - last - 1000 / 60));
    arrivals.set(c, now);
  });
}
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
clearInterval(inputs);
rows.push([`pong, ${matches} matches, socket and actor on different nodes`, `lateness p50 ${quantile(late, 0.5).toFixed(1)} / p99 ${quantile(late, 0.99).toFixed(1)} / max ${Math.max(...late).toFixed(1)} ms (${late.length} frames)`]);
for (const c of players) await c.close();
}

const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\ncluster bench: 2 nodes + nats-server on ${process.platform}, ${(await import('node:os')).cpus().length} cores\n`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
for (const n of nodes) await n.stop();
await nats.destroy();
await pg.destroy();
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
process.exit(0);
