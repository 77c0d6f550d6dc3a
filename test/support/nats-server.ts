import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { freePort } from './free-port.js';

/** Debian's `nats-server` (2.9, with JetStream); `NATS_SERVER_BIN` overrides. */
const bin = process.env.NATS_SERVER_BIN ?? 'nats-server';

/** Why no throwaway nats-server can be started here, or undefined when one can. */
export function natsUnavailable(): string | undefined {
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'nats-server not found (apt-get install nats-server, or set NATS_SERVER_BIN): skipping the NATS tests';
  return undefined;
}

/** Skip the whole test (plan 0, with the reason) when nats-server cannot run here. True when the caller should go on. */
export function requireNats(t: Test): boolean {
  const reason = natsUnavailable();
  if (reason) t.plan(0, reason);
  return reason === undefined;
}

/** A running throwaway nats-server with JetStream, on a free loopback port. */
export interface TestNats {
  readonly port: number;
  /** `nats://127.0.0.1:PORT` */
  readonly url: string;
  /** Stop the server (SIGTERM), keeping its JetStream store. */
  stop(): Promise<void>;
  /** Start it again on the same port and store directory (clients reconnect by themselves). */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server stays up but answers nothing, as in a partition. */
  pause(): void;
  resume(): void;
  /** Stop it and remove its store (the test's teardown does this). */
  destroy(): Promise<void>;
}

const live = new Set<TestNats>();
let cleanupArmed = false;
/** tap ends a test over its timeout with SIGTERM, which skips 'exit': kill the servers either way. */
function armCleanup() {
  if (cleanupArmed) return;
  cleanupArmed = true;
  const killAll = () => {
    for (const nats of live) void nats.destroy();
  };
  process.once('exit', killAll);
  process.once('SIGTERM', () => {
    killAll();
    process.exit(143);
  });
}

/** nats-server logs "Server is ready" once it listens and JetStream has recovered its streams. */
async function waitUntilReady(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`nats-server not ready within ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null) => fail(new Error(`nats-server exited with ${code}:\n${log}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.stderr?.resume();
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Start a throwaway nats-server for `t` (JetStream on, store in a temp dir, loopback only),
 * stopped and removed at teardown.
 *
 * @example
 * if (!requireNats(t)) return;
 * const nats = await startNats(t);
 * const nc = await connect({ servers: nats.url });
 */
export async function startNats(t: Test): Promise<TestNats> {
  const nats = await launchNats();
  t.teardown(() => nats.destroy());
  return nats;
}

/** The same without a tap test: the caller destroys it (scripts such as `npm run cluster`). */
export async function launchNats(): Promise<TestNats> {
  const reason = natsUnavailable();
  if (reason) throw new Error(reason);
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-nats-'));
  const port = await freePort();
  let child: ChildProcess | undefined;

  const nats: TestNats = {
    port,
    url: `nats://127.0.0.1:${port}`,
    async start() {
      if (child) return;
      const started = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = started;
      started.once('exit', () => {
        if (child === started) child = undefined;
      });
      await waitUntilReady(started);
    },
    async stop() {
      const running = child;
      if (!running) return;
      child = undefined;
      running.kill('SIGCONT');
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async destroy() {
      live.delete(nats);
      const running = child;
      child = undefined;
      if (running && running.exitCode === null) {
        running.kill('SIGCONT');
        running.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(nats);
  armCleanup();
  await nats.start();
  return nats;
}
