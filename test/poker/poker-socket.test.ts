import t from 'tap';
import { connect, http } from '../support/client.js';
import { closeAll, cmdId, seatPlayers, startPokerServer } from './socket-support.js';

t.test('poker socket: connecting gives an ephemeral 0x address and a resume token', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const a = await connect(srv.wsUrl('/poker/ws'));
  const b = await connect(srv.wsUrl('/poker/ws'));
  const sa = await a.next('SESSION');
  const sb = await b.next('SESSION');
  t.match(sa.userId, /^0x[0-9a-f]{64}$/);
  t.not(sa.userId, sb.userId);
  t.match(sa.resumeToken, /^[A-Za-z0-9_-]{40,}$/);
  t.notOk('tableId' in sa, 'SESSION is the one event without tableId');
  await a.close();
  await b.close();
});

t.test('poker socket: GET /api/tables lists the default table; POST /api/tables creates one and rejects bad bodies', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const list = await http(srv.url, 'GET', '/api/tables');
  t.equal(list.status, 200);
  t.match(list.body.tables, [{ tableId: 't-1', smallBlind: 50, bigBlind: 100, maxSeats: 6, minBuyIn: 100, maxBuyIn: 100000, players: 0, state: 'waiting' }]);
  const created = await http(srv.url, 'POST', '/api/tables', { smallBlind: 5, bigBlind: 10, maxSeats: 9, minBuyIn: 200, maxBuyIn: 1000, actionTimeMs: 20000, timebankMs: 60000, name: 'Low stakes' });
  t.equal(created.status, 201);
  t.match(created.body.table, { tableId: /^t-/, name: 'Low stakes', smallBlind: 5, bigBlind: 10, maxSeats: 9, minBuyIn: 200, maxBuyIn: 1000, actionTimeMs: 20000, timebankMs: 60000 });
  const again = await http(srv.url, 'GET', '/api/tables');
  t.equal(again.body.tables.length, 2);
  for (const [body, field] of [
    [{ smallBlind: 5 }, /bigBlind/],
    [{ smallBlind: '5', bigBlind: 10 }, /smallBlind/],
    [{ smallBlind: 5, bigBlind: 10, maxSeats: 11 }, /maxSeats/],
    [{ smallBlind: 5, bigBlind: 10, maxSeats: 1 }, /maxSeats/],
    [{ smallBlind: 20, bigBlind: 10 }, /bigBlind/],
    [{ smallBlind: 5, bigBlind: 10, minBuyIn: 500, maxBuyIn: 100 }, /maxBuyIn/],
    [{ smallBlind: 5.5, bigBlind: 10 }, /smallBlind/],
  ] as const) {
    const res = await http(srv.url, 'POST', '/api/tables', body);
    t.equal(res.status, 400, JSON.stringify(body));
    t.match(res.body.error, { code: 'VALIDATION_ERROR', message: field });
  }
  // The new table plays.
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), [500, 500], created.body.table.tableId);
  const start = await players[0].client.next('HAND_START');
  t.equal(start.tableId, created.body.table.tableId);
  await closeAll(players);
});

t.test('poker socket: bad input is answered with ERROR and changes nothing', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const [p] = await seatPlayers(srv.wsUrl('/poker/ws'), [1000]);
  const c = p.client;
  const cases: [string | Buffer, RegExp, boolean?][] = [
    ['not json', /not valid JSON/],
    ['[1,2]', /JSON object/],
    ['{"cmdId":"x"}', /^type/],
    ['{"type":"DANCE","cmdId":"x"}', /unknown message type/],
    ['{"type":"SIT","tableId":"t-1","buyIn":500}', /^cmdId/],
    ['{"type":"ACTION","cmdId":"x1","action":"Raise","amount":"300"}', /^amount/],
    ['{"type":"ACTION","cmdId":"x2","action":"Raise","amount":-300}', /^amount/],
    ['{"type":"ACTION","cmdId":"x3","action":"Raise","amount":300.5}', /^amount/],
    ['{"type":"ACTION","cmdId":"x4","action":"Shove"}', /^action/],
    ['{"type":"REBUY","cmdId":"x5","amount":"100"}', /^amount/],
    ['{"type":"POST_BLIND","cmdId":"x6","blindType":"ante"}', /^blindType/],
    ['{"type":"SIT","cmdId":"x7","tableId":"../etc","buyIn":100}', /^tableId/],
    [Buffer.from([1, 2, 3]), /binary/, true],
  ];
  for (const [frame, message, binary] of cases) {
    c.sendRaw(frame, { binary });
    const error = await c.next('ERROR');
    t.match(error, { type: 'ERROR', code: 'VALIDATION_ERROR', msg: message }, String(frame));
  }
  t.match(await c.next((f) => f.type === 'ERROR' && true, 100).catch(() => null), null, 'exactly one error per bad frame');
  c.send({ type: 'REBUY', cmdId: 'r1', tableId: 't-1', amount: 200_000, extra: 'ignored' });
  t.match(await c.next('ERROR'), { code: 'INVALID_AMOUNT', tableId: 't-1', cmdId: 'r1' }, 'extra fields are ignored; the command is judged');
  c.send({ type: 'SIT', cmdId: 'n1', tableId: 'no-such-table', buyIn: 100 });
  t.match(await c.next('ERROR'), { code: 'TABLE_NOT_FOUND', cmdId: 'n1', tableId: 'no-such-table' });
  c.send({ type: 'SIT', cmdId: 's2', tableId: 't-1', buyIn: 100 });
  t.match(await c.next('ERROR'), { code: 'ALREADY_SEATED', cmdId: 's2' });
  c.send({ type: 'ACTION', cmdId: 'a1', action: 'Check' });
  t.match(await c.next('ERROR'), { code: 'NOT_YOUR_TURN', tableId: 't-1', cmdId: 'a1' });
  c.sendRaw('x'.repeat(70 * 1024));
  t.equal((await c.closed).code, 1009, 'frames over the size limit close the socket with 1009');
  const tables = await http(srv.url, 'GET', '/api/tables');
  t.match(tables.body.tables[0], { players: 1 }, 'nothing changed');
});

