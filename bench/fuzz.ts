/**
 * `npm run bench -- fuzz [--frames 100000] [--route all|/mafia/ws|…] [--seed N] [--timeout-ms 5000] [--idle-ms 0]`:
 * a fuzzer that stays. It spawns a real server (its own DATA_DIR, PORT=0, a JWT_SECRET it
 * mints tokens with, the per-socket rate limits raised so every frame reaches the decoder)
 * and drives every socket route in turn — each with its session set up first (a mafia game,
 * a poker seat, a channel's voice call, a pong session), so valid commands reach actors —
 * with frames generated from the route's own client codecs (fast-check arbitraries derived
 * from io-ts), their mutations (dropped, duplicated and retyped fields, huge and unsafe
 * numbers, deep nesting, strings just under and over the size limit, `__proto__` /
 * `constructor` keys and types, BOM, invalid UTF-8, binary frames, truncation) and raw byte
 * noise. Each frame is followed by a probe, `{"type":"$fuzz.probe"}`: bad input on every
 * route, answered by the gateway in order, so the probe's answer closes the frame's window.
 *
 * Per route it prints:
 * - sent: frames sent;
 * - errors: frames whose window held an error event (any code: validation, or the actor's);
 * - accepted: frames the route's own decoder (the server's codec at its defaults) accepts;
 * - closes by code: the connection closed while the frame's window was open (the fuzzer
 *   reconnects and sets the session up again). 1006 on a text frame with invalid UTF-8 is
 *   uWS 20.30 itself: it drops the connection, with no close frame, before the gateway's
 *   handler runs — counted apart ("dropped by uWS"), never as unanswered, since nothing can
 *   answer on a dropped connection;
 * - unanswered: a frame the protocol must answer that got no answer within the timeout.
 *   The protocol must answer (wire.md, "Bad input"): a binary frame, or a text frame that is
 *   valid UTF-8 but that the route's decoder refuses, with an error event (a 1008 rate-limit
 *   close also answers); a frame over MAX_FRAME_BYTES with a 1009 close. A valid command may
 *   have no reply by design (input_command, typing): it counts as unanswered only if its
 *   probe, which is bad input, goes unanswered;
 * - crashes: the server process died, or a /healthz poll (every 200 ms) failed;
 * - /healthz worst latency, and the server's RSS before and after the route;
 * - live actors after: what /healthz counts by kind once the route's run ended (sessions the
 *   fuzzer made that are still in memory; idle ones passivate after PASSIVATE_AFTER_MS).
 * With `--idle-ms N` it then waits N ms with no traffic and prints the live actors and RSS
 * again: past PASSIVATE_AFTER_MS (60 s, swept every 5 s: `--idle-ms 70000`) only what the
 * fuzzer's sessions still run (a timer, a seat) is left.
 * Ends with `fuzz: N frames, C crashes, U unanswered`; exits 1 if either is not 0.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jwt from 'jsonwebtoken';
import { runFuzz, type RouteReport } from './lib-fuzz.js';
import { FUZZ_SERVER_ENV } from './lib-fuzz-env.js';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '100000' },
    route: { type: 'string', default: 'all' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    'timeout-ms': { type: 'string', default: '5000' },
    'idle-ms': { type: 'string', default: '0' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const secret = randomBytes(32).toString('hex');
const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-fuzz-'));

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
  cwd: root,
  env: { ...process.env, ...FUZZ_SERVER_ENV, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: secret, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let exited = false;
child.on('exit', () => (exited = true));
const url = await new Promise<string>((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const match = /listening on (http:\/\/\S+)/.exec(line);
    if (match) resolve(match[1].replace('0.0.0.0', '127.0.0.1'));
  });
});

const rss = () => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
};

const seed = Number(values.seed);
console.log(`fuzz: ${values.frames} frames per route, seed ${seed}, server ${url} (pid ${child.pid})`);
const reports = await runFuzz({
  url,
  frames: Number(values.frames),
  routes: values.route!.split(','),
  seed,
  answerTimeoutMs: Number(values['timeout-ms']),
  mint: (user) => jwt.sign({ sub: user, exp: Math.floor(Date.now() / 1000) + 24 * 3600 }, secret, { algorithm: 'HS256' }),
  rss,
  alive: () => !exited,
  log: (line) => console.error(line),
});

const mb = (bytes?: number) => (bytes === undefined ? '—' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
const closes = (r: RouteReport) => Object.entries(r.closes).map(([code, n]) => `${code}×${n}`).join(' ') || '—';
const live = (r: RouteReport) => Object.entries(r.actorsAfter ?? {}).filter(([, n]) => n > 0).map(([kind, n]) => `${kind}×${n}`).join(' ') || '—';
const rows = reports.map((r) => [
  r.route, r.sent, r.errors, r.accepted, closes(r), r.droppedInvalidUtf8, r.unanswered, r.crashes, `${r.healthzWorstMs} ms`, `${mb(r.rssBefore)} → ${mb(r.rssAfter)}`, live(r),
].map(String));
const head = ['route', 'sent', 'errors', 'accepted', 'closes by code', 'dropped by uWS', 'unanswered', 'crashes', 'healthz worst', 'RSS', 'live actors after'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
for (const row of [head, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
console.log('dropped by uWS: 1006 closes after a text frame with invalid UTF-8 — uWS 20.30 drops the connection before any handler runs.');
for (const r of reports) for (const sample of r.unansweredSamples) console.log(`unanswered on ${r.route}: ${sample}`);

const idleMs = Number(values['idle-ms']);
if (idleMs > 0 && !exited) {
  await new Promise((r) => setTimeout(r, idleMs));
  const health = await fetch(`${url}/healthz`).then((r) => r.json() as Promise<{ actors?: Record<string, number> }>, () => undefined);
  console.log(`${idleMs} ms after the last frame: RSS ${mb(rss())}, live actors ${live({ actorsAfter: health?.actors } as RouteReport)}`);
}

const frames = reports.reduce((n, r) => n + r.sent, 0);
const crashes = reports.reduce((n, r) => n + r.crashes, 0);
const unanswered = reports.reduce((n, r) => n + r.unanswered, 0);
if (!exited) child.kill('SIGTERM');
await new Promise((r) => (exited ? r(undefined) : child.once('exit', r)));
rmSync(dataDir, { recursive: true, force: true });
console.log(`fuzz: ${frames} frames, ${crashes} crashes, ${unanswered} unanswered`);
process.exit(crashes === 0 && unanswered === 0 ? 0 : 1);
