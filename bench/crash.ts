/**
 * `npm run bench -- crash [--crashes 100] [--seed N]`: the real server (the `npm start`
 * path, its own DATA_DIR) with bots on every session type at once, killed with SIGKILL at
 * seeded random moments and restarted on the same DATA_DIR; after every restart the bots
 * reconnect (resume tokens, RECONNECT, connect {userId}, JWT) and check that nothing the
 * server acknowledged was lost. One line per check family, then `crashes: N, lost: 0`.
 * Exit code 1 when anything was lost.
 *
 * Flags: --crashes 100 --seed 1 --min-ms 300 --max-ms 1500 (how long the server runs between crashes)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { channelBot, libraryBot, mafiaBot, pokerBot, pongBot, seeded, type CrashBot, type Server } from './lib-crash-bots.js';

const { values } = parseArgs({
  options: {
    crashes: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    'min-ms': { type: 'string', default: '300' },
    'max-ms': { type: 'string', default: '1500' },
  },
});
const crashes = Number(values.crashes);
const seed = Number(values.seed);
const [minMs, maxMs] = [Number(values['min-ms']), Number(values['max-ms'])];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Short timers everywhere: games move on by themselves between crashes. */
const ENV: Record<string, string> = {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'crash-bench-secret',
  CREATE_RATE_PER_MIN: '1000000',
  CREATE_RATE_BURST: '1000000',
  SNAPSHOT_EVERY_MS: '2000',
  MAFIA_DAY_MS: '1500',
  MAFIA_VERDICT_MS: '800',
  MAFIA_NIGHT_MS: '800',
  MAFIA_MAX_DAYS: '4',
  POKER_ACTION_TIME_MS: '1500',
  POKER_TIMEBANK_MS: '1000',
  POKER_DISCONNECT_GRACE_MS: '4000',
  POKER_NEXT_HAND_DELAY_MS: '200',
  PONG_CAL_BASELINE_MS: '300',
  PONG_CAL_TRIAL_MS: '200',
  PONG_CAL_MIN_SAMPLES: '3',
  PONG_START_GAME_EVERY_MS: '0',
  PONG_START_CALIBRATION_EVERY_MS: '0',
  LIBRARY_FIXTURE_LATENCY_MS: '3',
  LIBRARY_SYNC_PROGRESS_INTERVAL_MS: '15',
  LIBRARY_SYNC_RETRY_BASE_MS: '20',
};

async function startServer(dataDir: string): Promise<Server & { child: ChildProcess; exited: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
    cwd: root,
    env: { ...process.env, ...ENV, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`server exited before listening:\n${output}`)));
  });
  return { child, exited, url, wsUrl: (path) => url.replace(/^http/, 'ws') + path };
}

const random = seeded(seed);
const bots: CrashBot[] = [channelBot(), pokerBot(seeded(seed + 1)), mafiaBot(), pongBot(), libraryBot()];
const totals = new Map(bots.map((b) => [b.family, { checked: 0, lost: [] as string[] }]));
const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-crash-'));
const started = performance.now();

try {
  for (let round = 0; round <= crashes; round++) {
    const server = await startServer(dataDir);
    for (const bot of bots) {
      const finding = await bot.resume(server);
      const total = totals.get(bot.family)!;
      total.checked += finding.checked;
      total.lost.push(...finding.lost.map((l) => `after crash ${round}: ${l}`));
    }
    if (round === crashes) {
      for (const bot of bots) bot.halt();
      server.child.kill('SIGTERM');
      await server.exited;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, minMs + random() * (maxMs - minMs)));
    server.child.kill('SIGKILL');
    for (const bot of bots) bot.halt();
    await server.exited;
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

let lost = 0;
for (const [family, { checked, lost: found }] of totals) {
  lost += found.length;
  console.log(`${family.padEnd(18)} checked ${String(checked).padStart(6)}  lost ${found.length}`);
  for (const line of found.slice(0, 10)) console.log(`  ${line}`);
}
console.log(`crashes: ${crashes}, lost: ${lost} (seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exit(lost === 0 ? 0 : 1);
