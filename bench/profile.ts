/**
 * `npm run bench -- profile`: where the server's CPU and allocations go on the two hot paths
 * the speed goals are about — the gateway's echo round trip (decode → bus → actor → reply) and
 * the 60 Hz pong loop — so a goal that is not met comes with what bounds it.
 *
 * The server runs pinned to core 0 with the inspector's sampling profiler preloaded
 * (bench/lib-profile-hook.mjs), the usual load generator on core 1; the profile covers the
 * load's measured window only. Samples are grouped by where the code lives (XState, the
 * garbage collector, decode/encode, uWS and other native calls, gateway, bus, runtime,
 * game logic, …) and printed as a share of busy CPU and as µs (or bytes) per round trip or
 * per match-tick.
 *
 * Flags: --target gateway|pong|both  --kind cpu|alloc|both  --seconds 5  --matches 500  --inputs spread|burst
 */
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startGatewayServer } from './lib-gateway-measure.js';
import { loopStats, startPongServer, type InputPattern } from './lib-pong-measure.js';
import { processCpuSeconds } from './lib-raw-ws.js';
import { writeResult, belowFullSize, type Figure } from './lib-results.js';
import { onLines, pinned, root, type Server } from './lib-spawn.js';

const full = { target: 'both', kind: 'both', seconds: '5', matches: '500', inputs: 'spread' };
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: full.target },
    kind: { type: 'string', default: full.kind },
    seconds: { type: 'string', default: full.seconds },
    matches: { type: 'string', default: full.matches },
    inputs: { type: 'string', default: full.inputs },
  },
});
type Target = 'gateway' | 'pong';
type Kind = 'cpu' | 'alloc';
const targets: Target[] = values.target === 'both' ? ['gateway', 'pong'] : [values.target as Target];
const kinds: Kind[] = values.kind === 'both' ? ['cpu', 'alloc'] : [values.kind as Kind];
const hook = join(root, 'bench/lib-profile-hook.mjs');

/** Where a profile node's code lives: the first rule that matches names its part. */
const parts: [string, (url: string, name: string) => boolean][] = [
  ['garbage collector', (_u, n) => n === '(garbage collector)'],
  ['XState (interpreter)', (u) => u.includes('/node_modules/xstate/')],
  ['decode + encode (JSON, io-ts, src/protocol)', (u) => u.includes('/node_modules/io-ts/') || u.includes('/node_modules/fp-ts/') || u.includes('/src/protocol/')],
  ['native calls (uWS send/publish/subscribe, TextDecoder, JSON builtins)', (u, n) => u === '' && !n.startsWith('(')],
  ['V8 and native, unattributed ("(program)")', (_u, n) => n === '(program)'],
  ['gateway (src/gateway)', (u) => u.includes('/src/gateway/')],
  ['session routes (src/sessions)', (u) => u.includes('/src/sessions/')],
  ['bus (src/bus)', (u) => u.includes('/src/bus/')],
  ['runtime (src/runtime)', (u) => u.includes('/src/runtime/')],
  ['store and journal (src/store)', (u) => u.includes('/src/store/')],
  ['game logic (machines/)', (u) => u.includes('/machines/')],
  ['Node internals', (u) => u.startsWith('node:')],
  ['other libraries', (u) => u.includes('/node_modules/')],
  ['other', () => true],
];
const partOf = (url: string, name: string) => parts.find(([, test]) => test(url, name))![0];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: (number | ProfileNode)[];
  selfSize?: number;
}

