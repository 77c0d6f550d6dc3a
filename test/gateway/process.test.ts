import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connectRaw, textFrame } from '../../bench/lib-raw-ws.js';
import { createSqliteStore } from '../../src/store/index.js';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';
import { subscribe, userOf } from '../channel/support.js';

const root = new URL('../..', import.meta.url).pathname;

/** Start the server exactly as `npm start` does, in its own process. */
function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += line + '\n';
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) resolve(match[1]);
    });
    exited.then((code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { child, listening, exited, output: () => output };
}

t.test('process: SIGTERM closes sockets with 1001, flushes actors to the store and exits 0', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-proc-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = startProcess({ DATA_DIR: dataDir, JWT_SECRET: 'test-secret', SNAPSHOT_EVERY_MS: '600000' });
  const url = await server.listening;
  const minted = await http(url, 'POST', '/api/auth/token', { user_id: 'ann' });
  const auth = { authorization: `Bearer ${minted.body.token}` };
  const channel = (await http(url, 'POST', '/api/channels', { name: 'kept', is_private: true }, auth)).body.id;
  // A mafia game's join is journaled; the shutdown flush folds it into the game's snapshot.
  const game = (await http(url, 'POST', '/api/games', { player_name: 'Ann' })).body.game_id;
  t.equal((await http(url, 'POST', `/api/games/${game}/players`, { player_name: 'Bob' })).status, 201);
  const socket = await connect(`${url.replace('http', 'ws')}/voice/ws?token=${minted.body.token}`);
  await socket.next('ready');

  server.child.kill('SIGTERM');
  t.equal((await socket.closed).code, 1001, 'clients see 1001 going away');
  t.equal(await server.exited, 0, 'exit code 0');
  const store = await createSqliteStore(dataDir);
  const { snapshot, entries } = await store.recover(`mafia/${game}`);
  t.match(snapshot, { data: { context: { players: [{ name: 'Ann' }, { name: 'Bob' }] } } }, 'the actor was flushed');
  t.same(entries, [], 'its snapshot covers its whole journal');
  // A channel's record is its rows (docs/durability.md).
  t.match(await store.channels.channel(channel), { channel: { name: 'kept', is_private: true } }, 'the channel is stored');
  await store.close();
});

t.test('process: refuses to start on the pure-JS uWebSockets.js fallback', async (t) => {
  const server = startProcess({ UWS_USE_FALLBACK: '1' });
  await t.rejects(server.listening, /fallback/);
  t.equal(await server.exited, 1);
  t.match(server.output(), /pure-JS fallback.*Refusing to start/s);
});

t.test('gateway: a reader that stops reading is dropped; the others keep receiving', async (t) => {
  const srv = await startServer({ MAX_BACKPRESSURE_BYTES: '65536', MESSAGE_MAX_CHARS: '60000', MAX_BODY_BYTES: '100000' });
  t.teardown(() => srv.close());
  const [ann, slow] = await Promise.all([userOf(srv, 'ann'), userOf(srv, 'slow')]);
  const channel = (await ann.rest('POST', '/api/channels', { name: 'busy' })).body.id;
  const fast = await ann.socket();
  await subscribe(fast, channel);

  let slowSubscribed = false;
  const stalled = await connectRaw(`${srv.wsUrl('/voice/ws')}?token=${slow.token}`, (_op, payload) => {
    if (payload.includes('"subscribed"')) slowSubscribed = true;
  });
  stalled.send(textFrame(JSON.stringify({ type: 'subscribe', channel_id: channel })));
  while (!slowSubscribed) await new Promise((r) => setTimeout(r, 10));
  stalled.socket.pause(); // stops reading: the kernel buffers fill, then uWS's backpressure grows

  // Fan-out far more than the kernel's loopback buffers + the 64 KiB backpressure limit can hold.
  const rounds = 300;
  const content = 'x'.repeat(60_000);
  for (let i = 0; i < rounds; i++) {
    const posted = await ann.rest('POST', `/api/channels/${channel}/messages`, { content });
    if (posted.status !== 201) throw new Error(`post failed: ${posted.status}`);
  }
  let heard = 0;
  while (heard < rounds) {
    await fast.next('message_create', 10_000);
    heard++;
  }
  t.equal(heard, rounds, 'the fast reader got every broadcast');
  // The stalled client never reads the FIN (it is paused), so ask the server who is still connected.
  let connections = '';
  for (let tries = 0; tries < 50; tries++) {
    const metrics = await http(srv.url, 'GET', '/metrics');
    connections = /actorcade_connections\{route="\/voice\/ws"\} (\d+)/.exec(metrics.body)?.[1] ?? '';
    if (connections === '1') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.equal(connections, '1', 'the server dropped the stalled reader and kept the fast one');
  stalled.socket.destroy();
  await fast.close();
});
