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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess } from '../test/durability/server-process.js';
import { channelBot, libraryBot, mafiaBot, pokerBot, pongBot, seeded, type CrashBot } from './lib-crash-bots.js';

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

const random = seeded(seed);
const bots: CrashBot[] = [channelBot(), pokerBot(seeded(seed + 1)), mafiaBot(), pongBot(), libraryBot()];
const totals = new Map(bots.map((b) => [b.family, { checked: 0, lost: [] as string[] }]));
const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-crash-'));
const started = performance.now();

try {
  for (let round = 0; round <= crashes; round++) {
    const server = await startServerProcess(dataDir, ENV);
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
