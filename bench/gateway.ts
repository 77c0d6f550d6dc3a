/**
 * `npm run bench -- gateway`: the full path (decode → bus → actor → reply, and fan-out
 * to a channel's subscribers) against bare uWebSockets.js, in one run, same load.
 * Server pinned to one core, load generator to the other; server CPU read from /proc.
 *
 * Flags: --runs 5 --seconds 3 --warmup 1 --connections 50 --depth 8 --subscribers 100
 *        --url http://host:port (measure a running Actorcade server: throughput only)
 */
import { parseArgs } from 'node:util';
import { median } from './lib-raw-ws.js';
import { measureGateway, type GatewayMode, type GatewayTarget } from './lib-gateway-measure.js';
import { belowFullSize, goal, writeResult } from './lib-results.js';
import { barChart } from './lib-svg-plot.js';

const full = { runs: '5', seconds: '3', warmup: '1', connections: '50', depth: '8', subscribers: '100' };
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: full.runs },
    seconds: { type: 'string', default: full.seconds },
    warmup: { type: 'string', default: full.warmup },
    connections: { type: 'string', default: full.connections },
    depth: { type: 'string', default: full.depth },
    subscribers: { type: 'string', default: full.subscribers },
    url: { type: 'string' },
    'server-core': { type: 'string', default: '0' },
    'load-core': { type: 'string', default: '1' },
  },
});
interface Sample {
  perSecond: number;
  serverUsPerFrame: number;
  loadCpu: number;
}
const measure = (target: GatewayTarget, mode: GatewayMode, url?: string) =>
  measureGateway(target, mode, {
    seconds: values.seconds!,
    warmup: values.warmup!,
    connections: mode === 'fanout' ? values.subscribers! : values.connections!,
    depth: values.depth!,
    serverCore: values['server-core']!,
    loadCore: values['load-core']!,
    url,
  });

const runs = Number(values.runs);
const cases = [
  ['bare', 'echo'],
  ['actorcade', 'echo'],
  ['bare', 'fanout'],
  ['actorcade', 'fanout'],
] as const;
const samples = new Map<string, Sample[]>();

if (values.url) {
  console.log(`Measuring the Actorcade server at ${values.url} (server CPU is not measurable remotely)`);
  for (const mode of ['echo', 'fanout'] as const) {
    const all: Sample[] = [];
    for (let run = 1; run <= runs; run++) all.push(await measure('actorcade', mode, values.url));
    const rate = median(all.map((s) => s.perSecond));
    console.log(`${mode.padEnd(7)} ${Math.round(rate).toLocaleString('en-US')} ${mode === 'echo' ? 'round trips' : 'deliveries'}/s, load CPU ${(100 * median(all.map((s) => s.loadCpu))).toFixed(0)}%`);
  }
  console.log('ratio: n/a (remote server)');
  process.exit(0);
}

console.log(
  `gateway bench: ${runs} runs × ${values.seconds}s, server on core ${values['server-core']}, load on core ${values['load-core']}; ` +
    `echo: ${values.connections} sockets × ${values.depth} in flight; fan-out: ${values.subscribers} subscribers, ${values.depth} broadcasts in flight`,
);
for (let run = 1; run <= runs; run++) {
  for (const [target, mode] of cases) {
    const sample = await measure(target, mode);
    const key = `${target}/${mode}`;
    samples.set(key, [...(samples.get(key) ?? []), sample]);
    console.error(
      `run ${run}/${runs} ${key}: ${Math.round(sample.perSecond).toLocaleString('en-US')}/s, ` +
        `server ${sample.serverUsPerFrame.toFixed(2)} µs/frame, load CPU ${(100 * sample.loadCpu).toFixed(0)}%`,
    );
  }
}

