import t, { type Test } from 'tap';
import { http } from '../support/client.js';
import { closeAll, checkOrCall, playHand, seatPlayers, startPokerServer, type Player } from './socket-support.js';

const allIn = () => ({ action: 'AllIn' });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function assertPrivate(t: Test, players: Player[]) {
  for (const p of players) {
    const holes = p.client.received.filter((f) => f.type === 'DEAL_HOLE');
    t.ok(holes.length > 0, `seat ${p.seat} received its hole cards`);
    t.ok(holes.every((f) => f.seat === p.seat && f.playerId === p.userId), `seat ${p.seat} received no one else's hole cards`);
    for (const snap of p.client.received.filter((f) => f.type === 'TABLE_SNAPSHOT')) {
      for (const seat of snap.seats) if (seat?.cards) t.equal(seat.playerId, p.userId, `a snapshot to seat ${p.seat} shows only its own cards`);
    }
  }
}

t.test('poker hands: two players play a whole hand to showdown over real sockets', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), [5000, 5000]);
  const frames = await playHand(players, checkOrCall);
  const types = frames.map((f) => f.type).filter((x) => x !== 'TABLE_SNAPSHOT');
  t.same(types.slice(0, 4), ['BUTTON_MOVED', 'HAND_START', 'BLINDS_POSTED', 'DEAL_HOLE']);
  for (const street of ['DEAL_FLOP', 'DEAL_TURN', 'DEAL_RIVER', 'SHOWDOWN', 'PAYOUT', 'HAND_END']) t.ok(types.includes(street), `saw ${street}`);
  t.same(frames.filter((f) => f.type === 'ROUND_END').map((f) => f.street), ['preflop', 'flop', 'turn', 'river']);
  t.ok(frames.every((f) => typeof f.tableId === 'string' && f.tableId === 't-1'), 'every event names its table');
  const start = frames.find((f) => f.type === 'HAND_START');
  t.ok(start.headsUp);
  t.equal(start.smallBlindIndex, start.buttonIndex, 'heads-up: the button posts the small blind');
  const showdown = frames.find((f) => f.type === 'SHOWDOWN');
  t.equal(showdown.revealOrder.length, 2);
  for (const r of showdown.revealOrder) {
    t.match(r, { cards: [/^[2-9TJQKA][cdhs]$/, /^[2-9TJQKA][cdhs]$/], rank: /^(High Card|Pair|Two Pair|Three of a Kind|Straight|Flush|Full House|Four of a Kind|Straight Flush|Royal Flush)$/ });
    t.equal(r.bestHand.length, 5);
  }
  const end = frames.find((f) => f.type === 'HAND_END');
  t.equal(sum(end.stacks.map((s: any) => s.stack)), 10_000, 'chips conserved');
  assertPrivate(t, players);
  await closeAll(players);
});

t.test('poker hands: three players all in build a main pot and a side pot; the big stack only risks what can be called', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), [2000, 3000, 5000]);
  const frames = await playHand(players, (p) => (p.betToCall >= 0 ? allIn() : null));
  const payout = frames.find((f) => f.type === 'PAYOUT');
  t.same(
    payout.potBreakdown.map((p: any) => [p.name, p.amount, p.eligibleSeats]),
    [
      ['main', 6000, [0, 1, 2]],
      ['side-1', 2000, [1, 2]],
    ],
  );
  const last = frames.filter((f) => f.type === 'PLAYER_ACTION_APPLIED').pop();
  t.match(last, { seat: 2, action: 'Call', added: 2900, stack: 2000 }, 'with nobody left to answer, all in only calls: 2000 stay behind');
  for (const pot of payout.potBreakdown) t.equal(sum(pot.winners.map((w: any) => w.share)), pot.amount);
  const end = frames.find((f) => f.type === 'HAND_END');
  t.equal(sum(end.stacks.map((s: any) => s.stack)), 10_000);
  assertPrivate(t, players);
  await closeAll(players);
});

t.test('poker hands: six players all in for different amounts make four side pots', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const stacks = [1000, 2000, 3000, 4000, 5000, 6000];
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), stacks);
  const frames = await playHand(players, allIn);
  const payout = frames.find((f) => f.type === 'PAYOUT');
  t.same(
    payout.potBreakdown.map((p: any) => [p.name, p.amount, p.eligibleSeats]),
    [
      ['main', 6000, [0, 1, 2, 3, 4, 5]],
      ['side-1', 5000, [1, 2, 3, 4, 5]],
      ['side-2', 4000, [2, 3, 4, 5]],
      ['side-3', 3000, [3, 4, 5]],
      ['side-4', 2000, [4, 5]],
    ],
  );
  t.equal(frames.find((f) => f.type === 'SHOWDOWN').revealOrder.length, 6, 'all six show down');
  const end = frames.find((f) => f.type === 'HAND_END');
  t.equal(sum(end.stacks.map((s: any) => s.stack)), sum(stacks), 'chips conserved');
  assertPrivate(t, players);

  // Busted players are not dealt in: the next hand starts by itself only if two players have chips.
  const alive = end.stacks.filter((s: any) => s.stack > 0).map((s: any) => s.seat);
  if (alive.length >= 2) {
    const next = await players[5].client.next((f) => f.type === 'HAND_START' && f.handId === 2);
    t.same(next.players.map((p: any) => p.seat), alive, 'only players with chips are dealt in');
  } else {
    const later = await players[5].client.quiet(300);
    t.notOk(later.some((f) => f.type === 'HAND_START'), 'one player with chips: no new hand');
    const tables = await http(srv.url, 'GET', '/api/tables');
    t.match(tables.body.tables[0], { tableId: 't-1', state: 'waiting', players: 6 });
  }
  await closeAll(players);
});

t.test('poker hands: six players play hands by calling and checking, chips always conserved', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const stacks = [3000, 3000, 3000, 3000, 3000, 3000];
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), stacks);
  let raise = true;
  for (let hand = 0; hand < 3; hand++) {
    const frames = await playHand(players, (p) => {
      if (raise && p.canRaise && p.minRaise > 0) {
        raise = false;
        return { action: 'Raise', amount: p.minRaise };
      }
      return checkOrCall(p, players[0]);
    });
    raise = true;
    const end = frames.find((f) => f.type === 'HAND_END');
    t.equal(sum(end.stacks.map((s: any) => s.stack)), 18_000, `hand ${hand + 1}: chips conserved`);
  }
  assertPrivate(t, players);
  await closeAll(players);
});