t.test('poker socket: a newcomer without a table gets NOT_SEATED; a socket at two tables must name one', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/poker/ws'));
  await c.next('SESSION');
  c.send({ type: 'SIT_OUT', cmdId: 'o1' });
  t.match(await c.next('ERROR'), { code: 'NOT_SEATED', cmdId: 'o1' });
  const other = (await http(srv.url, 'POST', '/api/tables', { smallBlind: 1, bigBlind: 2 })).body.table.tableId;
  c.send({ type: 'WATCH', cmdId: 'w1', tableId: 't-1' });
  await c.next((f) => f.type === 'TABLE_SNAPSHOT' && f.tableId === 't-1');
  c.send({ type: 'WATCH', cmdId: 'w2', tableId: other });
  await c.next((f) => f.type === 'TABLE_SNAPSHOT' && f.tableId === other);
  c.send({ type: 'SIT_OUT', cmdId: 'o2' });
  t.match(await c.next('ERROR'), { code: 'VALIDATION_ERROR', msg: /tableId/ });
  c.send({ type: 'SIT_OUT', cmdId: 'o3', tableId: other });
  t.match(await c.next('ERROR'), { code: 'NOT_SEATED', tableId: other, cmdId: 'o3' });
  await c.close();
});

t.test('poker socket: a duplicate cmdId is not applied; the latest TABLE_SNAPSHOT is resent', async (t) => {
  const srv = await startPokerServer({ POKER_NEXT_HAND_DELAY_MS: '60000' });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/poker/ws'));
  await c.next('SESSION');
  c.send({ type: 'SIT', cmdId: 'same', tableId: 't-1', buyIn: 1000 });
  await c.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === 0);
  await c.quiet(100);
  const start = c.received.length;
  c.send({ type: 'LEAVE', cmdId: 'same' });
  const snap = await c.next((f) => f.type === 'TABLE_SNAPSHOT' && c.received.indexOf(f) >= start);
  t.equal(snap.yourSeat, 0, 'still seated: the LEAVE with a used cmdId was not applied');
  const after = await c.quiet(150);
  t.same(after.filter((f) => f.type !== 'TABLE_SNAPSHOT'), [], 'no error, nothing else');
  c.send({ type: 'LEAVE', cmdId: 'fresh' });
  t.match(await c.next('LEFT_SEAT'), { seat: 0, cashOut: 1000 });
  await c.close();
});

t.test('poker socket: a player who lets the clock run is checked or folded automatically', async (t) => {
  const srv = await startPokerServer({ POKER_ACTION_TIME_MS: '150', POKER_TIMEBANK_MS: '100' });
  t.teardown(() => srv.close());
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), [1000, 1000]);
  const first = await players[0].client.next((f) => f.type === 'ACTION_PROMPT' && f.timer === 'action');
  const timebank = await players[0].client.next('ACTION_PROMPT');
  t.match(timebank, { actingIndex: first.actingIndex, timer: 'timebank', timebankMs: 100 });
  const auto = await players[0].client.next('PLAYER_ACTION_APPLIED');
  t.match(auto, { seat: first.actingIndex, action: 'Fold', auto: true }, 'facing the big blind: an automatic Fold');
  const end = await players[0].client.next('HAND_END');
  t.equal(end.stacks.reduce((a: number, s: any) => a + s.stack, 0), 2000);
  await closeAll(players);
});

