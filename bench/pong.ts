/**
 * `npm run bench -- pong`: the 60 Hz pong loop. For each M, M clients play real
 * matches over /pong/ws (calibrate, start_game, input_command at 60 Hz) from a raw-frame
 * load generator in its own process. Server pinned to one core, load to the other.
 * The same load also runs against a bare uWS loop doing the same physics + stringify +
 * send per match (bench/lib-pong-bare.ts): the ratio of CPU per match-tick is bare / ours.
 *
 * Flags: --matches 250,500,1000,2000,3000  --seconds 5  --warmup 6  --runs 1  --no-bare
 *        --inputs spread|burst|both  (default both: each M under both input patterns, see
 *                                     bench/lib-pong-load.ts; every table names its pattern)
 *        --url http://host:port  (a running server: no spawning, CPU from its /api/pong/loop)
 *        --admin-token JWT  (with --url beyond loopback: an administrator's token, for ?reset=1)
 *        --nice N  (shared machine: run server and load at nice −N)
 * The warm-up (6 s by default, after every match has started) lets JIT tiering, the heap's growth to
 * its steady size and the first full GC pass before the measured window: with 2 s, those one-off
 * pauses decided p99 lateness.
 * Both servers run with `--trace-gc-nvp`: bytes allocated per match-tick (the whole process:
 * inputs, tick and sends) and GC pause time per second come from V8's own lines (bench/lib-gc-trace.ts).
 * Last lines: `max matches at 60 Hz: M` per pattern — the largest M with p99 lateness < 2 ms and
 * every client ≥ 59.5 states/s — for ours and the bare loop.
 */
import { parseArgs } from 'node:util';
import { median } from './lib-raw-ws.js';
import { holds60Hz, measurePong, medianPongSample, type InputPattern, type PongSample } from './lib-pong-measure.js';
import { belowFullSize, goal, writeResult, type Figure } from './lib-results.js';
import { lineChart, type Series } from './lib-svg-plot.js';

const full = { matches: '250,500,1000,2000,3000', seconds: '5', warmup: '6', runs: '1', inputs: 'both' };
const { values } = parseArgs({
  options: {
    matches: { type: 'string', default: full.matches },
    seconds: { type: 'string', default: full.seconds },
    warmup: { type: 'string', default: full.warmup },
    runs: { type: 'string', default: full.runs },
    inputs: { type: 'string', default: full.inputs },
    url: { type: 'string' },
    'no-bare': { type: 'boolean', default: false },
    /** An administrator's JWT, for `--url` servers beyond loopback (their `?reset=1` needs one). */
    'admin-token': { type: 'string' },
    'server-core': { type: 'string', default: '0' },
    'load-core': { type: 'string', default: '1' },
    /** Run server and load at a higher scheduling priority (nice −N; needs root) on a shared machine. */
    nice: { type: 'string', default: '0' },
  },
});
const counts = values.matches!.split(',').map(Number);
const runs = Number(values.runs);
const patterns: InputPattern[] =
  values.inputs === 'both' ? ['spread', 'burst'] : values.inputs === 'spread' || values.inputs === 'burst' ? [values.inputs] : [];
