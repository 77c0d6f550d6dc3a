import t from 'tap';
import { connect } from '../support/client.js';
import { startServer } from '../support/server.js';
import { userOf } from './support.js';

const presenceOf = (user: string, status?: string) => (f: any) => f.type === 'presence_update' && f.user_id === user && (status === undefined || f.status === status);

t.test('channel presence: only those who share a channel hear a user come and go', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const [ann, bob, dan, cat] = await Promise.all(['ann', 'bob', 'dan', 'cat'].map((id) => userOf(srv, id)));
  t.equal((await ann.rest('POST', '/api/channels', { name: 'ann-bob', members: ['bob'] })).status, 201);
  t.equal((await dan.rest('POST', '/api/channels', { name: 'dan-cat', members: ['cat'] })).status, 201);

  const b = await bob.socket();
  const d = await dan.socket();
  const a = await ann.socket();
  t.match(await b.next(presenceOf('ann', 'online')), {}, 'bob, who shares a channel with ann, hears her come online');
  const c = await cat.socket();
  t.match(await d.next(presenceOf('cat', 'online')), {}, 'dan hears cat, his channel mate');
  await a.close();
  t.match(await b.next(presenceOf('ann', 'offline')), {}, 'bob hears ann go offline');
  await c.close();
  t.match(await d.next(presenceOf('cat', 'offline')), {}, 'dan hears cat go offline, published after ann did');
  t.notOk(d.received.some(presenceOf('ann')), 'dan, who shares no channel with ann, heard nothing of her');
  t.notOk(b.received.some(presenceOf('cat')), 'nor bob of cat');
  await Promise.all([b.close(), d.close()]);
});

t.test('channel presence: a channel made while connected makes its members hear each other', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const [erin, finn, gus] = await Promise.all(['erin', 'finn', 'gus'].map((id) => userOf(srv, id)));
  const e = await erin.socket();
  const f = await finn.socket();
  const created = await erin.rest('POST', '/api/channels', { name: 'later', members: ['finn'] });
  t.equal(created.status, 201);
  const g = await gus.socket();
  t.equal((await gus.rest('POST', `/api/channels/${created.body.id}/members`, { user_id: 'gus' })).status, 200, 'gus joins the public channel');
  // Presence changes after the channel existed reach the new mates.
  const f2 = await finn.socket();
  await f.close();
  await f2.close();
  t.match(await e.next(presenceOf('finn', 'offline')), {}, 'erin hears finn, made her mate after both connected');
  t.match(await g.next(presenceOf('finn', 'offline')), {}, 'gus, who joined later, hears finn too');
  await g.close();
  t.match(await e.next(presenceOf('gus', 'offline')), {}, 'and erin hears gus');
  await e.close();
});

t.test('channel presence: a user with many sockets is online until the last one closes, then offline once', async (t) => {
  const srv = await startServer({ MAX_SOCKETS_PER_USER: '40' });
  t.teardown(() => srv.close());
  const [hal, ivy] = await Promise.all(['hal', 'ivy'].map((id) => userOf(srv, id)));
  t.equal((await hal.rest('POST', '/api/channels', { name: 'pair', members: ['ivy'] })).status, 201);
  const watcher = await ivy.socket();
  const sockets = [];
  for (let i = 0; i < 30; i++) sockets.push(await hal.socket());
  t.match(await watcher.next(presenceOf('hal', 'online')), {});
  await Promise.all(sockets.slice(1).map((s) => s.close()));
  await sockets[0].close();
  t.match(await watcher.next(presenceOf('hal', 'offline')), {});
  t.same(
    watcher.received.filter(presenceOf('hal')).map((f: any) => f.status),
    ['online', 'offline'],
    'one update per change, however many sockets',
  );
  await watcher.close();
});

t.test('gateway: MAX_SOCKETS_PER_USER refuses the next socket of a user with HTTP 429, per user and per route', async (t) => {
  const srv = await startServer({ MAX_SOCKETS_PER_USER: '3' });
  t.teardown(() => srv.close());
  const [jo, kim] = await Promise.all(['jo', 'kim'].map((id) => userOf(srv, id)));
  const open = [await jo.socket(), await jo.socket(), await jo.socket()];
  const refused = await connect(srv.wsUrl(`/voice/ws?token=${jo.token}`)).then(
    () => 0,
    (error: { status?: number }) => error.status,
  );
  t.equal(refused, 429, 'the fourth socket of jo is refused');
  const other = await kim.socket();
  t.ok(other.ready, 'another user still connects');
  const library = await connect(srv.wsUrl(`/ws?token=${jo.token}`));
  t.ok(library, 'the cap is per route: jo still reaches the library route');
  await library.close();
  await open[0].close();
  const again = await jo.socket();
  t.ok(again.ready, 'once one closed, jo may open another');
  await Promise.all([...open.slice(1), again, other].map((s) => s.close()));
});