t.test('poker socket: disconnecting on your turn starts a grace timer; resuming with the token keeps the seat and the turn', async (t) => {
  const srv = await startPokerServer({ POKER_ACTION_TIME_MS: '60000', POKER_DISCONNECT_GRACE_MS: '60000' });
  t.teardown(() => srv.close());
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), [1000, 1000]);
  const prompt = await players[0].client.next('ACTION_PROMPT');
  const actor = players.find((p) => p.userId === prompt.playerId)!;
  const other = players.find((p) => p !== actor)!;
  const hole = await actor.client.next('DEAL_HOLE');
  await actor.client.close();
  t.match(await other.client.next('ACTION_PROMPT'), { actingIndex: actor.seat, timer: 'grace', timeLeftMs: 60000 });

  await t.rejects(connect(srv.wsUrl('/poker/ws?resume=not-a-token')), { message: 'HTTP 401' }, 'an unknown resume token is refused');
  const back = await connect(srv.wsUrl(`/poker/ws?resume=${encodeURIComponent(actor.resumeToken)}`));
  t.match(await back.next('SESSION'), { userId: actor.userId, resumeToken: actor.resumeToken });
  const resumed = await back.next('ACTION_PROMPT');
  t.match(resumed, { actingIndex: actor.seat, timer: 'action' }, 'their own clock runs again');
  const snap = await back.next('TABLE_SNAPSHOT');
  t.equal(snap.yourSeat, actor.seat);
  t.same(snap.seats[actor.seat].cards, hole.cards, 'the snapshot shows the resumed player their own cards');
  t.equal(snap.seats[other.seat].cards, null, 'and nobody else’s');
  back.send({ type: 'ACTION', cmdId: cmdId(), action: 'Fold' });
  t.match(await other.client.next('PLAYER_ACTION_APPLIED'), { playerId: actor.userId, action: 'Fold' });
  await back.close();
  await other.client.close();
});

t.test('poker socket: hole cards never reach another socket, also for a watcher', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const watcher = await connect(srv.wsUrl('/poker/ws'));
  await watcher.next('SESSION');
  watcher.send({ type: 'WATCH', cmdId: 'w', tableId: 't-1' });
  await watcher.next('TABLE_SNAPSHOT');
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), [1000, 1000, 1000]);
  await watcher.next('HAND_START');
  await watcher.next('ACTION_PROMPT');
  await watcher.quiet(100);
  t.notOk(watcher.received.some((f) => f.type === 'DEAL_HOLE'), 'a watcher gets no DEAL_HOLE');
  t.notOk(watcher.received.some((f) => f.type === 'TABLE_SNAPSHOT' && f.seats.some((s: any) => s?.cards)), 'and no snapshot with cards');
  await closeAll(players);
  await watcher.close();
});

t.test('poker socket: after a server restart the table, its seats and its running clock come back', async (t) => {
  const env = { POKER_ACTION_TIME_MS: '1500', POKER_TIMEBANK_MS: '0', POKER_DISCONNECT_GRACE_MS: '300', POKER_NEXT_HAND_DELAY_MS: '50' };
  const first = await startPokerServer(env);
  const players = await seatPlayers(first.wsUrl('/poker/ws'), [1000, 1000]);
  const prompt = await players[0].client.next('ACTION_PROMPT');
  await first.close({ keepData: true }); // flushes every table's snapshot
  const { dataDir } = first;
  const { startServer } = await import('../support/server.js');
  const { pokerSession } = await import('../../src/sessions/poker/index.js');
  const srv = await startServer(
    { POKER_RNG_SEED: 'socket-tests', POKER_MIN_BUY_IN: '100', POKER_MAX_BUY_IN: '100000', ...env },
    { sessions: [pokerSession], dataDir },
  );
  t.teardown(async () => {
    await srv.close();
    (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true });
  });
  const back = await connect(srv.wsUrl(`/poker/ws?resume=${encodeURIComponent(players[0].resumeToken)}`));
  t.match(await back.next('SESSION'), { userId: players[0].userId });
  const snap = await back.next('TABLE_SNAPSHOT');
  t.match(snap, { tableId: 't-1', yourSeat: 0, handId: 1, actingIndex: prompt.actingIndex });
  t.equal(snap.seats[0].cards.length, 2, 'own hole cards survive the restart');
  t.equal(snap.seats[0].stack + snap.seats[1].stack + snap.seats[0].totalBet + snap.seats[1].totalBet, 2000, 'chips survive');
  const auto = await back.next('PLAYER_ACTION_APPLIED', 5_000);
  t.match(auto, { seat: prompt.actingIndex, auto: true }, 'the restored table re-armed its clock (the disconnected player’s grace ran out)');
  await back.close();
});

t.test('poker socket: a resume token unused for longer than POKER_RESUME_TTL_SEC is refused', async (t) => {
  const srv = await startPokerServer({ POKER_RESUME_TTL_SEC: '1' });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/poker/ws'));
  const { resumeToken, userId } = await c.next('SESSION');
  await c.close();
  const again = await connect(srv.wsUrl(`/poker/ws?resume=${encodeURIComponent(resumeToken)}`));
  t.match(await again.next('SESSION'), { userId }, 'fresh token works');
  await again.close();
  await new Promise((r) => setTimeout(r, 1_100));
  await t.rejects(connect(srv.wsUrl(`/poker/ws?resume=${encodeURIComponent(resumeToken)}`)), { message: 'HTTP 401' });
});