if (!patterns.length) throw new Error(`--inputs must be spread, burst or both, not ${values.inputs}`);
const withBare = !values['no-bare'] && !values.url;

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(2)} KB` : 'n/a');

interface Row {
  m: number;
  ours: PongSample;
  bare?: PongSample;
}

console.log(
  `pong bench: M = ${counts.join(', ')}; inputs ${patterns.join(' and ')}; ${runs} run(s) × ${values.seconds} s (+${values.warmup} s warm-up); ` +
    (values.url ? `server at ${values.url}` : `server on core ${values['server-core']}, load on core ${values['load-core']}`),
);
const byPattern = new Map<InputPattern, Row[]>();
for (const inputs of patterns) {
  const options = {
    seconds: values.seconds!,
    warmup: values.warmup!,
    inputs,
    serverCore: values['server-core']!,
    loadCore: values['load-core']!,
    nice: Number(values.nice),
    url: values.url,
    adminToken: values['admin-token'],
  };
  const rows: Row[] = [];
  for (const m of counts) {
    const ours: PongSample[] = [];
    const bare: PongSample[] = [];
    for (let run = 1; run <= runs; run++) {
      const o = await measurePong('actorcade', m, options);
      ours.push(o);
      console.error(`  ${inputs} M=${m} run ${run}: ours ${fmt(o.usPerMatchTick)} µs/match-tick, p99 late ${fmt(o.late.p99)} ms, min ${fmt(o.rateMin)} states/s, ${kb(o.allocatedPerMatchTick)} allocated/match-tick, load CPU ${fmt(100 * o.loadCpu, 0)}%${Object.keys(o.errors).length ? `, errors ${JSON.stringify(o.errors)}` : ''}`);
      if (withBare) {
        const b = await measurePong('bare', m, options);
        bare.push(b);
        console.error(`  ${inputs} M=${m} run ${run}: bare ${fmt(b.usPerMatchTick)} µs/match-tick, p99 late ${fmt(b.late.p99)} ms, min ${fmt(b.rateMin)} states/s`);
      }
    }
    rows.push({ m, ours: medianPongSample(ours), bare: bare.length ? medianPongSample(bare) : undefined });
  }
  byPattern.set(inputs, rows);
}

const maxHeld = (samples: (PongSample | undefined)[]) => Math.max(0, ...samples.filter((s): s is PongSample => !!s && holds60Hz(s)).map((s) => s.matches));
const body: string[] = [];
const figures: Record<InputPattern, { maxOurs: number; maxBare: number; worstP99: number; cpuVsBare: number; alloc: number; gcPause: number }> = {} as never;
for (const [inputs, rows] of byPattern) {
  const table = [
    `Inputs: **${inputs}** (${inputs === 'spread' ? "each frame's inputs spread over 8 send times, as independent players" : "every client's input in one burst per frame, as SDK clients in one process"}).`,
    '',
    '| M | tick lateness p50 / p99 / max (ms) | game_state/s per client (min / median) | input → state p50 / p99 (ms) | server CPU per match-tick | server CPU | allocated per match-tick | GC pause per s (max) | memory per match | load CPU | bare: µs per match-tick, p99 late, allocated, GC | ratio bare/ours | note |',
    '| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |',
  ];
  for (const { m, ours, bare } of rows) {
    const notes = [
      holds60Hz(ours) ? 'holds 60 Hz' : 'misses 60 Hz',
      ours.loadCpu > 0.9 ? 'client-bound' : '',
      ours.started < m ? `only ${ours.started} of ${m} matches started` : '',
      Object.keys(ours.errors).length ? `errors ${Object.entries(ours.errors).map(([k, v]) => `${k}×${v}`).join(' ')}` : '',
    ].filter(Boolean).join(', ');
    table.push(
      `| ${m} | ${fmt(ours.late.p50)} / ${fmt(ours.late.p99)} / ${fmt(ours.late.max)} | ${fmt(ours.rateMin)} / ${fmt(ours.rateMedian)} | ${fmt(ours.latencyP50, 1)} / ${fmt(ours.latencyP99, 1)} | ${fmt(ours.usPerMatchTick)} µs | ${fmt(100 * ours.serverCpu, 0)}% | ${fmt(ours.allocatedPerMatchTick, 0)} B | ${fmt(ours.gcPauseMsPerSecond)} ms (${fmt(ours.gcMaxPauseMs)}) | ${kb(ours.bytesPerMatch)} | ${fmt(100 * ours.loadCpu, 0)}% | ` +
        (bare ? `${fmt(bare.usPerMatchTick)} µs, ${fmt(bare.late.p99)} ms, ${fmt(bare.allocatedPerMatchTick, 0)} B, ${fmt(bare.gcPauseMsPerSecond)} ms/s` : 'n/a') +
        ` | ${bare ? fmt(bare.usPerMatchTick / ours.usPerMatchTick) : 'n/a'} | ${notes} |`,
    );
  }
  const ratios = rows.filter((r) => r.bare).map((r) => r.bare!.usPerMatchTick / r.ours.usPerMatchTick);
  const maxOurs = maxHeld(rows.map((r) => r.ours));
  const maxBare = maxHeld(rows.map((r) => r.bare));
  const atMost80 = rows.filter((r) => r.ours.serverCpu <= 0.8);
  const cpuVsBare = Math.max(...[500, 1000].map((m) => rows.find((r) => r.m === m)).map((r) => (r?.bare ? r.ours.usPerMatchTick / r.bare.usPerMatchTick : NaN)));
  figures[inputs] = {
    maxOurs,
    maxBare,
    worstP99: atMost80.length ? Math.max(...atMost80.map((r) => r.ours.late.p99)) : NaN,
    cpuVsBare,
    alloc: median(rows.map((r) => r.ours.allocatedPerMatchTick)),
    gcPause: median(rows.map((r) => r.ours.gcPauseMsPerSecond)),
  };
  const summary = [
    ...(ratios.length ? [`ratio of CPU per match-tick, bare / ours (median over M, ${inputs} inputs): ${fmt(median(ratios))}`] : []),
    `p99 tick lateness per M (${inputs} inputs), ours: ${rows.map((r) => `${r.m}: ${fmt(r.ours.late.p99)} ms`).join(', ')}${withBare ? `; bare: ${rows.map((r) => `${r.m}: ${fmt(r.bare!.late.p99)} ms`).join(', ')}` : ''}`,
    `bytes allocated per match-tick (${inputs} inputs, whole server process), ours: ${rows.map((r) => `${r.m}: ${fmt(r.ours.allocatedPerMatchTick, 0)}`).join(', ')}`,
    `GC pause per second (${inputs} inputs), ours: ${rows.map((r) => `${r.m}: ${fmt(r.ours.gcPauseMsPerSecond)} ms`).join(', ')}`,
    `max matches at 60 Hz (${inputs} inputs): ${maxOurs}${withBare ? `; bare loop: ${maxBare}` : ''}`,
  ];
  console.log(['', ...table, '', ...summary].join('\n'));
  body.push(...table, '', ...summary.map((line) => `- ${line}`), '');
}

const patternsRun = [...byPattern.keys()];
const each = (f: (p: InputPattern) => string) => patternsRun.map((p) => `${p}: ${f(p)}`).join('; ');
const all = (f: (p: InputPattern) => boolean) => patternsRun.every(f);
const results: Figure[] = [
  { ...goal('pong: p99 tick lateness where server CPU ≤ 80%', each((p) => `${fmt(figures[p].worstP99)} ms`), NaN, '<', 2, ' ms'), met: all((p) => figures[p].worstP99 < 2) },
  ...(withBare
    ? [
        { ...goal('pong: CPU per match-tick, ours ÷ bare loop, at 500 and 1000', each((p) => fmt(figures[p].cpuVsBare)), NaN, '<=', 1.1), met: all((p) => figures[p].cpuVsBare <= 1.1) },
        {
          label: 'pong: max matches at 60 Hz (ours / bare loop)',
          value: each((p) => `${figures[p].maxOurs} / ${figures[p].maxBare}`),
          target: '≥ 1000, and ≥ 90% of the bare loop’s',
          met: all((p) => figures[p].maxOurs >= 1000 && figures[p].maxOurs >= 0.9 * figures[p].maxBare),
        },
      ]
    : [{ ...goal('pong: max matches at 60 Hz', each((p) => String(figures[p].maxOurs)), NaN, '>=', 1000), met: all((p) => figures[p].maxOurs >= 1000) }]),
  { label: 'pong: bytes allocated per match-tick (whole process, median over M)', value: each((p) => `${fmt(figures[p].alloc, 0)} B`) },
  { label: 'pong: GC pause per second (median over M)', value: each((p) => `${fmt(figures[p].gcPause)} ms`) },
];

if (!values.url) {
  const color = { actorcade: '#1f6fd1', bare: '#2a9d4a' };
  const series = (metric: (s: PongSample) => number): Series[] =>
    patternsRun.flatMap((p) => {
      const rows = byPattern.get(p)!;
      const dash = p === 'burst' ? '6,3' : undefined;
      return [
        { name: `Actorcade, ${p}`, color: color.actorcade, dash, points: rows.map((r) => [r.m, metric(r.ours)] as [number, number]) },
        ...(withBare ? [{ name: `bare uWS, ${p}`, color: color.bare, dash, points: rows.map((r) => [r.m, metric(r.bare!)] as [number, number]) }] : []),
      ];
    });
  const command = `npm run bench -- pong --matches ${values.matches} --seconds ${values.seconds} --warmup ${values.warmup} --runs ${runs} --inputs ${values.inputs}${Number(values.nice) ? ` --nice ${values.nice}` : ''}`;
  const checkReason = belowFullSize(values, full);
  const subtitle = checkReason ? 'check run: not a measurement' : undefined;
  const file = writeResult({
    bench: 'pong',
    title: 'Pong loop bench',
    command,
    duration: 'about 15 minutes',
    checkReason,
    method: [
      'Each client calibrates, starts a match and sends `input_command` at 60 Hz; the server sends `game_state` at 60 Hz. Server pinned to one core, the raw-frame load generator to the other.',
      'Lateness: how far after its schedule each loop frame started (all matches tick in one frame). CPU per match-tick: server process CPU (from /proc) over the measured window ÷ match-ticks run (so it includes input handling and sends). Allocated per match-tick: bytes the whole server process allocated in the window (heap growth + what each collection freed, from `--trace-gc-nvp`) ÷ match-ticks. GC pause: stop-the-world time per second of the window. Memory: heap growth after GC ÷ M. Bare: uWS + the same pure tick + stringify + send, no bus/actor/codec.',
    ],
    body,
    figures: results,
    charts: {
      pong: lineChart({ title: 'Pong: p99 tick lateness by number of matches', subtitle, xLabel: 'matches (M)', yLabel: 'p99 tick lateness (ms, log scale)', series: series((s) => s.late.p99), reference: { y: 2, label: '2 ms goal' }, log: 0.1 }),
      'pong-cpu': lineChart({ title: 'Pong: server CPU per match-tick', subtitle, xLabel: 'matches (M)', yLabel: 'µs per match-tick', series: series((s) => s.usPerMatchTick) }),
    },
  });
  console.log(`\nwrote ${file}`);
}
for (const p of patternsRun) console.log(`max matches at 60 Hz (${p} inputs): ${figures[p].maxOurs}${withBare ? ` (bare loop: ${figures[p].maxBare})` : ''}`);
