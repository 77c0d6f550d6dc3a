import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { userOf } from '../channel/support.js';
import { http } from '../support/client.js';
import { requirePostgres, startPostgres } from '../support/postgres.js';
import { startServer } from '../support/server.js';

t.test('postgres store: the database stops and restarts under a running server; it answers 503, stays up and recovers by itself', async (t) => {
  if (!requirePostgres(t)) return;
  const pg = await startPostgres(t);
  const srv = await startServer({ DATABASE_URL: await pg.createDatabase(), DATABASE_CONNECT_TIMEOUT_MS: '2000' });
  t.teardown(() => srv.close());
  const ann = await userOf(srv, 'ann');
  const created = await ann.rest('POST', '/api/channels', { name: 'through-the-outage' });
  t.equal(created.status, 201);
  const channel = created.body.id;
  t.equal((await ann.rest('POST', `/api/channels/${channel}/messages`, { content: 'before' })).status, 201);
  // Reads run after this process's earlier writes (in call order): once this answers, both are stored.
  t.equal((await ann.rest('GET', `/api/channels/${channel}/messages`)).body.messages.length, 1);

  await pg.stop();

  const listed = await ann.rest('GET', '/api/channels');
  t.equal(listed.status, 503, 'a request that needs the database answers 503');
  t.equal(listed.body.error.code, 'SERVICE_UNAVAILABLE');
  const page = await ann.rest('GET', `/api/channels/${channel}/messages`);
  t.equal(page.status, 503);
  const socket = await ann.socket().catch((error: Error) => error);
  t.type(socket, Error, 'a socket that needs its channels does not get ready');
  t.equal((await http(srv.url, 'GET', '/healthz')).status, 200, 'the process stays up');

  await pg.start();

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
