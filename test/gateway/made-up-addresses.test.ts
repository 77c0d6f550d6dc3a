import { randomUUID } from 'node:crypto';
import t from 'tap';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';

// A client that names sessions nobody created (a made-up channel id, a made-up game id) gets
// its error, and the server keeps no actor for them: a hostile client cannot fill memory with
// live actors by inventing ids (each costs a store read, never a live actor).
t.test('made-up addresses: refused, and no actor stays live for them', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const actors = async () => (await http(srv.url, 'GET', '/healthz')).body.actors as Record<string, number>;

  const token = srv.server.auth.mint('ann', 600).token;
  const voice = await connect(srv.wsUrl(`/voice/ws?token=${token}`));
  await voice.next('ready');
  const channelsBefore = (await actors()).channel ?? 0;
  for (let i = 0; i < 20; i++) {
    voice.send({ id: `s${i}`, type: 'subscribe', channel_id: randomUUID() });
    t.match(await voice.next((f) => f.id === `s${i}`), { type: 'error', code: 'NOT_FOUND' });
  }
  t.equal((await actors()).channel ?? 0, channelsBefore, 'twenty made-up channels leave no channel actor');

  const mafia = await connect(srv.wsUrl('/mafia/ws'));
  const gamesBefore = (await actors()).mafia ?? 0;
  for (let i = 0; i < 10; i++) {
    mafia.send({ type: 'JOIN_GAME', payload: { game_id: `g-${randomUUID()}`, player_name: 'Zed' } });
    t.match(await mafia.next('ERROR'), { payload: { code: 'GAME_NOT_FOUND' } });
  }
  t.equal((await actors()).mafia ?? 0, gamesBefore, 'ten made-up games leave no game actor');

  // A real channel is still served and stays live while subscribed.
  const created = await http(srv.url, 'POST', '/api/channels', { name: 'real' }, { authorization: `Bearer ${token}` });
  voice.send({ id: 'real', type: 'subscribe', channel_id: created.body.id });
  t.match(await voice.next((f) => f.id === 'real'), { type: 'subscribed', channel_id: created.body.id });
  t.equal((await actors()).channel, channelsBefore + 1, 'the created channel has its live actor');
  await voice.close();
  await mafia.close();
});

// The same over paths that come from no socket: the opponent's metrics probe for the pong
// session an `/opponent/ws` event names, and REST requests for made-up channels and games.
// Each is answered as before (the seed's METRICS_UNAVAILABLE with neutral metrics; 404) and
// leaves no live actor and nothing in the store.
t.test('made-up addresses: opponent events and REST requests naming them leave no actor and no stored row', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const actors = async () => (await http(srv.url, 'GET', '/healthz')).body.actors as Record<string, number>;
  const stored = async (address: string) => {
    await srv.server.host.settled();
    const { snapshot, entries } = await srv.server.store.recover(address);
    return snapshot !== undefined || entries.length > 0;
  };
  const before = await actors();

  const sessions = Array.from({ length: 10 }, () => randomUUID());
  const opponent = await connect(srv.wsUrl(`/opponent/ws?session_id=${randomUUID()}`));
  for (const [i, sessionId] of ['', ...sessions].entries()) {
    opponent.send({
      type: 'game_event', event_id: `e${i}`, game_mode: 'pong', event: 'player_score', score: { player: 1, ai: 0 },
      current_difficulty: 0.5, event_context: {}, timestamp_ms: Date.now(), ...(sessionId ? { session_id: sessionId } : {}),
    });
    // Taunts are limited to one per 3 s: the events after the first also hear RATE_LIMIT.
    t.match(await opponent.next((f) => f.type === 'error' && f.code === 'METRICS_UNAVAILABLE'), { recoverable: true }, `event ${i}: no live metrics`);
    t.match(await opponent.next((f) => f.type === 'opponent_update' && f.event_id === `e${i}`), { metrics: { stress: 0.5 }, meta: { metrics_age_ms: null } });
  }
  t.equal((await actors()).pong ?? 0, before.pong ?? 0, 'eleven made-up pong sessions leave no pong actor');
  t.notOk(await stored(`pong/${sessions[0]}`), 'nor a stored row');
  await opponent.close();

  const auth = { authorization: `Bearer ${srv.server.auth.mint('ann', 600).token}` };
  const channels = Array.from({ length: 5 }, () => randomUUID());
  for (const id of channels) {
    t.match(await http(srv.url, 'GET', `/api/channels/${id}`, undefined, auth), { status: 404 });
    t.match(await http(srv.url, 'GET', `/api/channels/${id}/messages`, undefined, auth), { status: 404 });
    t.match(await http(srv.url, 'POST', `/api/channels/${id}/messages`, { content: 'hi' }, auth), { status: 404 });
    t.match(await http(srv.url, 'POST', `/api/channels/${id}/members`, { user_id: 'bob' }, auth), { status: 404 });
  }
  t.equal((await actors()).channel ?? 0, before.channel ?? 0, 'REST on five made-up channels leaves no channel actor');
  t.notOk(await stored(`channel/${channels[0]}`), 'nor a stored row');

  const games = Array.from({ length: 5 }, () => `g-${randomUUID()}`);
  for (const id of games) {
    t.match(await http(srv.url, 'GET', `/api/games/${id}`), { status: 404, body: { error: { code: 'GAME_NOT_FOUND' } } });
    t.match(await http(srv.url, 'POST', `/api/games/${id}/players`, { player_name: 'Zed' }), { status: 404 });
  }
  t.equal((await actors()).mafia ?? 0, before.mafia ?? 0, 'REST on five made-up games leaves no game actor');
  t.notOk(await stored(`mafia/${games[0]}`), 'nor a stored row');

  // Real sessions reached the same ways are still served as before.
  const created = await http(srv.url, 'POST', '/api/channels', { name: 'real' }, auth);
  t.match(await http(srv.url, 'GET', `/api/channels/${created.body.id}`, undefined, auth), { status: 200, body: { name: 'real' } });
  t.match(await http(srv.url, 'POST', `/api/channels/${created.body.id}/messages`, { content: 'hello' }, auth), { status: 201 });
  t.match(await http(srv.url, 'GET', `/api/channels/${created.body.id}/messages`, undefined, auth), { status: 200, body: { messages: [{ content: 'hello' }] } });
  const gamesLive = (await actors()).mafia ?? 0;
  const game = await http(srv.url, 'POST', '/api/games', { player_name: 'Ann' });
  t.match(await http(srv.url, 'GET', `/api/games/${game.body.game_id}`), { status: 200 });
  t.equal((await actors()).mafia, gamesLive + 1, 'a created game keeps its live actor');
});
