import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPostgresStore } from '../../src/store/index.js';
import { requirePostgres, startPostgres } from '../support/postgres.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Run `npm start`'s entry point with `env` until it exits; its exit code and what it printed. */
function startMain(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-startup-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_CONNECT_TIMEOUT_MS: '3000', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // A server that did start is a failure of the test: stop it.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

t.test('start-up: an unreachable database stops the server with one line saying so', async (t) => {
  const port = await closedPort();
  const run = await startMain({ DATABASE_URL: `postgres://actorcade@127.0.0.1:${port}/actorcade` });
  t.equal(run.code, 1);
  t.same(lines(run.stderr), [`actorcade: cannot start: database: cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED)`]);
  t.equal(run.stdout, '', 'it never says it is listening');
});

t.test('start-up: a URL that is not postgres:// is refused in one line', async (t) => {
  const run = await startMain({ DATABASE_URL: 'mysql://root@127.0.0.1/x' });
  t.equal(run.code, 1);
  t.same(lines(run.stderr), ['actorcade: cannot start: database: DATABASE_URL must be a postgres:// URL']);
});

t.test('start-up: a wrong password or a missing database stops the server with one line saying which', async (t) => {
  if (!requirePostgres(t)) return;
  const server = await startPostgres(t, { password: 'right-horse' });
  const good = await server.createDatabase('game');
  const wrong = good.replace('right-horse', 'wrong-horse');
  const badPassword = await startMain({ DATABASE_URL: wrong });
  t.equal(badPassword.code, 1);
  t.same(lines(badPassword.stderr), [`actorcade: cannot start: database: PostgreSQL at 127.0.0.1:${server.port} refused the password for user "postgres"`]);

  const missing = await startMain({ DATABASE_URL: good.replace('/game', '/nothing_here') });
  t.equal(missing.code, 1);
  t.same(lines(missing.stderr), [`actorcade: cannot start: database: database "nothing_here" does not exist on PostgreSQL at 127.0.0.1:${server.port}`]);
  t.notMatch(badPassword.stderr + missing.stderr, /right-horse|wrong-horse/, 'the password is never printed');
});

t.test('migrations: two nodes opening one new database at the same moment apply each step once', async (t) => {
  if (!requirePostgres(t)) return;
  const server = await startPostgres(t);
  const url = await server.createDatabase();
  const stores = await Promise.all([createPostgresStore({ url }), createPostgresStore({ url }), createPostgresStore({ url })]);
  t.teardown(() => Promise.all(stores.map((s) => s.close())));
  await stores[0].channels.saveChannel({ id: 'c1', name: 'shared', is_private: false, owner_id: 'ann', created_at: '2026-01-01T00:00:00.000Z' }, ['ann']);
  t.same((await stores[2].channels.visibleChannels('bob')).map((c) => c.name), ['shared'], 'every node sees the same tables');
  const client = new pg.Client(url);
  await client.connect();
  t.teardown(() => client.end());
  const { rows } = await client.query('SELECT domain, COUNT(*)::int AS steps, COUNT(DISTINCT version)::int AS distinct_steps FROM schema_migrations GROUP BY domain ORDER BY domain');
  t.same(rows.map((r) => r.domain), ['channel', 'core', 'library', 'poker']);
  for (const row of rows) t.equal(row.steps, row.distinct_steps, `${row.domain}: each step recorded once`);
  const reopened = await createPostgresStore({ url });
  await reopened.close();
  const after = await client.query('SELECT COUNT(*)::int AS n FROM schema_migrations');
  t.equal(after.rows[0].n, rows.reduce((sum, r) => sum + r.steps, 0), 'reopening migrates nothing');
});
