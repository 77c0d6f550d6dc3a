/**
 * The fuzzer as a library: `runFuzz` drives every route of a running server with
 * structure-aware frames (bench/lib-fuzz-arbitrary.ts) and their mutations and noise
 * (bench/lib-fuzz-mutate.ts), and counts what came back. `npm run bench -- fuzz` and
 * test/fuzz/fuzz.test.ts both run it; the definitions of what is counted are in
 * bench/fuzz.ts's header.
 */
import fc from 'fast-check';
import type * as t from 'io-ts';
import WebSocket from 'ws';
import { arbitraryOf, type Hints } from './lib-fuzz-arbitrary.js';
import { createRandom, mutate, noise, type FuzzFrame, type Random } from './lib-fuzz-mutate.js';
import { fuzzRoutes, type FuzzRoute, type RouteSession } from './lib-fuzz-routes.js';

export { fuzzRoutes };

export interface FuzzOptions {
  /** The server's base URL, `http://host:port`. */
  url: string;
  /** Frames per route. */
  frames: number;
  /** Route paths to fuzz (default: all). */
  routes?: readonly string[];
  seed?: number;
  /** Mints an HS256 JWT for a user (the server's JWT_SECRET). */
  mint(user: string): string;
  /** The server's MAX_FRAME_BYTES (default 65536). */
  maxFrameBytes?: number;
  /** How long a frame that must be answered may wait for its answer. */
  answerTimeoutMs?: number;
  /** The server's resident memory in bytes, if it can be read. */
  rss?: () => number | undefined;
  /** False once the server process has died. */
  alive?: () => boolean;
  log?: (line: string) => void;
}

export interface RouteReport {
  route: string;
  sent: number;
  /** Frames whose answer window held an error event. */
  errors: number;
  /** Frames the route's own codec decodes (valid commands, whatever the actor said). */
  accepted: number;
  /** Connection closes while fuzzing, by close code. */
  closes: Record<number, number>;
  /** Of the 1006 closes: text frames with invalid UTF-8, which uWS drops before any handler runs. */
  droppedInvalidUtf8: number;
  unanswered: number;
  /** A few of the unanswered frames, for the report. */
  unansweredSamples: string[];
  crashes: number;
  healthzWorstMs: number;
  rssBefore?: number;
  rssAfter?: number;
  /** Live actors by kind once the route's run ended (from /healthz): sessions the fuzzer left behind. */
  actorsAfter?: Record<string, number>;
  kinds: Record<string, number>;
}

/** Always bad input on every route (an unknown `type`): the barrier after each frame. */
const PROBE_TYPE = '$fuzz.probe';
const PROBE = JSON.stringify({ type: PROBE_TYPE });
const isProbeAnswer = (text: string) => text.includes(PROBE_TYPE);
const isErrorEvent = (frame: unknown) =>
  typeof frame === 'object' && frame !== null && /^(error|connection_error)$/i.test(String((frame as { type?: unknown }).type));

interface Window {
  errors: number;
  probeAnswered: boolean;
  closed?: number;
  wake?: () => void;
}

/** One open socket of a route, with its session set up, and the frames it has seen since the last window. */
class FuzzSocket {
  ws!: WebSocket;
  session!: RouteSession;
  window: Window = { errors: 0, probeAnswered: false };
  closeCode?: number;

  constructor(private readonly route: FuzzRoute, private readonly options: FuzzOptions) {}

