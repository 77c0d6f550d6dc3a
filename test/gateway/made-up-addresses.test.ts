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
