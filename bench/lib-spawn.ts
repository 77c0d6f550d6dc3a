/**
 * Process plumbing shared by the benches: a node script pinned to one core (`taskset`),
 * its stdout as lines, an Actorcade server started on a free port with a temporary data
 * directory, a process's resident memory from /proc, and the machine a run happened on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface PinnedOptions {
  env?: Record<string, string>;
  args?: string[];
  /** Flags for node itself (`--expose-gc`, `--trace-gc-nvp`). */
  nodeFlags?: string[];
  /** Run at nice −N (needs root): for a machine that is not quiet. */
  nice?: number;
}

/** Run `script` (a path from the repository root, TypeScript through tsx) on CPU `core`. */
export function pinned(script: string, core: string, options: PinnedOptions = {}): ChildProcess {
  const command = ['-c', core, process.execPath, ...(options.nodeFlags ?? []), '--import', 'tsx', join(root, script), ...(options.args ?? [])];
  const nice = options.nice ?? 0;
  return spawn(nice ? 'nice' : 'taskset', nice ? ['-n', String(-nice), 'taskset', ...command] : command, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

export function onLines(child: ChildProcess, onLine: (line: string) => void): void {
  createInterface({ input: child.stdout! }).on('line', onLine);
}

/** The first stdout line of `child` matching `pattern`; rejects if the process exits first. */
export function lineMatching(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    onLines(child, (line) => {
      const match = line.match(pattern);
      if (match) resolve(match);
    });
    child.on('exit', (code) => reject(new Error(`process exited (${code}) before printing ${pattern}`)));
  });
}

export interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): void;
}

/** A server script that prints `listening on http://…` once it takes traffic. */
export async function startListening(script: string, core: string, options: PinnedOptions = {}, cleanup = () => {}): Promise<Server> {
  const child = pinned(script, core, options);
  try {
    const [, url] = await lineMatching(child, /listening on (http:\/\/\S+)/);
    return {
      url,
      pid: child.pid!,
      child,
      stop() {
        child.kill('SIGKILL');
        cleanup();
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * One load generator creates thousands of sessions from one address: the per-client creation
 * limits (`CREATE_RATE_*`, `MAX_LIVE_SESSIONS`) would measure themselves, so benches lift them.
 */
export const BULK_CREATION_ENV = { CREATE_RATE_PER_MIN: '100000000', CREATE_RATE_BURST: '100000000', MAX_LIVE_SESSIONS: '10000000' };

/** The real server (`src/main.ts`) on loopback, a free port and a throwaway data directory. */
export function startActorcade(core: string, env: Record<string, string> = {}, options: Omit<PinnedOptions, 'env'> = {}): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-bench-'));
  return startListening(
    'src/main.ts',
    core,
    { ...options, env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', CHARTS: '0', ...BULK_CREATION_ENV, ...env } },
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
}

/** Resident set size of a process, bytes (VmRSS from /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1]);
  return kb * 1024;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  /** 1, 5 and 15 minute load averages when the run ended. */
  loadavg: number[];
  date: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown cpu',
    cores: cpus().length,
    node: process.version,
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString(),
  };
}