const row = (target: string, mode: string) => {
  const all = samples.get(`${target}/${mode}`)!;
  const load = median(all.map((s) => s.loadCpu));
  return {
    rate: median(all.map((s) => s.perSecond)),
    us: median(all.map((s) => s.serverUsPerFrame)),
    load,
    note: load > 0.9 ? 'client-bound' : '',
  };
};
const lines = [
  '| server | path | rate (median) | server CPU per message | load CPU | note |',
  '| --- | --- | --- | --- | --- | --- |',
];
for (const [target, mode] of cases) {
  const r = row(target, mode);
  const unit = mode === 'echo' ? 'round trips/s' : 'deliveries/s';
  const path = mode === 'echo' ? (target === 'bare' ? 'echo' : 'decode → bus → actor → reply') : `fan-out to ${values.subscribers}`;
  lines.push(
    `| ${target === 'bare' ? 'bare uWS' : 'Actorcade'} | ${path} | ${Math.round(r.rate).toLocaleString('en-US')} ${unit} | ${r.us.toFixed(2)} µs | ${(100 * r.load).toFixed(0)}% | ${r.note} |`,
  );
}
const echoRatio = row('bare', 'echo').us / row('actorcade', 'echo').us;
const fanoutShare = row('actorcade', 'fanout').rate / row('bare', 'fanout').rate;
const summary = [`fan-out deliveries/s, Actorcade / bare app.publish: ${fanoutShare.toFixed(2)}`, `ratio: ${echoRatio.toFixed(2)}`];
console.log(lines.join('\n'));
const checkReason = belowFullSize(values, full);
const file = writeResult({
  bench: 'gateway',
  title: 'Gateway bench',
  command: `npm run bench -- gateway --runs ${runs} --seconds ${values.seconds} --warmup ${values.warmup} --connections ${values.connections} --depth ${values.depth} --subscribers ${values.subscribers}`,
  duration: 'about 2 minutes',
  checkReason,
  method: [
    `Echo: ${values.connections} sockets × ${values.depth} frames in flight, closed loop; Actorcade's path is a channel \`subscribe\` (decode → bus → channel actor → reply). Fan-out: one publisher keeps ${values.depth} \`voice_speaking\` broadcasts in flight to ${values.subscribers} subscribers. Lean raw-frame load generator on one core, server on the other; server CPU from /proc ÷ messages (round trips, or deliveries). Medians of ${runs} runs.`,
  ],
  body: [...lines, '', ...summary.map((line) => `- ${line}`)],
  figures: [
    goal('gateway: `ratio:` bare ÷ full path, server CPU per round trip', echoRatio.toFixed(2), echoRatio, '>=', 0.35),
    { label: 'gateway: full path, round trips/s and server CPU per round trip', value: `${Math.round(row('actorcade', 'echo').rate).toLocaleString('en-US')}/s, ${row('actorcade', 'echo').us.toFixed(2)} µs` },
    { label: 'gateway: bare uWS echo (ceiling)', value: `${Math.round(row('bare', 'echo').rate).toLocaleString('en-US')}/s, ${row('bare', 'echo').us.toFixed(2)} µs${row('bare', 'echo').note ? ` (${row('bare', 'echo').note})` : ''}` },
    goal(`gateway: fan-out to ${values.subscribers}, Actorcade ÷ bare \`app.publish\` deliveries/s`, fanoutShare.toFixed(2), fanoutShare, '>=', 0.9),
  ],
  charts: {
    gateway: barChart({
      title: 'Gateway: server CPU per message',
      subtitle: checkReason ? 'check run: not a measurement' : undefined,
      unit: 'µs',
      bars: cases.map(([target, mode]) => ({
        label: `${target === 'bare' ? 'bare uWS' : 'Actorcade'}, ${mode === 'echo' ? 'echo round trip' : `fan-out delivery (${values.subscribers})`}`,
        value: row(target, mode).us,
        color: target === 'bare' ? '#2a9d4a' : '#1f6fd1',
      })),
    }),
  },
});
console.log(summary.join('\n'));
console.log(`wrote ${file}`);
