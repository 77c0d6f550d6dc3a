/**
 * `npm run bench -- pong`: the 60 Hz pong loop. For each M, M clients play real
 * matches over /pong/ws (calibrate, start_game, input_command at 60 Hz) from a raw-frame
 * load generator in its own process. Server pinned to one core, load to the other.
 * The same load also runs against a bare uWS loop doing the same physics + stringify +
 * send per match (bench/lib-pong-bare.ts): the ratio of CPU per match-tick is bare / ours.
 *
 * Flags: --matches 250,500,1000,2000,3000  --seconds 5  --warmup 6  --runs 1  --no-bare
 *        --url http://host:port  (a running server: no spawning, CPU from its /api/pong/loop)
 *        --admin-token JWT  (with --url beyond loopback: an administrator's token, for ?reset=1)
 *        --nice N  (shared machine: run server and load at nice −N)
 * The warm-up (6 s by default, after every match has started) lets JIT tiering, the heap's growth to
 * its steady size and the first full GC pass before the measured window: with 2 s, those one-off
 * pauses decided p99 lateness.
 * Last line: `max matches at 60 Hz: M` — the largest M with p99 lateness < 2 ms and
 * every client ≥ 59.5 states/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, processCpuSeconds } from './lib-raw-ws.js';
import type { LoopStats } from '../src/sessions/pong/loop-stats.js';

const { values } = parseArgs({
  options: {
    matches: { type: 'string', default: '250,500,1000,2000,3000' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '6' },
    runs: { type: 'string', default: '1' },
    url: { type: 'string' },
    'no-bare': { type: 'boolean', default: false },
    /** An administrator's JWT, for `--url` servers beyond loopback (their `?reset=1` needs one). */
    'admin-token': { type: 'string' },
    'server-core': { type: 'string', default: '0' },
    'load-core': { type: 'string', default: '1' },
    out: { type: 'string', default: 'bench/results/pong.md' },
    /** Run server and load at a higher scheduling priority (nice −N; needs root) on a shared machine. */
    nice: { type: 'string', default: '0' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const counts = values.matches!.split(',').map(Number);
const runs = Number(values.runs);

function node(script: string, core: string, env: Record<string, string>, args: string[] = [], nodeFlags: string[] = []) {
  const niceness = Number(values.nice);
  const command = ['-c', core, process.execPath, ...nodeFlags, '--import', 'tsx', join(root, script), ...args];
  return spawn(niceness ? 'nice' : 'taskset', niceness ? ['-n', String(-niceness), 'taskset', ...command] : command, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function lines(child: ChildProcess, onLine: (line: string) => void) {
  createInterface({ input: child.stdout! }).on('line', onLine);
}

async function startServer(target: 'actorcade' | 'bare') {
  const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-pong-bench-'));
  const child =
    target === 'bare'
      ? node('bench/lib-pong-bare.ts', values['server-core']!, { PORT: '0' }, [], ['--expose-gc'])
      : node(
          'src/main.ts',
          values['server-core']!,
          {
            PORT: '0',
            HOST: '127.0.0.1',
            DATA_DIR: dataDir,
            LOG_LEVEL: 'warn',
            CHARTS: '0',
            // Short calibration so M matches start quickly; a match never ends during the window.
            PONG_CAL_BASELINE_MS: '400',
            PONG_CAL_TRIAL_MS: '250',
            PONG_CAL_MIN_SAMPLES: '3',
            PONG_TARGET_SCORE: '1000000',
          },
          [],
          ['--expose-gc'],
        );
  const url = await new Promise<string>((resolve, reject) => {
    lines(child, (line) => {
      const match = line.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`${target} server exited (${code}) before listening`)));
  });
  return {
    url,
    pid: child.pid!,
    stop() {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function loopStats(url: string, query = ''): Promise<LoopStats> {
  const token = values['admin-token'];
  const res = await fetch(`${url}/api/pong/loop${query}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (!res.ok) throw new Error(`/api/pong/loop: HTTP ${res.status} (is PONG_LOOP_STATS on?)`);
  return res.json() as Promise<LoopStats>;
}

interface Sample {
  matches: number;
  late: LoopStats['lateMs'];
  rateMin: number;
  rateMedian: number;
  latencyP50: number;
  latencyP99: number;
  usPerMatchTick: number;
  bytesPerMatch: number;
  loadCpu: number;
  serverCpu: number;
  errors: Record<string, number>;
  started: number;
}

async function measure(target: 'actorcade' | 'bare', matches: number): Promise<Sample> {
  const server = values.url ? undefined : await startServer(target);
  const url = values.url ?? server!.url;
  try {
    const idle = await loopStats(url, '?gc=1');
    const load = node('bench/lib-pong-load.ts', values['load-core']!, {}, [
      '--url', url, '--matches', String(matches), '--warmup', values.warmup!, '--seconds', values.seconds!, '--target', target,
    ]);
    let cpuAtStart = 0;
    let wallAtStart = 0;
    let memory = 0;
    const end = await new Promise<any>((resolve, reject) => {
      lines(load, async (line) => {
        const message = JSON.parse(line);
        if (message.phase === 'ready') {
          const busy = await loopStats(url, '?gc=1');
          memory = (busy.heapUsedBytes - idle.heapUsedBytes) / matches;
        }
        if (message.phase === 'start') {
          await loopStats(url, '?reset=1');
          if (server) cpuAtStart = await processCpuSeconds(server.pid);
          wallAtStart = performance.now();
        }
        if (message.phase === 'end') {
          const stats = await loopStats(url);
          const serverCpu = server ? (await processCpuSeconds(server.pid)) - cpuAtStart : stats.cpuUs / 1e6;
          resolve({ ...message, stats, serverCpu, wall: (performance.now() - wallAtStart) / 1000 });
        }
      });
      load.on('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    });
    return {
      matches,
      late: end.stats.lateMs,
      rateMin: end.rateMin,
      rateMedian: end.rateMedian,
      latencyP50: end.latencyP50,
      latencyP99: end.latencyP99,
      usPerMatchTick: (end.serverCpu * 1e6) / Math.max(1, end.stats.matchTicks),
      bytesPerMatch: memory,
      loadCpu: end.loadCpu,
      serverCpu: end.serverCpu / end.wall,
      errors: end.errors,
      started: end.started,
    };
  } finally {
    server?.stop();
  }
}

const pick = (all: Sample[], f: (s: Sample) => number) => median(all.map(f));
const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

console.log(
  `pong bench: M = ${counts.join(', ')}; ${runs} run(s) × ${values.seconds} s (+${values.warmup} s warm-up); ` +
    (values.url ? `server at ${values.url}` : `server on core ${values['server-core']}, load on core ${values['load-core']} (${cpus()[0]?.model ?? 'cpu'})`),
);
const rows: { m: number; ours: Sample; bare?: Sample }[] = [];
for (const m of counts) {
  const ours: Sample[] = [];
  const bare: Sample[] = [];
  for (let run = 1; run <= runs; run++) {
    const o = await measure('actorcade', m);
    ours.push(o);
    console.error(`  M=${m} run ${run}: ours ${fmt(o.usPerMatchTick)} µs/match-tick, p99 late ${fmt(o.late.p99)} ms, min ${fmt(o.rateMin)} states/s, load CPU ${fmt(100 * o.loadCpu, 0)}%${Object.keys(o.errors).length ? `, errors ${JSON.stringify(o.errors)}` : ''}`);
    if (!values['no-bare'] && !values.url) {
      const b = await measure('bare', m);
      bare.push(b);
      console.error(`  M=${m} run ${run}: bare ${fmt(b.usPerMatchTick)} µs/match-tick, p99 late ${fmt(b.late.p99)} ms, min ${fmt(b.rateMin)} states/s`);
    }
  }
  const med = (all: Sample[]): Sample => ({
    matches: m,
    late: { p50: pick(all, (s) => s.late.p50), p99: pick(all, (s) => s.late.p99), max: pick(all, (s) => s.late.max) },
    rateMin: pick(all, (s) => s.rateMin),
    rateMedian: pick(all, (s) => s.rateMedian),
    latencyP50: pick(all, (s) => s.latencyP50),
    latencyP99: pick(all, (s) => s.latencyP99),
    usPerMatchTick: pick(all, (s) => s.usPerMatchTick),
    bytesPerMatch: pick(all, (s) => s.bytesPerMatch),
    loadCpu: pick(all, (s) => s.loadCpu),
    serverCpu: pick(all, (s) => s.serverCpu),
    errors: Object.assign({}, ...all.map((s) => s.errors)),
    started: Math.min(...all.map((s) => s.started)),
  });
  rows.push({ m, ours: med(ours), bare: bare.length ? med(bare) : undefined });
}

const holds = (s: Sample) => s.late.p99 < 2 && s.rateMin >= 59.5;
const table = [
  '| M | tick lateness p50 / p99 / max (ms) | game_state/s per client (min / median) | input → state p50 / p99 (ms) | server CPU per match-tick | server CPU | memory per match | load CPU | bare: µs per match-tick, p99 late | ratio bare/ours | note |',
  '| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |',
];
for (const { m, ours, bare } of rows) {
  const notes = [
    holds(ours) ? 'holds 60 Hz' : 'misses 60 Hz',
    ours.loadCpu > 0.9 ? 'client-bound' : '',
    ours.started < m ? `only ${ours.started} of ${m} matches started` : '',
    Object.keys(ours.errors).length ? `errors ${Object.entries(ours.errors).map(([k, v]) => `${k}×${v}`).join(' ')}` : '',
  ].filter(Boolean).join(', ');
  table.push(
    `| ${m} | ${fmt(ours.late.p50)} / ${fmt(ours.late.p99)} / ${fmt(ours.late.max)} | ${fmt(ours.rateMin)} / ${fmt(ours.rateMedian)} | ${fmt(ours.latencyP50, 1)} / ${fmt(ours.latencyP99, 1)} | ${fmt(ours.usPerMatchTick)} µs | ${fmt(100 * ours.serverCpu, 0)}% | ${fmt(ours.bytesPerMatch / 1024, 1)} KB | ${fmt(100 * ours.loadCpu, 0)}% | ` +
      (bare ? `${fmt(bare.usPerMatchTick)} µs, ${fmt(bare.late.p99)} ms` : 'n/a') +
      ` | ${bare ? fmt(bare.usPerMatchTick / ours.usPerMatchTick) : 'n/a'} | ${notes} |`,
  );
}
const held = rows.filter((r) => holds(r.ours)).map((r) => r.m);
const maxMatches = held.length ? Math.max(...held) : 0;
const bareHeld = rows.filter((r) => r.bare && holds(r.bare)).map((r) => r.m);

console.log(table.join('\n'));
const ratioRows = rows.filter((r) => r.bare);
if (ratioRows.length) {
  console.log(`ratio of CPU per match-tick, bare / ours (median over M): ${fmt(median(ratioRows.map((r) => r.bare!.usPerMatchTick / r.ours.usPerMatchTick)))}`);
  console.log(`bare loop holds 60 Hz up to M = ${bareHeld.length ? Math.max(...bareHeld) : 0}`);
}

if (!values.url) {
  const outFile = resolve(root, values.out!);
  const svgFile = outFile.replace(/\.md$/, '') + '.svg';
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(svgFile, plot(rows));
  writeFileSync(
    outFile,
    [
      '# Pong loop bench',
      '',
      `Command: \`npm run bench -- pong --matches ${values.matches} --seconds ${values.seconds} --warmup ${values.warmup} --runs ${runs}${Number(values.nice) ? ` --nice ${values.nice}` : ''}\``,
      `Load average at the end of the run (other work shares this machine): ${loadavg().map((l) => l.toFixed(2)).join(', ')}.`,
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; server pinned to core ${values['server-core']}, load generator (raw-frame sockets) to core ${values['load-core']}. Date: ${new Date().toISOString()}.`,
      '',
      'Each client calibrates, starts a match and sends `input_command` at 60 Hz; the server sends `game_state` at 60 Hz.',
      'Lateness: how far after its schedule each loop frame started (all matches tick in one frame). CPU per match-tick: server process CPU (from /proc) over the measured window ÷ match-ticks run (so it includes input handling and sends). Memory: heap growth after GC ÷ M. Bare: uWS + the same pure tick + stringify + send, no bus/actor/codec.',
      '',
      table.join('\n'),
      '',
      `![CPU per match-tick and p99 lateness by M](${basename(svgFile)})`,
      '',
      `max matches at 60 Hz: ${maxMatches}`,
      '',
    ].join('\n'),
  );
}
console.log(`max matches at 60 Hz: ${maxMatches}`);

/** A small SVG: µs per match-tick (ours, bare) and p99 lateness (ours) against M. */
function plot(data: typeof rows): string {
  const W = 640, H = 320, L = 60, R = 60, T = 30, B = 40;
  const xs = data.map((r) => r.m);
  const maxX = Math.max(...xs);
  const maxUs = Math.max(1, ...data.flatMap((r) => [r.ours.usPerMatchTick, r.bare?.usPerMatchTick ?? 0])) * 1.15;
  const maxLate = Math.max(2.5, ...data.map((r) => r.ours.late.p99)) * 1.15;
  const x = (m: number) => L + ((W - L - R) * m) / maxX;
  const yUs = (v: number) => H - B - ((H - T - B) * v) / maxUs;
  const yLate = (v: number) => H - B - ((H - T - B) * v) / maxLate;
  const line = (points: [number, number][], color: string, dash = '') =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${points.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>` +
    points.map(([a, b]) => `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3" fill="${color}"/>`).join('');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#444"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#444"/><line x1="${W - R}" y1="${T}" x2="${W - R}" y2="${H - B}" stroke="#444"/>`,
    ...xs.map((m) => `<text x="${x(m)}" y="${H - B + 15}" text-anchor="middle">${m}</text>`),
    `<text x="${(W - L - R) / 2 + L}" y="${H - 8}" text-anchor="middle">matches (M)</text>`,
    `<text x="12" y="${T - 12}">µs CPU per match-tick</text><text x="${W - 12}" y="${T - 12}" text-anchor="end">p99 tick lateness (ms)</text>`,
    ...[0, 0.5, 1].map((f) => `<text x="${L - 6}" y="${yUs(maxUs * f) + 4}" text-anchor="end">${(maxUs * f).toFixed(1)}</text><text x="${W - R + 6}" y="${yLate(maxLate * f) + 4}">${(maxLate * f).toFixed(1)}</text>`),
    `<line x1="${L}" y1="${yLate(2)}" x2="${W - R}" y2="${yLate(2)}" stroke="#c00" stroke-dasharray="2,3"/><text x="${W - R - 4}" y="${yLate(2) - 4}" text-anchor="end" fill="#c00">2 ms</text>`,
    line(data.map((r) => [x(r.m), yUs(r.ours.usPerMatchTick)]), '#1f6fd1'),
    data.some((r) => r.bare) ? line(data.filter((r) => r.bare).map((r) => [x(r.m), yUs(r.bare!.usPerMatchTick)]), '#2a9d4a', '5,3') : '',
    line(data.map((r) => [x(r.m), yLate(r.ours.late.p99)]), '#d1781f'),
    `<text x="${L + 10}" y="${T + 12}" fill="#1f6fd1">Actorcade µs/match-tick</text><text x="${L + 10}" y="${T + 26}" fill="#2a9d4a">bare uWS µs/match-tick</text><text x="${L + 10}" y="${T + 40}" fill="#d1781f">Actorcade p99 lateness</text>`,
    '</svg>',
  ];
  return parts.join('\n');
}
