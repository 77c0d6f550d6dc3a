/**
 * `npm run bench -- gateway`: the full path (decode → bus → actor → reply, and fan-out
 * to a channel's subscribers) against bare uWebSockets.js, in one run, same load.
 * Server pinned to one core, load generator to the other; server CPU read from /proc.
 *
 * Flags: --runs 5 --seconds 3 --warmup 1 --connections 50 --depth 8 --subscribers 100
 *        --url http://host:port (measure a running Actorcade server: throughput only)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, processCpuSeconds } from './lib-raw-ws.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    depth: { type: 'string', default: '8' },
    subscribers: { type: 'string', default: '100' },
    url: { type: 'string' },
    'server-core': { type: 'string', default: '0' },
    'load-core': { type: 'string', default: '1' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = (script: string, core: string, env: Record<string, string> = {}, args: string[] = []) =>
  spawn('taskset', ['-c', core, process.execPath, '--import', 'tsx', join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

function firstLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = line.match(pattern);
      if (match) resolve(match);
    });
    child.on('exit', (code) => reject(new Error(`process exited (${code}) before printing ${pattern}`)));
  });
}

async function startServer(target: 'bare' | 'actorcade') {
  const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-bench-'));
  const child =
    target === 'bare'
      ? node('bench/lib-bare-server.ts', values['server-core']!, { PORT: '0' })
      : node('src/main.ts', values['server-core']!, {
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          CHARTS: '0',
          RATE_LIMIT_PER_SEC: '100000000',
          RATE_LIMIT_BURST: '100000000',
        });
  const [, url] = await firstLine(child, /listening on (http:\/\/\S+)/);
  return {
    url,
    pid: child.pid!,
    stop() {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Sample {
  perSecond: number;
  serverUsPerFrame: number;
  loadCpu: number;
}

async function measure(target: 'bare' | 'actorcade', mode: 'echo' | 'fanout', url?: string): Promise<Sample> {
  const server = url ? undefined : await startServer(target);
  try {
    const connections = mode === 'fanout' ? values.subscribers! : values.connections!;
    const load = node('bench/lib-gateway-load.ts', values['load-core']!, {}, [
      '--target', target, '--mode', mode, '--url', url ?? server!.url, '--connections', connections,
      '--depth', values.depth!, '--warmup', values.warmup!, '--seconds', values.seconds!,
    ]);
    const lines = createInterface({ input: load.stdout! });
    let cpuAtStart = 0;
    const result = await new Promise<{ frames: number; seconds: number; loadCpu: number; serverCpu: number }>((resolve, reject) => {
      lines.on('line', async (line) => {
        const message = JSON.parse(line);
        if (message.phase === 'start' && server) cpuAtStart = await processCpuSeconds(server.pid);
        if (message.phase === 'end') {
          const serverCpu = server ? (await processCpuSeconds(server.pid)) - cpuAtStart : NaN;
          resolve({ ...message, serverCpu });
        }
      });
      load.on('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    });
    return {
      perSecond: result.frames / result.seconds,
      // Echo: one frame in + one out per round trip. Fan-out: CPU per delivered frame.
      serverUsPerFrame: (result.serverCpu * 1e6) / result.frames,
      loadCpu: result.loadCpu,
    };
  } finally {
    server?.stop();
  }
}

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
console.log(lines.join('\n'));
console.log(`fan-out deliveries/s, Actorcade / bare app.publish: ${fanoutShare.toFixed(2)}`);
console.log(`ratio: ${echoRatio.toFixed(2)}`);