  async open() {
    const ctx = { url: this.options.url, mint: this.options.mint };
    this.session = await this.route.setup(ctx);
    this.closeCode = undefined;
    // Listen before the socket opens: a route's first frame (ready, SESSION) may come at once.
    const backlog: unknown[] = [];
    let wakeSetup: (() => void) | undefined;
    this.ws = new WebSocket(this.session.wsUrl, { maxPayload: 16 * 1024 * 1024 });
    this.ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (isProbeAnswer(text)) this.window.probeAnswered = true;
      else {
        let frame: unknown;
        try {
          frame = JSON.parse(text);
        } catch {
          frame = undefined;
        }
        if (isErrorEvent(frame)) this.window.errors++;
        backlog.push(frame);
        if (backlog.length > 100) backlog.shift();
        wakeSetup?.();
      }
      this.window.wake?.();
    });
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('error', () => {});
    const next = (match: (frame: any) => boolean) =>
      new Promise<any>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fuzz: ${this.route.path} set-up got no answer`)), 10_000);
        const check = () => {
          const at = backlog.findIndex((f) => f !== undefined && match(f));
          if (at < 0) return;
          const [frame] = backlog.splice(at, 1);
          clearTimeout(timer);
          wakeSetup = undefined;
          resolve(frame);
        };
        wakeSetup = check;
        check();
      });
    this.ws.on('close', (code) => {
      this.closeCode = code;
      this.window.closed = code;
      this.window.wake?.();
    });
    await this.session.ready(this.ws, next);
    backlog.length = 0;
  }

  /** Send one frame and the probe; resolve when the probe is answered, the socket closes, or time runs out. */
  async exchange(frame: FuzzFrame, timeoutMs: number): Promise<Window> {
    const window: Window = (this.window = { errors: 0, probeAnswered: false });
    this.ws.send(frame.data, { binary: frame.binary });
    this.ws.send(PROBE);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        window.wake = undefined;
        resolve();
      }
      window.wake = () => {
        if (window.probeAnswered || window.closed !== undefined) done();
      };
      window.wake();
    });
    return window;
  }

  get isOpen() {
    return this.closeCode === undefined && this.ws.readyState === WebSocket.OPEN;
  }

  close() {
    if (this.isOpen) this.ws.close(1000);
  }
}

const validUtf8 = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** What the protocol owes a frame: an error event, a 1009 close, nothing (valid), or nothing possible (uWS drops it). */
export function expectedAnswer(frame: FuzzFrame, route: FuzzRoute, maxFrameBytes: number): 'error' | 'close-1009' | 'none' | 'dropped' {
  if (frame.data.length > maxFrameBytes) return 'close-1009';
  if (frame.binary) return 'error';
  if (!validUtf8(frame.data)) return 'dropped';
  return route.codec.decode(frame.data.toString('utf8')).ok ? 'none' : 'error';
}

function* frameSource(route: FuzzRoute, hints: Hints, count: number, seed: number, rnd: Random, maxFrameBytes: number): Generator<FuzzFrame> {
  const arbitrary = fc.oneof(...route.client.map((codec: t.Mixed) => arbitraryOf(codec, hints)));
  const chunk = 250; // sampled in chunks so timestamps stay close to the server's clock
  for (let start = 0; start < count; start += chunk) {
    const valid = fc.sample(arbitrary, { numRuns: Math.min(chunk, count - start), seed: seed + start }) as Record<string, unknown>[];
    for (const message of valid) {
      const roll = rnd.next();
      if (roll < 0.3) yield { data: Buffer.from(JSON.stringify(message)), binary: false, kind: 'generated' };
      else if (roll < 0.85) yield mutate(message, rnd, maxFrameBytes);
      else yield noise(rnd);
    }
  }
}

/** Poll /healthz while a route runs: the worst latency, and failures. */
function watchHealth(url: string, alive: () => boolean) {
  let worst = 0;
  let failures = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const start = performance.now();
      try {
        if (!alive()) throw new Error('server process is gone');
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`healthz ${res.status}`);
      } catch {
        failures++;
      }
      worst = Math.max(worst, performance.now() - start);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { worst, failures };
    },
  };
}

async function fuzzRoute(route: FuzzRoute, options: FuzzOptions, seed: number): Promise<RouteReport> {
  const maxFrameBytes = options.maxFrameBytes ?? 65_536;
  const timeoutMs = options.answerTimeoutMs ?? 5000;
  const alive = options.alive ?? (() => true);
  const report: RouteReport = {
    route: route.path, sent: 0, errors: 0, accepted: 0, closes: {}, droppedInvalidUtf8: 0, unanswered: 0,
    unansweredSamples: [], crashes: 0, healthzWorstMs: 0, rssBefore: options.rss?.(), kinds: {},
  };
  const health = watchHealth(options.url, alive);
  const socket = new FuzzSocket(route, options);
  const rnd = createRandom(seed);
  await socket.open();
  for (const frame of frameSource(route, socket.session.hints, options.frames, seed, rnd, maxFrameBytes)) {
    if (!socket.isOpen) {
      if (!alive()) break;
      await socket.open();
    }
    const expected = expectedAnswer(frame, route, maxFrameBytes);
    const window = await socket.exchange(frame, timeoutMs);
    report.sent++;
    report.kinds[frame.kind] = (report.kinds[frame.kind] ?? 0) + 1;
    if (window.errors > 0) report.errors++;
    if (expected === 'none') report.accepted++;
    if (window.closed !== undefined) {
      report.closes[window.closed] = (report.closes[window.closed] ?? 0) + 1;
      if (window.closed === 1006 && expected === 'dropped') report.droppedInvalidUtf8++;
    }
    const answered =
      expected === 'error' ? window.errors > 0 || window.closed === 1008 :
      expected === 'close-1009' ? window.closed === 1009 :
      // A frame with nothing owed still has its probe: an unanswered probe is an unanswered frame.
      expected === 'none' ? window.probeAnswered || window.closed !== undefined :
      true;
    if (!answered) {
      report.unanswered++;
      if (report.unansweredSamples.length < 5) {
        report.unansweredSamples.push(`${frame.kind}${frame.binary ? ' (binary)' : ''}: ${frame.data.subarray(0, 120).toString('utf8')}`);
      }
    }
  }
  socket.close();
  const { worst, failures } = await health.stop();
  report.healthzWorstMs = Math.round(worst);
  report.crashes = failures + (alive() ? 0 : 1);
  report.rssAfter = options.rss?.();
  if (alive()) {
    const health = await fetch(`${options.url}/healthz`).then((r) => r.json() as Promise<{ actors?: Record<string, number> }>, () => undefined);
    report.actorsAfter = health?.actors;
  }
  return report;
}

/** Fuzz each route in turn (one socket at a time, so RSS and /healthz belong to one route). */
export async function runFuzz(options: FuzzOptions): Promise<RouteReport[]> {
  const wanted = options.routes && !options.routes.includes('all') ? options.routes : fuzzRoutes.map((r) => r.path);
  const unknown = wanted.filter((path) => !fuzzRoutes.some((r) => r.path === path));
  if (unknown.length > 0) throw new Error(`fuzz: unknown route ${unknown.join(', ')} (routes: ${fuzzRoutes.map((r) => r.path).join(', ')})`);
  const seed = options.seed ?? 1;
  const reports: RouteReport[] = [];
  for (const [i, route] of fuzzRoutes.filter((r) => wanted.includes(r.path)).entries()) {
    const report = await fuzzRoute(route, options, seed + i * 1_000_003);
    options.log?.(`${route.path}: ${report.sent} frames, ${report.unanswered} unanswered, ${report.crashes} crashes`);
    reports.push(report);
    if (options.alive && !options.alive()) break;
  }
  return reports;
}
