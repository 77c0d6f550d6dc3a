import t from 'tap';
import { userOf } from '../channel/support.js';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';

const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

t.test('creation limits: one client creating mafia games too fast gets 429 with Retry-After, over REST and the socket', async (t) => {
  const srv = await startServer({ CREATE_RATE_PER_MIN: '1', CREATE_RATE_BURST: '2' });
  t.teardown(() => srv.close());
  for (let i = 0; i < 2; i++) t.equal((await post(srv.url, '/api/games', { player_name: `p${i}` })).status, 201, `game ${i + 1} of the burst`);
  const refused = await post(srv.url, '/api/games', { player_name: 'p3' });
  t.equal(refused.status, 429, 'the third game is refused');
  t.match(refused.headers.get('retry-after'), /^\d+$/, 'with Retry-After in seconds');
  t.match(await refused.json(), { error: { code: 'RATE_LIMITED' } });

  const socket = await connect(srv.wsUrl('/mafia/ws'));
  socket.send({ type: 'CREATE_GAME', payload: { player_name: 'Ann' } });
  t.match(await socket.next('ERROR'), { payload: { code: 'RATE_LIMITED' } }, 'a socket CREATE_GAME from the same client is refused too');
  socket.send({ type: 'JOIN_GAME', payload: { game_id: 'nope', player_name: 'Ann' } });
  t.match(await socket.next('ERROR'), { payload: { code: 'GAME_NOT_FOUND' } }, 'and the socket stays usable');
  await socket.close();
});

t.test('creation limits: MAX_LIVE_SESSIONS refuses a game beyond the cap with SERVER_FULL', async (t) => {
  const srv = await startServer({ MAX_LIVE_SESSIONS: '2' });
  t.teardown(() => srv.close());
  for (let i = 0; i < 2; i++) t.equal((await post(srv.url, '/api/games', { player_name: `p${i}` })).status, 201);
  const full = await post(srv.url, '/api/games', { player_name: 'p3' });
  t.equal(full.status, 503);
  t.match(await full.json(), { error: { code: 'SERVER_FULL' } });
  const socket = await connect(srv.wsUrl('/mafia/ws'));
  socket.send({ type: 'CREATE_GAME', payload: { player_name: 'Ann' } });
  t.match(await socket.next('ERROR'), { payload: { code: 'SERVER_FULL' } });
  await socket.close();
});

t.test('creation limits: channels per user; GET /api/channels pages with limit, after and has_more', async (t) => {
  const srv = await startServer({ CREATE_RATE_PER_MIN: '1', CREATE_RATE_BURST: '5' });
  t.teardown(() => srv.close());
  const [ann, bob] = await Promise.all([userOf(srv, 'ann'), userOf(srv, 'bob')]);
  for (let i = 0; i < 5; i++) t.equal((await ann.rest('POST', '/api/channels', { name: `c${i}` })).status, 201);
  const refused = await post(srv.url, '/api/channels', { name: 'c6' }, { authorization: `Bearer ${ann.token}` });
  t.equal(refused.status, 429, 'ann made too many channels');
  t.ok(Number(refused.headers.get('retry-after')) >= 1);
  t.equal((await bob.rest('POST', '/api/channels', { name: 'bobs' })).status, 201, 'bob has his own allowance');

  const all = await ann.rest('GET', '/api/channels');
  t.equal(all.body.channels.length, 6, 'without limit, the default page holds them all');
  t.equal(all.body.has_more, false);
  const first = await ann.rest('GET', '/api/channels?limit=4');
  t.same(first.body.channels.map((c: any) => c.name), ['c0', 'c1', 'c2', 'c3']);
  t.equal(first.body.has_more, true);
  const second = await ann.rest('GET', `/api/channels?limit=4&after=${first.body.channels[3].id}`);
  t.same(second.body.channels.map((c: any) => c.name), ['c4', 'bobs']);
  t.equal(second.body.has_more, false);
  t.equal((await ann.rest('GET', '/api/channels?limit=0')).status, 400, 'a bad limit is a 400');
  t.equal((await ann.rest('GET', '/api/channels?limit=100000')).status, 400);
});

t.test('poker lobby: GET /api/tables pages and does not wake passivated tables', async (t) => {
  const srv = await startServer({ PASSIVATE_AFTER_MS: '50' });
  t.teardown(() => srv.close());
  for (let i = 0; i < 3; i++) t.equal((await http(srv.url, 'POST', '/api/tables', { smallBlind: 1, bigBlind: 2, name: `T${i}` })).status, 201);
  const page = await http(srv.url, 'GET', '/api/tables?limit=2');
  t.equal(page.body.tables.length, 2);
  t.equal(page.body.has_more, true);
  const rest = await http(srv.url, 'GET', `/api/tables?limit=2&after=${page.body.tables[1].tableId}`);
  t.same(rest.body.tables.map((table: any) => table.name), ['T1', 'T2']);
  t.equal(rest.body.has_more, false);

  const livePoker = async () => (await http(srv.url, 'GET', '/healthz')).body.actors.poker as number;
  while ((await livePoker()) > 0) await new Promise((r) => setTimeout(r, 50));
  const listed = await http(srv.url, 'GET', '/api/tables');
  t.equal(listed.body.tables.length, 4, 'every table is listed');
  t.equal(await livePoker(), 0, 'and none was woken to list it');
});
