import t from 'tap';
import { connect } from '../support/client.js';
import { closeAll, cmdId, seatPlayers, startPokerServer, type Player } from './socket-support.js';

/** Issue 15 over real sockets: away seats are freed and come back with their stack; timeouts sit out; timebanks refill. */

const ws = (srv: { wsUrl: (path: string) => string }) => srv.wsUrl('/poker/ws');

/** Whoever of `active` is prompted checks or calls, until `until` matches a frame `observer` receives. */
async function playUntil(active: Player[], observer: Player, until: (frame: any) => boolean, timeoutMs = 15_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  const mark = observer.client.received.length;
  const fresh = (f: any) => observer.client.received.indexOf(f) >= mark;
  for (;;) {
    const frame = await observer.client.next((f) => fresh(f) && (until(f) || (f.type === 'ACTION_PROMPT' && f.timer === 'action')), Math.max(1, deadline - Date.now()));
    if (until(frame)) return frame;
    const actor = active.find((p) => p.userId === frame.playerId);
    if (actor) actor.client.send({ type: 'ACTION', cmdId: cmdId(), action: frame.canCheck ? 'Check' : 'Call' });
  }
}

t.test('poker away seats: a player whose socket closed is stood up after POKER_ABANDON_AFTER_MS, and sits again with their stack', async (t) => {
  const srv = await startPokerServer({ POKER_ABANDON_AFTER_MS: '600', POKER_ACTION_TIME_MS: '300', POKER_TIMEBANK_MS: '0', POKER_DISCONNECT_GRACE_MS: '100' });
  t.teardown(() => srv.close());
  const players = await seatPlayers(ws(srv), [1000, 1000, 1000]);
  const [a, b, gone] = players;
  await a.client.next('HAND_START');
  await gone.client.close();

  // The hand is played out (the away seat by its timers); then everyone sees the seat empty.
  const freed = await playUntil([a, b], a, (f) => f.type === 'TABLE_SNAPSHOT' && f.seats[gone.seat] === null);
  t.equal(freed.seats.filter((s: any) => s !== null).length, 2, 'only the away seat was freed');
  const handStartB = b.client.received.findIndex((g) => g.type === 'HAND_START');
  await b.client.next((f) => f.type === 'TABLE_SNAPSHOT' && f.seats[gone.seat] === null && b.client.received.indexOf(f) > handStartB);
  t.pass('the other player saw it too');
  const ended = a.client.received.filter((f) => f.type === 'HAND_END');
  const stack = ended.at(-1).stacks.find((s: any) => s.playerId === gone.userId).stack;
  t.ok(a.client.received.indexOf(ended.at(-1)) < a.client.received.indexOf(freed), 'stood up at the end of the hand');

  // Back with the resume token: the table keeps the stack for them, and SIT brings it back.
  const back = await connect(srv.wsUrl(`/poker/ws?resume=${encodeURIComponent(gone.resumeToken)}`));
  t.teardown(() => back.close());
  t.match(await back.next('SESSION'), { userId: gone.userId });
  t.match(await back.next('TABLE_SNAPSHOT'), { yourSeat: null, yourKeptStack: stack });
  back.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: 100 });
  const seated = await back.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat !== null);
  t.match(seated.seats[seated.yourSeat], { playerId: gone.userId, stack, connected: true }, `sat again with the ${stack} chips they left with`);
  t.equal(seated.yourKeptStack, null);
  await closeAll([a, b]);
});

t.test('poker timeouts: a connected player who lets the clock run out twice in a row is sat out (TABLE_SNAPSHOT), until SIT_IN', async (t) => {
  const srv = await startPokerServer({ POKER_ACTION_TIME_MS: '300', POKER_TIMEBANK_MS: '0' });
  t.teardown(() => srv.close());
  const players = await seatPlayers(ws(srv), [1000, 1000, 1000]);
  const [a, b, idle] = players;
  const satOut = await playUntil([a, b], a, (f) => f.type === 'TABLE_SNAPSHOT' && f.seats[idle.seat]?.sittingOut === true);
  t.match(satOut.seats[idle.seat], { playerId: idle.userId, sittingOut: true, connected: true });
  const autos = a.client.received.filter((f) => f.type === 'PLAYER_ACTION_APPLIED' && f.playerId === idle.userId);
  t.equal(autos.length, 2, 'after exactly two automatic actions');
  t.ok(autos.every((f) => f.auto === true));
  idle.client.send({ type: 'SIT_IN', cmdId: cmdId() });
  const snap = await a.client.next((f) => f.type === 'TABLE_SNAPSHOT' && f.seats[idle.seat]?.sittingOut === false);
  t.match(snap.seats[idle.seat], { playerId: idle.userId });
  await closeAll(players);
});

t.test('poker timebank refill: every POKER_TIMEBANK_REFILL_EVERY_HANDS hands a used timebank gets POKER_TIMEBANK_REFILL_MS back', async (t) => {
  const srv = await startPokerServer({
    POKER_ACTION_TIME_MS: '200',
    POKER_TIMEBANK_MS: '2000',
    POKER_TIMEBANK_REFILL_MS: '700',
    POKER_TIMEBANK_REFILL_EVERY_HANDS: '2',
    POKER_NEXT_HAND_DELAY_MS: '800',
  });
  t.teardown(() => srv.close());
  const players = await seatPlayers(ws(srv), [1000, 1000]);
  const byId = (id: string) => players.find((p) => p.userId === id)!;
  /** What the table says this player's timebank is now (a refused POST_BLIND answers with their snapshot). */
  const timebankOf = async (p: Player) => {
    p.client.send({ type: 'POST_BLIND', cmdId: cmdId(), blindType: 'SB' });
    await p.client.next('ERROR');
    const snap = await p.client.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === p.seat);
    return snap.seats[p.seat].timebankMs as number;
  };
  // Hand 1: the first to act lets the clock run into the timebank, uses ~1 s of it, then folds.
  const first = await players[0].client.next((f) => f.type === 'ACTION_PROMPT' && f.handId === 1);
  const slow = byId(first.playerId);
  await slow.client.next((f) => f.type === 'ACTION_PROMPT' && f.timer === 'timebank');
  await new Promise((r) => setTimeout(r, 1_000));
  slow.client.send({ type: 'ACTION', cmdId: cmdId(), action: 'Fold' });
  await slow.client.next((f) => f.type === 'HAND_END' && f.handId === 1);
  const left = await timebankOf(slow);
  t.ok(left > 0 && left <= 1_100, `timebank used: ${left} ms left`);
  // Hand 2 is the refill hand: +700 ms for those dealt in.
  await slow.client.next((f) => f.type === 'HAND_START' && f.handId === 2);
  t.equal(await timebankOf(slow), left + 700, 'refilled at the start of hand 2');
  await closeAll(players);
});
