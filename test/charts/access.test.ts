import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import t from 'tap';
import { connect } from '../support/client.js';
import { startServer, type TestServer } from '../support/server.js';

/**
 * Who may see `/charts`, over real HTTP and WebSocket: on a server listening beyond
 * loopback (HOST=0.0.0.0, reached here through 127.0.0.1) only an administrator's JWT or
 * the link token `npm start` prints; on a loopback-only server, anyone.
 */

const PAGES = ['/charts', '/charts/api/types', '/charts/api/actors', '/charts/api/actor?address=mafia/none'];

const get = (srv: TestServer, path: string, headers: Record<string, string> = {}) => fetch(`${srv.url}${path}`, { headers });
const withToken = (path: string, token: string) => `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
/** What an upgrade to /charts/ws answers: 'open', or the HTTP status it was refused with. */
async function upgrade(srv: TestServer, query = '', headers: Record<string, string> = {}): Promise<'open' | number> {
  try {
    const client = await connect(srv.wsUrl(`/charts/ws${query}`), headers);
    await client.close();
    return 'open';
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}
/** Served, not refused: a missing actor is a 404 of the API, not of the access check. */
const served = (status: number) => status === 200 || status === 404;

t.test('charts beyond loopback: refused without a credential (401)', async (t) => {
  const srv = await startServer({ HOST: '0.0.0.0' });
  t.teardown(() => srv.close());
  for (const path of PAGES) {
    const res = await get(srv, path);
    t.equal(res.status, 401, `GET ${path}`);
    t.match(await res.json(), { error: { code: 'UNAUTHORIZED' } });
  }
  t.equal(await upgrade(srv), 401, 'the socket is refused at upgrade');
  t.equal((await get(srv, '/charts/api/types', { authorization: 'Bearer forged' })).status, 401, 'a forged token');
  t.equal(await upgrade(srv, '?token=forged'), 401);
  t.equal((await get(srv, '/charts/app.js')).status, 200, 'the script carries no data: a page opened with ?token= loads it');
});

t.test('charts beyond loopback: an admin JWT is let in, by header or ?token=, page, API and socket', async (t) => {
  const srv = await startServer({ HOST: '0.0.0.0', ADMIN_USERS: 'root,ops' });
  t.teardown(() => srv.close());
  const admin = srv.server.auth.mint('ops', 600).token;
  for (const path of PAGES) {
    t.ok(served((await get(srv, path, { authorization: `Bearer ${admin}` })).status), `GET ${path} with a bearer admin JWT`);
    t.ok(served((await get(srv, withToken(path, admin))).status), `GET ${path}?token=<admin JWT>`);
  }
  const types = await (await get(srv, '/charts/api/types', { authorization: `Bearer ${admin}` })).json();
  t.ok(types.types.length > 0, 'the API answers for real');
  t.equal(await upgrade(srv, `?token=${admin}`), 'open', 'socket with ?token=');
  t.equal(await upgrade(srv, '', { authorization: `Bearer ${admin}` }), 'open', 'socket with a bearer header');
});

t.test('charts beyond loopback: a JWT of a user who is not an administrator is refused (403)', async (t) => {
  const srv = await startServer({ HOST: '0.0.0.0' });
  t.teardown(() => srv.close());
  const user = srv.server.auth.mint('alice', 600).token;
  for (const path of PAGES) {
    const res = await get(srv, path, { authorization: `Bearer ${user}` });
    t.equal(res.status, 403, `GET ${path}`);
    t.match(await res.json(), { error: { code: 'PERMISSION_DENIED' } });
  }
  t.equal(await upgrade(srv, `?token=${user}`), 403);
});

t.test('charts beyond loopback: the link token lets in page, API and socket', async (t) => {
  const srv = await startServer({ HOST: '0.0.0.0' });
  t.teardown(() => srv.close());
  const link = new URL(srv.server.chartsUrl!);
  const token = link.searchParams.get('token')!;
  t.ok(token && token.length >= 32, 'the link carries a long random token');
  t.equal(link.pathname, '/charts');
  for (const path of PAGES) t.ok(served((await get(srv, withToken(path, token))).status), `GET ${path}?token=<link>`);
  t.equal(await upgrade(srv, `?token=${token}`), 'open');
  t.equal((await get(srv, withToken('/charts', `${token}x`))).status, 401, 'a near miss is refused');
  t.equal((await get(srv, '/api/admin/maintenance', { authorization: `Bearer ${token}` })).status === 200, false, 'the link opens the charts only');
});

t.test('charts on a loopback-only server: open, no token in the link', async (t) => {
  for (const host of ['127.0.0.1', 'localhost']) {
    const srv = await startServer({ HOST: host });
    for (const path of PAGES) t.ok(served((await get(srv, path)).status), `${host}: GET ${path}`);
    t.equal(await upgrade(srv), 'open', `${host}: the socket`);
    t.equal(new URL(srv.server.chartsUrl!).search, '', `${host}: the link needs no token`);
    await srv.close();
  }
});

t.test('npm start prints `listening on …` first and the charts link second, and the link works', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: { ...process.env, PORT: '0', HOST: '0.0.0.0', DATA_DIR: dataDir, JWT_SECRET: 'start-secret', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });
  const lines: string[] = [];
  const lineReader = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed ${JSON.stringify(lines)}`)), 30_000);
    lineReader.on('line', (line) => {
      lines.push(line);
      if (lines.length === 2) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const [first, second] = lines;
  t.match(first, /^listening on http:\/\/0\.0\.0\.0:\d+$/, 'the first line is unchanged');
  const port = Number(/:(\d+)$/.exec(first)![1]);
  t.match(second, new RegExp(`^charts: http://0\\.0\\.0\\.0:${port}/charts\\?token=[A-Za-z0-9_-]{32,}$`));
  const token = new URL(second.slice('charts: '.length)).searchParams.get('token')!;
  t.equal((await fetch(`http://127.0.0.1:${port}/charts/api/types`)).status, 401);
  t.equal((await fetch(`http://127.0.0.1:${port}/charts/api/types?token=${token}`)).status, 200, 'the printed link opens the charts');
});