/** Self cost by part and by function: CPU µs from a CPU profile, bytes from a heap sampling profile. */
function tally(kind: Kind, profile: any): { byPart: Map<string, number>; byFunction: Map<string, number>; total: number } {
  const byPart = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  const add = (frame: ProfileNode['callFrame'], cost: number) => {
    if (cost === 0 || frame.functionName === '(idle)') return;
    total += cost;
    const part = partOf(frame.url, frame.functionName);
    byPart.set(part, (byPart.get(part) ?? 0) + cost);
    const where = frame.url ? `${frame.url.replace(/^file:\/\//, '').replace(root + '/', '')}:${frame.lineNumber + 1}` : 'native';
    const name = `${frame.functionName || '(anonymous)'} ${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + cost);
  };
  if (kind === 'cpu') {
    const self = new Map<number, number>();
    profile.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    for (const node of profile.nodes as ProfileNode[]) add(node.callFrame, self.get(node.id) ?? 0);
  } else {
    const walk = (node: ProfileNode) => {
      add(node.callFrame, node.selfSize ?? 0);
      for (const child of node.children ?? []) walk(child as ProfileNode);
    };
    walk(profile.head);
  }
  return { byPart, byFunction, total };
}

/** Run `target`'s load against a server with the hook, profiling the measured window; returns the profile and the units done. */
async function profileOnce(target: Target, kind: Kind) {
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-profile-'));
  const out = join(dir, `${target}-${kind}.json`);
  const extra = { env: { PROFILE_OUT: out, PROFILE_KIND: kind }, nodeFlags: ['--import', hook] };
  const pong = { seconds: values.seconds!, warmup: '3', inputs: values.inputs as InputPattern, serverCore: '0', loadCore: '1', extra };
  const server: Server = target === 'gateway' ? await startGatewayServer('actorcade', '0', extra) : await startPongServer('actorcade', pong);
  const written = new Promise<void>((resolve) => onLines(server.child, (line) => line === 'profile written' && resolve()));
  try {
    const args =
      target === 'gateway'
        ? ['--target', 'actorcade', '--mode', 'echo', '--url', server.url, '--connections', '50', '--depth', '8', '--warmup', '1', '--seconds', values.seconds!]
        : ['--target', 'actorcade', '--url', server.url, '--matches', values.matches!, '--warmup', '3', '--seconds', values.seconds!, '--inputs', values.inputs!];
    const load = pinned(target === 'gateway' ? 'bench/lib-gateway-load.ts' : 'bench/lib-pong-load.ts', '1', { args });
    let cpuAtStart = 0;
    const end = await new Promise<{ units: number; serverCpu: number }>((resolve, reject) => {
      onLines(load, async (line) => {
        const message = JSON.parse(line);
        try {
          if (message.phase === 'start') {
            if (target === 'pong') await loopStats(server.url, '?reset=1');
            cpuAtStart = await processCpuSeconds(server.pid);
            process.kill(server.pid, 'SIGUSR2');
          }
          if (message.phase === 'end') {
            process.kill(server.pid, 'SIGUSR2');
            const serverCpu = (await processCpuSeconds(server.pid)) - cpuAtStart;
            // Echo: one round trip per frame received; pong: the loop's own count of match-ticks.
            const units = target === 'gateway' ? message.frames : (await loopStats(server.url)).matchTicks;
            resolve({ units, serverCpu });
          }
        } catch (error) {
          reject(error);
        }
      });
      load.on('exit', (code) => code !== 0 && reject(new Error(`${target} load generator exited with ${code}`)));
    });
    await written;
    if (load.exitCode === null) await once(load, 'exit');
    return { profile: JSON.parse(readFileSync(out, 'utf8')), ...end };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const unitName: Record<Target, string> = { gateway: 'round trip', pong: 'match-tick' };
const body: string[] = [];
const figures: Figure[] = [];
const say = (line = '') => {
  console.log(line);
  body.push(line);
};

for (const target of targets) {
  for (const kind of kinds) {
    console.error(`profile: ${target}, ${kind}`);
    const { profile, units, serverCpu } = await profileOnce(target, kind);
    const { byPart, byFunction, total } = tally(kind, profile);
    const perUnit = (cost: number) => (kind === 'cpu' ? `${(cost / units).toFixed(2)} µs` : `${Math.round(cost / units)} B`);
    const what = target === 'gateway' ? 'gateway echo (channel `subscribe` → `subscribed`)' : `pong, ${values.matches} matches at 60 Hz, ${values.inputs} inputs`;
    say(`## ${what}: ${kind === 'cpu' ? 'CPU' : 'allocation'}`);
    say();
    say(
      kind === 'cpu'
        ? `${units.toLocaleString('en')} ${unitName[target]}s in the window; server CPU ${((serverCpu * 1e6) / units).toFixed(2)} µs per ${unitName[target]} (from /proc, profiler running); busy time profiled ${(total / 1e3).toFixed(0)} ms.`
        : `${units.toLocaleString('en')} ${unitName[target]}s in the window; ${(total / 1e6).toFixed(1)} MB allocated (sampled every 1 KiB), ${perUnit(total)} per ${unitName[target]}.`,
    );
    say();
    say(`| part | share | per ${unitName[target]} |`);
    say('| --- | ---: | ---: |');
    for (const [part, cost] of [...byPart].sort((a, b) => b[1] - a[1])) say(`| ${part} | ${((100 * cost) / total).toFixed(1)}% | ${perUnit(cost)} |`);
    say();
    say(`Top functions (self ${kind === 'cpu' ? 'time' : 'allocation'}):`);
    say();
    for (const [name, cost] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12)) say(`- ${((100 * cost) / total).toFixed(1)}% \`${name}\``);
    say();
    const xstate = byPart.get('XState (interpreter)') ?? 0;
    const gc = byPart.get('garbage collector') ?? 0;
    if (kind === 'cpu') {
      figures.push({ label: `profile, ${target}: XState share of server CPU`, value: `${((100 * xstate) / total).toFixed(0)}% (GC ${((100 * gc) / total).toFixed(0)}%)` });
      console.log(`${target} cpu: XState ${((100 * xstate) / total).toFixed(1)}%, GC ${((100 * gc) / total).toFixed(1)}%`);
    } else {
      figures.push({ label: `profile, ${target}: bytes allocated per ${unitName[target]}`, value: `${perUnit(total)} (XState ${perUnit(xstate)})` });
      console.log(`${target} alloc: ${perUnit(total)} per ${unitName[target]}, XState ${perUnit(xstate)}`);
    }
  }
}

const file = writeResult({
  bench: 'profile',
  title: 'Where the hot paths spend their CPU and allocations',
  command: 'npm run bench -- profile',
  method: [
    'The server is pinned to core 0 with the inspector\'s sampling profiler preloaded (`bench/lib-profile-hook.mjs`: CPU every 100 µs, heap every 1 KiB); the load generator of the gateway or pong bench runs on core 1; only the load\'s measured window is profiled.',
    'Each sample is counted where its code lives (first matching row). "Per round trip" / "per match-tick" divides by the round trips the load counted or the match-ticks the loop counted in the window. The profiler itself costs a few percent.',
  ],
  body,
  figures,
  charts: {},
  checkReason: belowFullSize(values, full),
  duration: 'about 1 minute',
});
console.log(`written: ${file}`);
