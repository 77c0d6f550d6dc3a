import t from 'tap';
import { connect, http } from '../support/client.js';
import { event, playersInLobby, startMafiaServer } from './bots.js';

/** Issue 15 over real sockets: a lobby host who leaves and stays away hands the host on. */

t.test('mafia host: the host closes their socket; after MAFIA_HOST_GRACE_MS the longest-seated connected player is host', async (t) => {
  const srv = await startMafiaServer({ MAFIA_HOST_GRACE_MS: '400' });
  t.teardown(() => srv.close());
  const { gameId, bots } = await playersInLobby(srv, 4);
  const [host, second, third] = bots;
  await host.client.close();
  t.same((await event(second, 'PLAYER_LEFT')).payload, { player_id: host.id });

  // No host-change event in the seed: every connected player gets a fresh snapshot naming the new host.
  const mine = (await event(second, 'GAME_STATE_SNAPSHOT', (p) => p.game_state.host_player_id === second.id)).payload.game_state;
  t.match(mine, { phase: 'LOBBY', host_player_id: second.id, you: { player_id: second.id, is_host: true } });
  t.match(mine.players.find((p: any) => p.player_id === host.id), { is_host: false, is_connected: false });
  const theirs = (await event(third, 'GAME_STATE_SNAPSHOT', (p) => p.game_state.host_player_id === second.id)).payload.game_state;
  t.match(theirs, { you: { player_id: third.id, is_host: false } });
  const view = await http(srv.url, 'GET', `/api/games/${gameId}`);
  t.equal(view.body.host_player_id, second.id, 'the REST view agrees');

  // The old host comes back as an ordinary player; a newcomer's PLAYER_JOINED shows the new host in the snapshot it gets.
  const back = await connect(srv.wsUrl('/mafia/ws'));
  t.teardown(() => back.close());
  back.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: host.id, session_token: host.token } });
  t.match((await back.next('GAME_STATE_SNAPSHOT')).payload.game_state, { host_player_id: second.id, you: { is_host: false } });
  const late = await connect(srv.wsUrl('/mafia/ws'));
  t.teardown(() => late.close());
  late.send({ type: 'JOIN_GAME', payload: { game_id: gameId, player_name: 'Late' } });
  t.match((await late.next('GAME_STATE_SNAPSHOT')).payload.game_state, { host_player_id: second.id });
  back.send({ type: 'START_GAME', payload: {} });
  t.match((await back.next('ERROR')).payload, { code: 'NOT_HOST' });
  for (const bot of bots.slice(1)) await bot.client.close();
});

t.test('mafia host: a host back within MAFIA_HOST_GRACE_MS stays host', async (t) => {
  const srv = await startMafiaServer({ MAFIA_HOST_GRACE_MS: '1500' });
  t.teardown(() => srv.close());
  const { gameId, bots } = await playersInLobby(srv, 3);
  const [host, second] = bots;
  await host.client.close();
  await event(second, 'PLAYER_LEFT');
  const back = await connect(srv.wsUrl('/mafia/ws'));
  back.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: host.id, session_token: host.token } });
  t.match((await back.next('GAME_STATE_SNAPSHOT')).payload.game_state, { host_player_id: host.id, you: { is_host: true } });
  await new Promise((r) => setTimeout(r, 1_800));
  const view = await http(srv.url, 'GET', `/api/games/${gameId}`);
  t.equal(view.body.host_player_id, host.id, 'still the host after the grace time');
  await back.close();
  for (const bot of bots.slice(1)) await bot.client.close();
});
