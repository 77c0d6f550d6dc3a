import t from 'tap';
import { connect, http } from '../support/client.js';
import { playersInLobby, startGame, startMafiaServer } from './bots.js';

t.test('mafia /mafia/ws: every bad-input row of wire.md answers ERROR, keeps the socket open and changes nothing', async (t) => {
  const srv = await startMafiaServer({ MAX_FRAME_BYTES: '4096' });
  t.teardown(() => srv.close());
  const { gameId, bots } = await playersInLobby(srv, 2);
  const [host, guest] = bots;
  const before = await http(srv.url, 'GET', `/api/games/${gameId}`);
  const ws = await connect(srv.wsUrl('/mafia/ws'));
  const error = async () => (await ws.next('ERROR')).payload;

  ws.sendRaw('{not json');
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /not valid JSON/ }, 'not JSON');
  for (const raw of ['[]', '42', '"CREATE_GAME"', 'null']) {
    ws.sendRaw(raw);
    t.match(await error(), { code: 'VALIDATION_ERROR', message: /JSON object/ }, `not an object: ${raw}`);
  }
  ws.send({ type: 'LAUNCH_MISSILES', payload: {} });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /unknown message type "LAUNCH_MISSILES"/ }, 'unknown type');
  ws.send({ payload: {} });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /^type:/ }, 'missing type');
  ws.send({ type: 'CREATE_GAME', payload: {} });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /^payload\.player_name: .*missing/ }, 'missing field');
  ws.send({ type: 'CREATE_GAME' });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /^payload/ }, 'missing payload');
  ws.send({ type: 'JOIN_GAME', payload: { game_id: 42, player_name: 'Zed' } });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /^payload\.game_id: .*got 42/ }, 'wrong field type');
  ws.send({ type: 'UPDATE_STATUS', payload: { status: 'x'.repeat(21) } });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /^payload\.status/ }, 'status over 20 characters');
  ws.send({ type: 'SUBMIT_PULSE_CHECK', payload: { response: 'one.\ntwo.' } });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /^payload\.response/ }, 'a pulse check is one line');
  ws.send({ type: 'SUBMIT_VOTE', payload: { vote_target_id: 'p-1', verdict: 'YES' } });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /exactly one/ }, 'a vote is a nomination or a verdict');
  ws.send({ type: 'SUBMIT_VOTE', payload: { verdict: 'MAYBE' } });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /^payload\.verdict/ });
  ws.send({ type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'HACK', data: {} } });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /payload\.type: expected one of CONVERT/ }, 'unknown night action');
  ws.send({ type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'REALLOCATE_BUDGET', data: { source_player_id: 'p-1' } } });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /source_player_id and destination_player_id/ }, 'night action data per type');
  ws.send({ type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'RAGE_QUIT', target_player_id: 'p-1', final_status: 'bye' } });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /^payload\.action/ });

  ws.sendRaw(Buffer.from('{"type":"START_GAME","payload":{}}'), { binary: true });
  t.match(await error(), { code: 'VALIDATION_ERROR', message: /binary/ }, 'binary frame');

  // Not allowed now.
  ws.send({ type: 'START_GAME', payload: {} });
  t.match(await error(), { code: 'NOT_IN_GAME' }, 'an unbound socket may only RECONNECT, CREATE_GAME or JOIN_GAME');
  ws.send({ type: 'POST_CHAT_MESSAGE', payload: { content: 'hello?' } });
  t.match(await error(), { code: 'NOT_IN_GAME' });
  ws.send({ type: 'JOIN_GAME', payload: { game_id: 'g-nothere', player_name: 'Zed' } });
  t.match(await error(), { code: 'GAME_NOT_FOUND' });
  ws.send({ type: 'RECONNECT', payload: { game_id: 'g-nothere', player_id: host.id, session_token: host.token } });
  t.match(await error(), { code: 'GAME_NOT_FOUND' }, 'RECONNECT to a game that does not exist');
  guest.client.send({ type: 'START_GAME', payload: {} });
  t.match((await guest.client.next('ERROR')).payload, { code: 'NOT_HOST' });
  host.client.send({ type: 'START_GAME', payload: {} });
  t.match((await host.client.next('ERROR')).payload, { code: 'NOT_ENOUGH_PLAYERS' });
  guest.client.send({ type: 'SUBMIT_VOTE', payload: { vote_target_id: host.id } });
  t.match((await guest.client.next('ERROR')).payload, { code: 'GAME_NOT_STARTED' });
  guest.client.send({ type: 'CREATE_GAME', payload: { player_name: 'Again' } });
  t.match((await guest.client.next('ERROR')).payload, { code: 'ALREADY_IN_GAME' });

  // Extra unknown fields are ignored.
  ws.send({ type: 'JOIN_GAME', payload: { game_id: gameId, player_name: 'Extra', colour: 'teal' }, trace: 'abc' });
  t.match((await ws.next('SESSION_CREDENTIALS')).payload, { game_id: gameId });

  t.equal(ws.ws.readyState, ws.ws.OPEN, 'the socket is still open after all of that');
  const after = await http(srv.url, 'GET', `/api/games/${gameId}`);
  t.same(after.body.players.slice(0, 2), before.body.players, 'no bad input changed the game');
  t.same(
    host.client.received.filter((f) => !['PLAYER_JOINED', 'ERROR', 'SESSION_CREDENTIALS', 'GAME_STATE_SNAPSHOT', 'PHASE_CHANGED'].includes(f.type)),
    [],
    'no bad input reached another client',
  );

  // Over the size limit: closed with 1009.
  ws.sendRaw(JSON.stringify({ type: 'POST_CHAT_MESSAGE', payload: { content: 'x'.repeat(5000) } }));
  t.equal((await ws.closed).code, 1009);
  for (const bot of bots) await bot.client.close();
});

