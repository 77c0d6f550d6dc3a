/**
 * `npm run bench -- peers`: Actorcade side by side with its peers, one run, same work,
 * same machine and pinning (server on one core, load on the other).
 *
 * - **Colyseus 0.18**: a room per match running OUR pong tick (machines/pong, imported) at
 *   60 Hz, state patched at `patchRate` 1000/60, one `@colyseus/sdk` client per match sending
 *   60 inputs/s (bench/peers/colyseus-*.ts), against Actorcade and the bare uWS loop under the
 *   burst input pattern (the SDK's). Prints server CPU per match-tick and lateness per M, then
 *   `vs colyseus: X.XX` (Colyseus ÷ ours, median over M). Its uWebSockets.js transport runs too.
 * - **Socket.IO 4**: fan-out of a 150-byte event to a room of 100 sockets, beside Actorcade's
 *   channel fan-out and bare `app.publish`, all from the raw-frame load generator (Engine.IO
 *   over a WebSocket is plain text frames): deliveries/s and server CPU per delivery, then
 *   `vs socket.io fan-out: X.XX` (Socket.IO ÷ ours).
 * - **Memory**: RSS (and heap) per idle connection and per idle session actor on Actorcade,
 *   per idle room with its client on Colyseus.
 *
 * The peers live in bench/peers/ with their own package.json, installed on first use
 * (`npm ci --prefix bench/peers`), never in the server's dependencies.
 *
 * Flags: --matches 250,500,1000  --seconds 5  --warmup 6  --runs 1  --inputs burst|spread
 *        --subscribers 100  --event-bytes 150  --fanout-runs 3  --fanout-seconds 3  --depth 8
 *        --idle 1000  --only pong,fanout,memory  --no-uws  --nice N
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './lib-raw-ws.js';
import { measureGateway, type GatewaySample, type GatewayTarget } from './lib-gateway-measure.js';
import { measureMemory, type MemorySample } from './lib-memory-measure.js';
import { holds60Hz, measurePong, medianPongSample, type InputPattern, type PongSample, type PongTarget } from './lib-pong-measure.js';
import { belowFullSize, goal, writeResult, type Figure } from './lib-results.js';
import { root } from './lib-spawn.js';
import { barChart, lineChart, type Series } from './lib-svg-plot.js';

const full = {
  matches: '250,500,1000', seconds: '5', warmup: '6', runs: '1', subscribers: '100', 'event-bytes': '150',
  'fanout-runs': '3', 'fanout-seconds': '3', idle: '1000', only: 'pong,fanout,memory',
};
const { values } = parseArgs({
  options: {
    matches: { type: 'string', default: full.matches },
    seconds: { type: 'string', default: full.seconds },
    warmup: { type: 'string', default: full.warmup },
    runs: { type: 'string', default: full.runs },
    inputs: { type: 'string', default: 'burst' },
    subscribers: { type: 'string', default: full.subscribers },
    'event-bytes': { type: 'string', default: full['event-bytes'] },
    'fanout-runs': { type: 'string', default: full['fanout-runs'] },
    'fanout-seconds': { type: 'string', default: full['fanout-seconds'] },
    depth: { type: 'string', default: '8' },
    idle: { type: 'string', default: full.idle },
    only: { type: 'string', default: full.only },
    'no-uws': { type: 'boolean', default: false },
    'server-core': { type: 'string', default: '0' },
    'load-core': { type: 'string', default: '1' },
    nice: { type: 'string', default: '0' },
  },
});
const parts = new Set(values.only!.split(','));
const inputs = values.inputs as InputPattern;
if (inputs !== 'burst' && inputs !== 'spread') throw new Error(`--inputs must be burst or spread, not ${inputs}`);
const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a');

const peersDir = join(root, 'bench', 'peers');
if (!existsSync(join(peersDir, 'node_modules'))) {
  console.error('bench/peers: installing Colyseus and Socket.IO (npm ci --prefix bench/peers) …');
  const install = spawnSync('npm', ['ci', '--prefix', peersDir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error('bench/peers: npm ci failed; the peers cannot run');
}
const uwsInstalled = existsSync(join(peersDir, 'node_modules', '@colyseus', 'uwebsockets-transport', 'package.json'));
let uwsNote = values['no-uws'] ? 'not run (--no-uws)' : uwsInstalled ? '' : 'not run: @colyseus/uwebsockets-transport is not installed';

const pongOptions = {
  seconds: values.seconds!,
  warmup: values.warmup!,
  inputs,
  serverCore: values['server-core']!,
  loadCore: values['load-core']!,
  nice: Number(values.nice),
};
const body: string[] = [];
const figures: Figure[] = [];
const charts: Record<string, string> = {};
const checkReason = belowFullSize(values, full);
const subtitle = checkReason ? 'check run: not a measurement' : undefined;
console.log(`peers bench: ${[...parts].join(', ')}; server on core ${values['server-core']}, load on core ${values['load-core']}`);

// ---- Colyseus: the 60 Hz pong loop -------------------------------------------------------
if (parts.has('pong')) {
  const counts = values.matches!.split(',').map(Number);
  const targets: PongTarget[] = ['actorcade', 'bare', 'colyseus', ...(uwsNote ? [] : (['colyseus-uws'] as const))];
  const rows: { m: number; by: Partial<Record<PongTarget, PongSample>> }[] = [];
  for (const m of counts) {
    const samples = new Map<PongTarget, PongSample[]>();
    for (let run = 1; run <= Number(values.runs); run++) {
      for (const target of targets) {
        if (target === 'colyseus-uws' && uwsNote) continue;
        try {
          const s = await measurePong(target, m, pongOptions);
          samples.set(target, [...(samples.get(target) ?? []), s]);
          console.error(`  M=${m} run ${run}: ${target} ${fmt(s.usPerMatchTick)} µs/match-tick, p99 late ${fmt(s.late.p99)} ms, min ${fmt(s.rateMin)} states/s, load CPU ${fmt(100 * s.loadCpu, 0)}%`);
        } catch (error) {
          if (target !== 'colyseus-uws') throw error;
          uwsNote = `not run: its server did not start (${(error as Error).message})`;
        }
      }
    }
    const by: Partial<Record<PongTarget, PongSample>> = {};
    for (const [target, all] of samples) by[target] = medianPongSample(all);
    rows.push({ m, by });
  }
  const cell = (s?: PongSample) =>
    s ? `${fmt(s.usPerMatchTick)} µs, ${fmt(s.late.p99)} ms, ${fmt(s.rateMin, 1)}/s, CPU ${fmt(100 * s.serverCpu, 0)}%${s.loadCpu > 0.9 ? ' (client-bound)' : ''}` : 'n/a';
  const withUws = targets.includes('colyseus-uws') && !uwsNote;
  const table = [
    `Inputs: **${inputs}**. Each cell: server CPU per match-tick, p99 tick lateness, slowest client's states (patches) per second, server CPU.`,
    '',
    `| M | Actorcade | bare uWS loop | Colyseus (ws) | ${withUws ? 'Colyseus (uWS) | ' : ''}Colyseus ÷ ours | load CPU ours / Colyseus |`,
    `| ---: | --- | --- | --- | ${withUws ? '--- | ' : ''}---: | --- |`,
    ...rows.map(({ m, by }) =>
      `| ${m} | ${cell(by.actorcade)} | ${cell(by.bare)} | ${cell(by.colyseus)} | ${withUws ? `${cell(by['colyseus-uws'])} | ` : ''}${fmt(by.colyseus!.usPerMatchTick / by.actorcade!.usPerMatchTick)} | ${fmt(100 * by.actorcade!.loadCpu, 0)}% / ${fmt(100 * by.colyseus!.loadCpu, 0)}% |`,
    ),
  ];
  const vs = median(rows.map((r) => r.by.colyseus!.usPerMatchTick / r.by.actorcade!.usPerMatchTick));
  const vsUws = withUws ? median(rows.map((r) => r.by['colyseus-uws']!.usPerMatchTick / r.by.actorcade!.usPerMatchTick)) : NaN;
  const maxHeld = (t: PongTarget) => Math.max(0, ...rows.filter((r) => r.by[t] && holds60Hz(r.by[t]!)).map((r) => r.m));
  const summary = [
    `max matches at 60 Hz (${inputs} inputs): Actorcade ${maxHeld('actorcade')}, bare loop ${maxHeld('bare')}, Colyseus ${maxHeld('colyseus')}${withUws ? `, Colyseus (uWS) ${maxHeld('colyseus-uws')}` : ''}`,
    `Colyseus uWebSockets.js transport: ${withUws ? `vs colyseus (uWS transport): ${fmt(vsUws)}` : uwsNote}`,
    `vs colyseus: ${fmt(vs)}`,
  ];
  console.log(['', ...table, '', ...summary].join('\n'));
  body.push(
    '## Colyseus 0.18: the 60 Hz pong loop',
    '',
    `One room per match running machines/pong's tick at 60 Hz (\`setSimulationInterval\`), its state a flat schema of what \`game_state\` carries, patched at \`patchRate\` 1000/60; one \`@colyseus/sdk\` client per room sending \`input\` at 60 Hz. Colyseus's lateness: how far each room's simulation callback ran past one period after its previous one (each room has its own timer); Actorcade's and the bare loop's: how far each frame started after its schedule. CPU per match-tick: server CPU from /proc ÷ match-ticks (room-ticks).`,
    '',
    ...table,
    '',
    ...summary.map((line) => `- ${line}`),
    '',
  );
  figures.push(goal('peers: `vs colyseus:` Colyseus ÷ ours, CPU per match-tick (burst inputs, median over M)', fmt(vs), vs, '>=', 1.5));
  if (withUws) figures.push({ label: 'peers: Colyseus on its uWebSockets.js transport ÷ ours, CPU per match-tick', value: fmt(vsUws) });
  const colors: Partial<Record<PongTarget, [string, string]>> = {
    actorcade: ['Actorcade', '#1f6fd1'],
    bare: ['bare uWS loop', '#2a9d4a'],
    colyseus: ['Colyseus (ws)', '#d1401f'],
    'colyseus-uws': ['Colyseus (uWS)', '#9b3fd1'],
  };
  const series = (metric: (s: PongSample) => number): Series[] =>
    targets
      .filter((t) => rows.every((r) => r.by[t]))
      .map((t) => ({ name: colors[t]![0], color: colors[t]![1], points: rows.map((r) => [r.m, metric(r.by[t]!)] as [number, number]) }));
  charts['peers-pong'] = lineChart({ title: `p99 tick lateness by matches (${inputs} inputs)`, subtitle, xLabel: 'matches (M)', yLabel: 'p99 tick lateness (ms, log scale)', series: series((s) => s.late.p99), reference: { y: 2, label: '2 ms goal' }, log: 0.1 });
  charts['peers-pong-cpu'] = lineChart({ title: `Server CPU per match-tick (${inputs} inputs)`, subtitle, xLabel: 'matches (M)', yLabel: 'µs per match-tick', series: series((s) => s.usPerMatchTick) });
}

// ---- Socket.IO: fan-out ------------------------------------------------------------------
if (parts.has('fanout')) {
  const targets: GatewayTarget[] = ['bare', 'actorcade', 'socketio'];
  const names: Record<GatewayTarget, string> = { bare: 'bare uWS `app.publish`', actorcade: 'Actorcade (channel `voice_speaking`)', socketio: 'Socket.IO 4 (`io.to(room).emit`)' };
  const samples = new Map<GatewayTarget, GatewaySample[]>();
  for (let run = 1; run <= Number(values['fanout-runs']); run++) {
    for (const target of targets) {
      const s = await measureGateway(target, 'fanout', {
        seconds: values['fanout-seconds']!,
        warmup: '1',
        connections: values.subscribers!,
        depth: values.depth!,
        serverCore: values['server-core']!,
        loadCore: values['load-core']!,
        eventBytes: Number(values['event-bytes']),
      });
      samples.set(target, [...(samples.get(target) ?? []), s]);
      console.error(`  fan-out run ${run}: ${target} ${Math.round(s.perSecond).toLocaleString('en-US')} deliveries/s, ${fmt(s.serverUsPerFrame)} µs/delivery, ${s.eventBytes} B, load CPU ${fmt(100 * s.loadCpu, 0)}%`);
    }
  }
  const row = (t: GatewayTarget) => {
    const all = samples.get(t)!;
    return { rate: median(all.map((s) => s.perSecond)), us: median(all.map((s) => s.serverUsPerFrame)), load: median(all.map((s) => s.loadCpu)), bytes: all[all.length - 1].eventBytes };
  };
  const table = [
    `| server | deliveries/s (median) | server CPU per delivery | event bytes (last delivered; Actorcade’s \`speaking: false\` is one byte longer) | load CPU | note |`,
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...targets.map((t) => {
      const r = row(t);
      return `| ${names[t]} | ${Math.round(r.rate).toLocaleString('en-US')} | ${fmt(r.us)} µs | ${r.bytes} | ${fmt(100 * r.load, 0)}% | ${r.load > 0.9 ? 'client-bound' : ''} |`;
    }),
  ];
  const vs = row('socketio').us / row('actorcade').us;
  console.log(['', ...table, '', `vs socket.io fan-out: ${fmt(vs)}`].join('\n'));
  body.push(
    `## Socket.IO 4: fan-out to ${values.subscribers} sockets`,
    '',
    `One publisher keeps ${values.depth} broadcasts in flight to a room of ${values.subscribers} sockets (it is in the room too and sends the next when it hears its own); every event is padded to ${values['event-bytes']} bytes as delivered. All three from the raw-frame load generator: Socket.IO with its WebSocket transport only (Engine.IO 4 frames: \`40\` to join, \`42[…]\` events). Medians of ${values['fanout-runs']} runs × ${values['fanout-seconds']} s.`,
    '',
    ...table,
    '',
    `- vs socket.io fan-out: ${fmt(vs)}`,
    '',
  );
  figures.push(goal('peers: `vs socket.io fan-out:` Socket.IO ÷ ours, CPU per delivery', fmt(vs), vs, '>=', 3));
  charts['peers-fanout'] = barChart({ title: `Fan-out to ${values.subscribers} sockets: server CPU per delivery`, subtitle, unit: 'µs', bars: targets.map((t) => ({ label: names[t].replace(/`/g, ''), value: row(t).us, color: t === 'actorcade' ? '#1f6fd1' : t === 'bare' ? '#2a9d4a' : '#d1401f' })) });
}

// ---- Memory --------------------------------------------------------------------------------
if (parts.has('memory')) {
  const count = Number(values.idle);
  const ours: MemorySample = await measureMemory('actorcade', count, pongOptions);
  const colyseus: MemorySample = await measureMemory('colyseus', count, pongOptions);
  const both = { rssBytes: ours.connection!.rssBytes + ours.actor!.rssBytes, heapBytes: ours.connection!.heapBytes + ours.actor!.heapBytes };
  const lines = [
    `memory per idle connection: Actorcade ${kb(ours.connection!.rssBytes)} RSS (${kb(ours.connection!.heapBytes)} heap)`,
    `memory per idle session actor: Actorcade ${kb(ours.actor!.rssBytes)} RSS (${kb(ours.actor!.heapBytes)} heap)`,
    `memory per idle client with its session: Actorcade ${kb(both.rssBytes)} RSS (${kb(both.heapBytes)} heap), Colyseus (a client in an idle room) ${kb(colyseus.room!.rssBytes)} RSS (${kb(colyseus.room!.heapBytes)} heap)`,
  ];
  console.log(['', ...lines].join('\n'));
  body.push(
    `## Memory: ${count} idle clients`,
    '',
    `The server's RSS (/proc) and heap (after a forced GC) before and after ${count} idle clients, ÷ ${count}. Actorcade: raw-frame sockets to \`/pong/ws\` that send nothing (a connection), then \`connect\` on each (an idle pong session actor, waiting for calibration). Colyseus: ${count} SDK clients, each creating its own idle room (no simulation; Colyseus's default patch timer), since a Colyseus client is always in a room.`,
    '',
    ...lines.map((line) => `- ${line}`),
    '',
  );
  figures.push({ label: 'peers: memory per idle connection / idle session actor (Actorcade, RSS)', value: `${kb(ours.connection!.rssBytes)} / ${kb(ours.actor!.rssBytes)}` });
  figures.push({ label: 'peers: memory per idle client with its session, Actorcade / Colyseus (RSS)', value: `${kb(both.rssBytes)} / ${kb(colyseus.room!.rssBytes)}` });
}

const file = writeResult({
  bench: 'peers',
  title: 'Peers bench: Colyseus 0.18 and Socket.IO 4 beside Actorcade',
  command: `npm run bench -- peers --matches ${values.matches} --seconds ${values.seconds} --warmup ${values.warmup} --runs ${values.runs} --inputs ${inputs} --subscribers ${values.subscribers} --event-bytes ${values['event-bytes']} --fanout-runs ${values['fanout-runs']} --fanout-seconds ${values['fanout-seconds']} --idle ${values.idle} --only ${values.only}`,
  duration: 'about 10 minutes',
  checkReason,
  method: [
    'Server pinned to one core, load generator to the other (`taskset`); server CPU from /proc. Peers installed from bench/peers/package-lock.json (Colyseus 0.18: @colyseus/core 0.18.17, ws-transport 0.18.4, uwebsockets-transport 0.18.2 on the uWebSockets.js 20.30 build the server uses, schema 5.0.34, sdk 0.18.4; Socket.IO 4.8.4).',
  ],
  body,
  figures,
  charts,
});
console.log(`\nwrote ${file}`);
