import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { freePort } from './free-port.js';

/** Where Debian's `postgresql` package puts the server binaries (`PG_BIN` overrides). */
function findBinDir(): string | undefined {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], 'bin');
}

const binDir = findBinDir();
const asRoot = process.getuid?.() === 0;

/** Why no throwaway PostgreSQL can be started here, or undefined when one can. */
export function postgresUnavailable(): string | undefined {
  if (!binDir) return 'PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN): skipping the PostgreSQL tests';
  if (asRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root without a `postgres` user to run initdb as: skipping';
  return undefined;
}

/**
 * Skip the whole test (plan 0, with the reason) when PostgreSQL cannot run here.
 * Resolves true when the caller should go on.
 */
export function requirePostgres(t: Test): boolean {
  const reason = postgresUnavailable();
  if (reason) t.plan(0, reason);
  return reason === undefined;
}

/** initdb refuses to run as root: as root, every server binary runs as the `postgres` user. */
function run(bin: string, args: string[]): string {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir!, bin), ...args]] : [join(binDir!, bin), args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`);
  return result.stdout;
}

/** A running throwaway PostgreSQL cluster. */
export interface TestPostgres {
  readonly port: number;
  /** A fresh, empty database; resolves with its `postgres://` URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stop the server (fast shutdown: open connections are cut), keeping its data. */
  stop(): Promise<void>;
  /** Start it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stop it and remove its data directory (the test's teardown does this). */
  destroy(): Promise<void>;
}

const live = new Set<TestPostgres>();
const destroyAll = () => {
  for (const pg of live) void pg.destroy();
};
let cleanupArmed = false;
/** Removes every cluster when the process ends: tap ends a test over its timeout with SIGTERM, which skips 'exit'. */
function armCleanup() {
  if (cleanupArmed) return;
  cleanupArmed = true;
  process.once('exit', destroyAll);
  process.once('SIGTERM', () => {
    destroyAll();
    process.exit(143);
  });
}

let databases = 0;

/**
 * Start a throwaway PostgreSQL for `t`: initdb in a temp dir owned by the `postgres` user,
 * a free loopback port, its socket in the temp dir (nothing touches a system cluster or
 * 5432), stopped and removed at teardown. With `password`, TCP logins need it (scram);
 * otherwise they are trusted.
 *
 * @example
 * if (!requirePostgres(t)) return;
 * const pg = await startPostgres(t);
 * const store = await createPostgresStore({ url: await pg.createDatabase() });
 */
export async function startPostgres(t: Test, options: { password?: string } = {}): Promise<TestPostgres> {
  const pg = await launchPostgres(options);
  t.teardown(() => pg.destroy());
  return pg;
}

let shared: Promise<TestPostgres> | undefined;

/**
 * One throwaway PostgreSQL for the whole test process, started on first use and removed
 * when the process exits: `TEST_STORE=postgres` servers (test/support/server.ts) each get a
 * fresh database on it.
 */
export function sharedPostgres(): Promise<TestPostgres> {
  shared ??= launchPostgres();
  return shared;
}

async function launchPostgres(options: { password?: string } = {}): Promise<TestPostgres> {
  const reason = postgresUnavailable();
  if (reason) throw new Error(reason);
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const initArgs = ['-D', data, '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8'];
  if (options.password) {
    const pwfile = join(dir, 'pw');
    writeFileSync(pwfile, options.password, { mode: 0o644 });
    initArgs.push('--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`);
  } else {
    initArgs.push('-A', 'trust');
  }
  run('initdb', initArgs);
  const port = await freePort();
  const serverArgs = `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=60`;
  const userPart = options.password ? `postgres:${encodeURIComponent(options.password)}` : 'postgres';
  let running = false;

  const pg: TestPostgres = {
    port,
    async createDatabase(name = `db_${process.pid}_${++databases}`) {
      run('createdb', ['-h', dir, '-p', String(port), '-U', 'postgres', name]);
      return `postgres://${userPart}@127.0.0.1:${port}/${name}`;
    },
    async start() {
      run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', serverArgs, '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop() {
      if (!running) return;
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    async destroy() {
      live.delete(pg);
      if (running) {
        running = false;
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } catch {
          // Already gone: nothing to stop.
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(pg);
  armCleanup();
  await pg.start();
  return pg;
}