t.test('mafia /mafia/ws: in-game refusals name the rule and leave the game unchanged', async (t) => {
  const srv = await startMafiaServer();
  t.teardown(() => srv.close());
  const { bots } = await playersInLobby(srv);
  await startGame(bots);
  const [a, b, c] = bots;
  const err = async (bot: typeof a) => (await bot.client.next('ERROR')).payload.code;
  a.client.send({ type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'MINE', data: { target_player_id: b.id } } });
  t.equal(await err(a), 'WRONG_PHASE');
  a.client.send({ type: 'SUBMIT_VOTE', payload: { verdict: 'YES' } });
  t.equal(await err(a), 'VALIDATION_ERROR', 'a verdict during the nomination');
  a.client.send({ type: 'SUBMIT_VOTE', payload: { vote_target_id: a.id } });
  t.equal(await err(a), 'INVALID_TARGET', 'no self-nomination');
  a.client.send({ type: 'SUBMIT_VOTE', payload: { vote_target_id: 'p-stranger' } });
  t.equal(await err(a), 'INVALID_TARGET');
  a.client.send({ type: 'SUBMIT_VOTE', payload: { vote_target_id: b.id } });
  await a.client.next('VOTE_CAST');
  a.client.send({ type: 'SUBMIT_VOTE', payload: { vote_target_id: c.id } });
  t.equal(await err(a), 'ALREADY_VOTED', 'votes are final');
  a.client.send({ type: 'SUBMIT_PULSE_CHECK', payload: { response: 'All good here.' } });
  await a.client.next('PULSE_CHECK_SUBMITTED');
  a.client.send({ type: 'SUBMIT_PULSE_CHECK', payload: { response: 'Still good.' } });
  t.equal(await err(a), 'ALREADY_SUBMITTED');
  a.client.send({ type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'HANDOFF', target_player_id: b.id, final_status: 'bye' } });
  t.equal(await err(a), 'WRONG_PHASE', 'no exit interview for an active player');
  a.client.send({ type: 'START_GAME', payload: {} });
  t.equal(await err(a), 'GAME_ALREADY_STARTED');
  const late = await (await import('../support/client.js')).connect(srv.wsUrl('/mafia/ws'));
  late.send({ type: 'JOIN_GAME', payload: { game_id: (bots[0].client.received.find((f) => f.type === 'SESSION_CREDENTIALS')).payload.game_id, player_name: 'Late' } });
  t.equal((await late.next('ERROR')).payload.code, 'GAME_ALREADY_STARTED');
  t.same(b.client.received.filter((f) => f.type === 'ERROR'), [], 'refusals reach only the sender');
  for (const bot of bots) await bot.client.close();
  await late.close();
});

t.test('mafia /mafia/ws: a flooding socket is rate limited, then closed with 1008', async (t) => {
  const srv = await startMafiaServer({ RATE_LIMIT_PER_SEC: '1', RATE_LIMIT_BURST: '3', RATE_LIMIT_CLOSE_AFTER: '5' });
  t.teardown(() => srv.close());
  const ws = await connect(srv.wsUrl('/mafia/ws'));
  for (let i = 0; i < 20; i++) ws.send({ type: 'START_GAME', payload: {} });
  t.match((await ws.next((f) => f.payload?.code === 'RATE_LIMITED')).payload, { code: 'RATE_LIMITED' });
  t.equal((await ws.closed).code, 1008);
});
