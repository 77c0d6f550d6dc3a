import t from 'tap';
import { connect, http } from '../support/client.js';
import { byRole, event, playDay, playersInLobby, privacyViolations, serverContext, startGame, startMafiaServer } from './bots.js';

t.test('mafia reconnect: a player drops mid-game, is refused with a wrong token, comes back, and a second socket replaces the first', async (t) => {
  const srv = await startMafiaServer();
  t.teardown(() => srv.close());
  const { gameId, bots } = await playersInLobby(srv);
  await startGame(bots);
  const [host, , , , , ] = bots;
  const target = bots[3];
  host.client.send({ type: 'POST_CHAT_MESSAGE', payload: { content: 'before the drop' } });
  await event(target, 'CHAT_MESSAGE');

  // The socket goes away: everyone hears PLAYER_LEFT, the game goes on.
  await target.client.close();
  t.same((await event(host, 'PLAYER_LEFT')).payload, { player_id: target.id });
  const view = await http(srv.url, 'GET', `/api/games/${gameId}`);
  t.match(view.body.players.find((p: any) => p.player_id === target.id), { is_connected: false, is_active: true });

  // A wrong token is refused and binds nothing.
  const thief = await connect(srv.wsUrl('/mafia/ws'));
  thief.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: target.id, session_token: 'not-the-token' } });
  t.match((await thief.next('ERROR')).payload, { code: 'INVALID_SESSION_TOKEN' });
  thief.send({ type: 'SUBMIT_PULSE_CHECK', payload: { response: 'I am someone else.' } });
  t.match((await thief.next('ERROR')).payload, { code: 'NOT_IN_GAME' });
  thief.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: 'p-nobody', session_token: target.token } });
  t.match((await thief.next('ERROR')).payload, { code: 'INVALID_SESSION_TOKEN' }, 'a real token for another player id is refused');

  // The right token: private snapshot, then chat history.
  const back = await connect(srv.wsUrl('/mafia/ws'));
  target.client = back;
  target.sockets.push(back);
  back.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: target.id, session_token: target.token } });
  const snapshot = await back.next('GAME_STATE_SNAPSHOT');
  t.match(snapshot.payload.game_state, { game_id: gameId, phase: 'DAY', sub_phase: 'NOMINATION', day_number: 1, you: { player_id: target.id, role: { role: target.role } } });
  const history = await back.next('CHAT_HISTORY_SNAPSHOT');
  t.match(history.payload.messages, [{ content: 'before the drop', player_id: host.id }]);
  t.equal(back.received.findIndex((f) => f.type === 'GAME_STATE_SNAPSHOT') + 1, back.received.findIndex((f) => f.type === 'CHAT_HISTORY_SNAPSHOT'), 'the chat history follows the snapshot');
  t.same((await event(host, 'PLAYER_RECONNECTED')).payload, { player_id: target.id });

  // A second socket for the same player replaces the first, without a PLAYER_LEFT.
  const second = await connect(srv.wsUrl('/mafia/ws'));
  target.sockets.push(second);
  second.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: target.id, session_token: target.token } });
  await second.next('GAME_STATE_SNAPSHOT');
  t.equal((await back.closed).code, 4000, 'the older socket is closed with 4000');
  target.client = second;
  second.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: host.id, session_token: host.token } });
  t.match((await second.next('ERROR')).payload, { code: 'ALREADY_IN_GAME' }, 'a bound socket cannot take on a second player');
  host.client.send({ type: 'UPDATE_STATUS', payload: { status: 'still here' } });
  await event(target, 'PLAYER_STATUS_UPDATED');
  t.notOk(host.client.received.some((f) => f.type === 'PLAYER_LEFT' && host.client.received.indexOf(f) > host.client.received.findIndex((g) => g.type === 'PLAYER_RECONNECTED')), 'replacing a socket is not leaving');

  // The game goes on with the new socket to the end.
  const core = byRole(bots, 'AI_CORE');
  const other = bots.find((b) => b !== core)!;
  const verdict = await playDay(bots, 1, core, other, () => 'YES', bots);
  t.match(verdict.payload, { deactivated: true });
  t.equal((await event(target, 'GAME_ENDED')).payload.winning_faction, 'EMPLOYEES');

  // After the end, a reconnect still gets the final state with every role revealed.
  const late = await connect(srv.wsUrl('/mafia/ws'));
  target.sockets.push(late);
  late.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: target.id, session_token: target.token } });
  const final = await late.next('GAME_STATE_SNAPSHOT');
  t.match(final.payload.game_state, { phase: 'END', winning_faction: 'EMPLOYEES' });
  t.ok(final.payload.game_state.players.every((p: any) => p.revealed_role));

  t.same(privacyViolations(bots, serverContext(srv, gameId)), []);
  for (const socket of [thief, late, ...bots.map((b) => b.client)]) await socket.close();
});

