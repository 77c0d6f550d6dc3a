import t from 'tap';
import { createBus, createDeferredTransport } from '../../src/bus/index.js';
import { subscribe, userOf } from '../channel/support.js';
import { api, connectLibrary, createLibrary, FAST_ENV as LIBRARY_ENV, subscribeTo, tokenFor } from '../library/helpers.js';
import { FAST_ENV as MAFIA_ENV, event, playersInLobby, startGame } from '../mafia/bots.js';
import { closeAll, seatPlayers } from '../poker/socket-support.js';
import { connect, type TestClient } from '../support/client.js';
import { startServer, type TestServer } from '../support/server.js';

/**
 * The whole server — every session type, the gateway, the actor host — on the deferred
 * transport, which delivers every send and publish on a later macrotask as a network
 * does. Each session type runs one seed flow over real sockets: nothing above the bus may
 * depend on a send being handled, or a publish being heard, before it returns.
 */
const ENV: Record<string, string> = {
  ...LIBRARY_ENV,
  ...MAFIA_ENV,
  POKER_RNG_SEED: 'async-transport',
  POKER_NEXT_HAND_DELAY_MS: '250',
  POKER_MIN_BUY_IN: '100',
  POKER_MAX_BUY_IN: '100000',
  POKER_MAX_SEATS: '6',
  PONG_CAL_BASELINE_MS: '1200',
  PONG_START_CALIBRATION_EVERY_MS: '0',
  RATE_LIMIT_PER_SEC: '1000',
  RATE_LIMIT_BURST: '1000',
};

let srv: TestServer;
const sockets: TestClient[] = [];
const track = <T extends TestClient>(client: T) => (sockets.push(client), client);

t.before(async () => {
  srv = await startServer(ENV, { bus: createBus(createDeferredTransport()) });
});
t.teardown(() => srv.close());

t.afterEach(() => {
  const serverErrors = sockets.flatMap((c) => c.received.filter((f) => /SERVER_ERROR/.test(JSON.stringify(f ?? ''))));
  sockets.length = 0;
  if (serverErrors.length > 0) throw new Error(`a socket saw a server error: ${JSON.stringify(serverErrors[0])}`);
});

t.test('async bus, channel: subscribers hear a posted message and typing', async (t) => {
  const [ann, bob] = await Promise.all([userOf(srv, 'ann', 'Ann'), userOf(srv, 'bob')]);
  const created = await ann.rest('POST', '/api/channels', { name: 'lobby', members: ['bob'] });
  t.equal(created.status, 201);
  const channel = created.body.id as string;
  const a = track(await ann.socket());
  const b = track(await bob.socket());
  t.match(await subscribe(a, channel), { type: 'subscribed', channel_id: channel });
  t.match(await subscribe(b, channel), { type: 'subscribed', channel_id: channel });

  const posted = await bob.rest('POST', `/api/channels/${channel}/messages`, { content: 'hello over a later turn' });
  t.equal(posted.status, 201, 'the REST request/reply to the channel actor resolves');
  for (const client of [a, b]) {
    t.match(await client.next('message_create'), { channel_id: channel, message: { id: posted.body.id, author_id: 'bob', content: 'hello over a later turn' } });
  }
  a.send({ type: 'typing', channel_id: channel });
  t.match(await b.next('typing_start'), { channel_id: channel, user_id: 'ann' });
  await a.close();
  await b.close();
});

t.test('async bus, mafia: create and join over sockets, private role cards, a public chat', async (t) => {
  const { gameId, bots } = await playersInLobby(srv, 6);
  for (const bot of bots) track(bot.client);
  t.match(gameId, /^g-/);
  t.ok(bots.every((b) => b.client.received.some((f) => f.type === 'PLAYER_JOINED' && f.payload.player.player_id === b.id)), 'every joiner hears its own PLAYER_JOINED');
  await startGame(bots);
  for (const bot of bots) {
    const cards = bot.client.received.filter((f) => f.type === 'ROLE_ASSIGNED');
    t.equal(cards.length, 1, `${bot.name} gets exactly one role card: its own`);
  }
  const speaker = bots[1];
  speaker.client.send({ type: 'POST_CHAT_MESSAGE', payload: { content: 'Good morning, team.' } });
  for (const bot of bots) {
    t.match((await event(bot, 'CHAT_MESSAGE')).payload.message, { player_id: speaker.id, content: 'Good morning, team.', channel: 'PUBLIC' });
  }
  await Promise.all(bots.map((b) => b.client.close()));
});

t.test('async bus, poker: SESSION, SIT, and a hand whose hole cards reach only their owner', async (t) => {
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), [1000, 1000]);
  for (const p of players) track(p.client);
  for (const p of players) {
    await p.client.next('HAND_START', 10_000);
    const hole = await p.client.next('DEAL_HOLE', 10_000);
    t.equal(hole.playerId, p.userId, 'DEAL_HOLE names its owner');
    t.equal(hole.cards.length, 2);
  }
  await players[0].client.next('ACTION_PROMPT', 10_000);
  for (const p of players) {
    t.equal(p.client.received.filter((f) => f.type === 'DEAL_HOLE').length, 1, 'no one receives another player’s hole cards');
  }
  await closeAll(players);
});

t.test('async bus, library: connect, a fixture sync to sync_completed, an assistant answer', async (t) => {
  const token = await tokenFor(srv, 'lib-ann');
  const library = await createLibrary(srv, token);
  const a = track(await connectLibrary(srv, token));
  await subscribeTo(a, ['sync_progress'], { library_id: library.library_id });
  const start = await api(srv, token).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  t.equal(start.status, 202);
  t.match((await a.next('sync_started')).data, { operation_id: start.body.operation_id, library_id: library.library_id });
  t.match((await a.next('sync_completed', 60_000)).data, { operation_id: start.body.operation_id, status: 'completed', games_added: 198 });

  a.send({ type: 'ai_chat_message', data: { message: 'Show me my unplayed RPG games', context: { library_id: library.library_id } }, id: 'msg_1', timestamp: new Date().toISOString() });
  const end = await a.next((f) => f.id === 'msg_1' && (f.type === 'ai_chat_response_complete' || f.type === 'ai_error'), 10_000);
  t.equal(end.type, 'ai_chat_response_complete', 'the assistant answers');
  t.ok(a.received.some((f) => f.id === 'msg_1' && f.type === 'ai_chat_response_chunk'), 'streamed in chunks');
  await a.close();
});

t.test('async bus, pong: connect, then calibration starts', async (t) => {
  const c = track(await connect(srv.wsUrl('/pong/ws')));
  c.send({ type: 'connect', data: {} });
  const created = await c.next('session_created');
  t.equal(created.data.calibrationRequired, true);
  c.send({ type: 'start_calibration' });
  t.match((await c.next('calibration_step')).data, { step: 'baseline', trial: 1 });
  await c.close();
});
