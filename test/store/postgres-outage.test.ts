import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { userOf } from '../channel/support.js';
import pg from 'pg';
import { createPostgresStore, StoreUnavailableError } from '../../src/store/index.js';
import { connect, http } from '../support/client.js';
import { requirePostgres, startPostgres } from '../support/postgres.js';
import { startServer } from '../support/server.js';

t.test('postgres store: the database stops and restarts under a running server; it answers 503, stays up and recovers by itself', async (t) => {
  if (!requirePostgres(t)) return;
  const cluster = await startPostgres(t);
  const srv = await startServer({ DATABASE_URL: await cluster.createDatabase(), DATABASE_CONNECT_TIMEOUT_MS: '2000' });
  t.teardown(() => srv.close());
  const ann = await userOf(srv, 'ann');
  const created = await ann.rest('POST', '/api/channels', { name: 'through-the-outage' });
  t.equal(created.status, 201);
  const channel = created.body.id;
  t.equal((await ann.rest('POST', `/api/channels/${channel}/messages`, { content: 'before' })).status, 201);
  // Reads run after this process's earlier writes (in call order): once this answers, both are stored.
  t.equal((await ann.rest('GET', `/api/channels/${channel}/messages`)).body.messages.length, 1);

  await cluster.stop();

  const listed = await ann.rest('GET', '/api/channels');
  t.equal(listed.status, 503, 'a request that needs the database answers 503');
  t.equal(listed.body.error.code, 'SERVICE_UNAVAILABLE');
  const page = await ann.rest('GET', `/api/channels/${channel}/messages`);
  t.equal(page.status, 503);
  const socket = await connect(srv.wsUrl(`/voice/ws?token=${ann.token}`));
  t.match(await socket.next((f) => f.type === 'error' || f.type === 'ready'), { type: 'error', code: 'SERVER_ERROR' }, 'a socket that needs its channels hears SERVER_ERROR');
  await socket.close();
  t.equal((await http(srv.url, 'GET', '/healthz')).status, 200, 'the process stays up');

  await cluster.start();

  // The pool opens new connections once the database accepts them; no restart of the server.
  let again = await ann.rest('GET', '/api/channels');
  for (let i = 0; again.status !== 200 && i < 100; i++) {
    await sleep(100);
    again = await ann.rest('GET', '/api/channels');
  }
  t.equal(again.status, 200, 'it recovers by itself');
  t.same(
    again.body.channels.map((c: { name: string }) => c.name),
    ['through-the-outage'],
  );
  t.equal((await ann.rest('POST', `/api/channels/${channel}/messages`, { content: 'after' })).status, 201);
  const history = await ann.rest('GET', `/api/channels/${channel}/messages`);
  t.same(
    history.body.messages.map((m: { content: string }) => m.content),
    ['before', 'after'],
  );
  const ready = await ann.socket();
  t.ok(ready.ready.channels.some((c: { id: string }) => c.id === channel), 'sockets get ready again');
  await ready.close();
});

t.test('postgres store: a statement over DATABASE_STATEMENT_TIMEOUT_MS is cancelled and reported as unavailable', async (t) => {
  if (!requirePostgres(t)) return;
  const cluster = await startPostgres(t);
  const url = await cluster.createDatabase();
  const store = await createPostgresStore({ url, statementTimeoutMs: 200 });
  t.teardown(() => store.close());
  await store.putSnapshot('poker/t-1', { hand: 1 }, 0);
  // Another session holds the row, so the compare-and-set waits on its lock until the timeout cancels it.
  const holder = new pg.Client(url);
  await holder.connect();
  t.teardown(() => holder.end());
  await holder.query('BEGIN');
  await holder.query(`SELECT * FROM snapshots WHERE address = 'poker/t-1' FOR UPDATE`);
  await t.rejects(store.putSnapshot('poker/t-1', { hand: 2 }, 1), StoreUnavailableError);
  await holder.query('ROLLBACK');
  t.same(await store.getSnapshot('poker/t-1'), { version: 1, data: { hand: 1 } }, 'nothing changed, and the store carries on');
  t.equal(await store.putSnapshot('poker/t-1', { hand: 2 }, 1), 2);
});