t.test('mafia REST: create, join and view a lobby; the token works on the socket', async (t) => {
  const srv = await startMafiaServer();
  t.teardown(() => srv.close());
  const created = await http(srv.url, 'POST', '/api/games', { player_name: 'Ann' });
  t.equal(created.status, 201);
  t.match(created.body, { game_id: /^g-/, player_id: /^p-/, session_token: String });
  const joined = await http(srv.url, 'POST', `/api/games/${created.body.game_id}/players`, { player_name: 'Bob' });
  t.equal(joined.status, 201);
  t.equal(joined.body.game_id, created.body.game_id);
  t.equal((await http(srv.url, 'POST', `/api/games/${created.body.game_id}/players`, { player_name: 'bob' })).body.error.code, 'NAME_TAKEN');
  t.equal((await http(srv.url, 'POST', `/api/games/${created.body.game_id}/players`, {})).status, 400);
  t.equal((await http(srv.url, 'POST', '/api/games', { player_name: '' })).status, 400);
  t.equal((await http(srv.url, 'POST', '/api/games/g-missing/players', { player_name: 'Cy' })).status, 404);
  t.equal((await http(srv.url, 'GET', '/api/games/g-missing')).status, 404);

  const view = await http(srv.url, 'GET', `/api/games/${created.body.game_id}`);
  t.equal(view.status, 200);
  t.match(view.body, { game_id: created.body.game_id, phase: 'LOBBY', host_player_id: created.body.player_id, min_players: 6, max_players: 12 });
  t.same(view.body.players.map((p: any) => p.player_name), ['Ann', 'Bob']);
  t.notMatch(JSON.stringify(view.body), created.body.session_token, 'the public view holds no token');

  const ann = await connect(srv.wsUrl('/mafia/ws'));
  ann.send({ type: 'RECONNECT', payload: { game_id: created.body.game_id, player_id: created.body.player_id, session_token: created.body.session_token } });
  t.match((await ann.next('GAME_STATE_SNAPSHOT')).payload.game_state.you, { player_id: created.body.player_id, is_host: true });
  const cy = await connect(srv.wsUrl('/mafia/ws'));
  cy.send({ type: 'JOIN_GAME', payload: { game_id: created.body.game_id, player_name: 'Cy' } });
  await cy.next('SESSION_CREDENTIALS');
  t.match((await ann.next('PLAYER_JOINED')).payload.player, { player_name: 'Cy', is_connected: true });
  await ann.close();
  await cy.close();
});

t.test('mafia timers: with nobody acting, phases end on their timers and the game reaches its end', async (t) => {
  const srv = await startMafiaServer({ MAFIA_DAY_MS: '150', MAFIA_VERDICT_MS: '150', MAFIA_NIGHT_MS: '150', MAFIA_MAX_DAYS: '2' });
  t.teardown(() => srv.close());
  const { bots } = await playersInLobby(srv);
  await startGame(bots);
  const ended = await event(bots[5], 'GAME_ENDED');
  t.match(ended.payload, { winning_faction: 'ROGUE_AI', reason_code: 'RUNWAY_EXHAUSTED' });
  const phases = bots[5].client.received.filter((f) => f.type === 'PHASE_CHANGED').map((f) => `${f.payload.new_phase}${f.payload.day_number}`);
  t.same(phases, ['DAY1', 'NIGHT1', 'DAY2', 'NIGHT2', 'END2']);
  t.ok(bots[5].client.received.some((f) => f.type === 'NIGHT_ACTIONS_RESOLVED'), 'an empty night still resolves');
  for (const bot of bots) await bot.client.close();
});
