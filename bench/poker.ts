/**
 * `npm run bench -- poker [--seconds=2]`: 7-card evaluations per second (one core, the
 * allocation-free `evaluate7`), and full hands per second through the real table actor
 * (XState machine, simulated clock, 2/6 players; every ACTION goes through the same code
 * path as a socket command, with the wire events emitted).
 *
 * `--server [--tables=4] [--players=6]`: hands per second through a real server over
 * sockets instead (gateway, bus and the write-ahead journal included; `poker-server.ts`).
 */
import { createActor, SimulatedClock } from 'xstate';
import { evaluate7 } from '../machines/poker/evaluator.js';
import { seededRng, shuffle } from '../machines/poker/rng.js';
import { defaultTableSettings, type TableContext } from '../machines/poker/table-state.js';
import { tableMachine } from '../machines/poker/table-machine.js';
import { orderedDeck } from '../machines/poker/cards.js';
import { cpus, loadavg } from 'node:os';
import { goal, writeResult } from './lib-results.js';
import { benchServerHands } from './poker-server.js';

const FULL_SECONDS = 2;
const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? FULL_SECONDS);
const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const overSockets = process.argv.includes('--server');
const runs = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function benchEvaluator(): number {
  const count = 1 << 20;
  const hands = new Uint8Array(count * 7);
  let rng = seededRng(7);
  for (let i = 0; i < count; i++) {
    const s = shuffle(rng, orderedDeck());
    rng = s.rng;
    hands.set(s.cards.slice(0, 7), i * 7);
  }
  let sink = 0;
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    let done = 0;
    const start = performance.now();
    const until = start + (seconds * 1000) / runs;
    while (performance.now() < until) {
      for (let i = 0, o = 0; i < count; i++, o += 7) {
        sink ^= evaluate7(hands[o], hands[o + 1], hands[o + 2], hands[o + 3], hands[o + 4], hands[o + 5], hands[o + 6]);
      }
      done += count;
    }
    rates.push(done / ((performance.now() - start) / 1000));
  }
  if (sink === 0.5) console.log(sink); // keep the loop observable
  return median(rates);
}

function benchHands(players: number, policy: 'call' | 'raise'): { handsPerSec: number; eventsPerHand: number; usPerCommand: number } {
  const clock = new SimulatedClock();
  clock.set(1_700_000_000_000);
  const actor = createActor(tableMachine, { input: { tableId: 'bench', rng: seededRng(3) }, clock });
  let emitted = 0;
  actor.on('$out', () => emitted++);
  actor.start();
  const send = (member: string | undefined, event: Record<string, unknown>) =>
    actor.send({ ...event, $from: { member, conn: member }, $at: clock.now() } as never);
  send(undefined, { type: '$create', settings: { ...defaultTableSettings, nextHandDelayMs: 1, minBuyIn: 100, maxBuyIn: 1_000_000 } });
  for (let i = 0; i < players; i++) send(`p${i}`, { type: 'SIT', cmdId: 's', buyIn: 1_000_000 });
  let cmd = 0;
  let hands = 0;
  let commands = 0;
  const rates: number[] = [];
  const before = emitted;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const until = start + (seconds * 1000) / runs;
    let h = 0;
    while (performance.now() < until) {
      const ctx = actor.getSnapshot().context as TableContext;
      if (!ctx.hand || ctx.hand.acting === null) {
        if (ctx.phase === 'between') {
          clock.increment(1);
          continue;
        }
        throw new Error(`stuck in ${ctx.phase}`);
      }
      const p = ctx.hand.players.find((x) => x.seat === ctx.hand!.acting)!;
      const owed = ctx.hand.currentBet - p.bet;
      const raise = policy === 'raise' && ctx.hand.street === 'flop' && ctx.hand.currentBet === 0;
      const id = ctx.hand.id;
      send(p.playerId, raise ? { type: 'ACTION', cmdId: `c${++cmd}`, action: 'Bet', amount: 200 } : { type: 'ACTION', cmdId: `c${++cmd}`, action: owed > 0 ? 'Call' : 'Check' });
      commands++;
      const after = actor.getSnapshot().context as TableContext;
      if (after.hand?.id !== id) h++;
    }
    const elapsed = (performance.now() - start) / 1000;
    rates.push(h / elapsed);
    hands += h;
  }
  const handsPerSec = median(rates);
  return { handsPerSec, eventsPerHand: (emitted - before) / hands, usPerCommand: 1e6 / ((handsPerSec * commands) / hands) };
}

const method = overSockets ? `one run of ${seconds} s against a server process` : `${runs} runs × ${(seconds / runs).toFixed(1)} s each, medians`;
console.log(`poker bench — node ${process.version}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)} (figures drift with load), ${method}\n`);
const rows: [string, string, string][] = [];
if (overSockets) {
  const tables = flag('tables', 4);
  const players = flag('players', 6);
  const r = await benchServerHands({ tables, players, seconds });
  rows.push([
    `real server over /poker/ws, ${tables} tables × ${players} players, check/call`,
    `${Math.round(r.handsPerSec).toLocaleString('en-US')} hands/s`,
    `${Math.round(r.commandsPerSec).toLocaleString('en-US')} commands/s, server ${r.serverUsPerCommand.toFixed(0)} µs CPU/command (journal included)`,
  ]);
}
for (const [players, policy] of overSockets ? [] : ([[2, 'call'], [6, 'call'], [6, 'raise']] as const)) {
  const r = benchHands(players, policy);
  rows.push([
    `table actor, ${players} players, ${policy === 'call' ? 'check/call to showdown' : 'bet flop, call down'}`,
    `${Math.round(r.handsPerSec).toLocaleString('en-US')} hands/s`,
    `${r.eventsPerHand.toFixed(0)} wire events/hand, ${r.usPerCommand.toFixed(0)} µs/command`,
  ]);
}
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['what', 'rate', 'notes'][i].length));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
const evals = overSockets ? undefined : benchEvaluator();
if (evals !== undefined) {
  rows.unshift(['7-card evaluator (evaluate7)', `${(evals / 1e6).toFixed(1)} M evals/s`, `target ≥ 5 M/s: ${evals >= 5e6 ? 'met' : 'MISSED'}`]);
}
console.log(line(['what', 'rate', 'notes']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const table = [line(['what', 'rate', 'notes']), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
writeResult({
  bench: overSockets ? 'poker-server' : 'poker',
  title: overSockets ? 'Poker bench over sockets' : 'Poker bench',
  command: `npm run bench -- poker${overSockets ? ' --server' : ''} --seconds=${seconds}`,
  duration: 'about 10 seconds',
  checkReason: seconds < FULL_SECONDS ? `--seconds=${seconds}` : undefined,
  method: [
    overSockets
      ? 'A real server process over /poker/ws (journal and store included), one run.'
      : `One core, no sockets: the allocation-free \`evaluate7\` over random hands, and whole hands through the real table actor (XState, simulated clock). Medians of ${runs} runs.`,
  ],
  body: table,
  figures: [
    ...(evals === undefined ? [] : [goal('poker: 7-card evaluations per second', `${(evals / 1e6).toFixed(1)} M/s`, evals / 1e6, '>=', 5, ' M/s')]),
    ...rows.slice(evals === undefined ? 0 : 1).map(([what, rate, notes]) => ({ label: `poker: ${what}`, value: `${rate} (${notes})` })),
  ],
  charts: {},
});
