import t from 'tap';
import { buildPots, splitPot } from '../../machines/poker/pots.js';
import { nextPositions } from '../../machines/poker/positions.js';
import { seededRng } from '../../machines/poker/rng.js';
import type { SeatState } from '../../machines/poker/table-state.js';
import { act, actingPlayer, eventsOf, tableWithButton } from './table-driver.js';

const seat = (playerId: string, stack = 1000, extra: Partial<SeatState> = {}): SeatState => ({
  playerId, stack, sittingOut: false, waitingForBB: false, postBB: false, missedBB: false, timebankMs: 0, connections: ['c'], awaySince: null, timeouts: 0, ...extra,
});

t.test('pots: side pots are built exactly from contributions, folded chips included', (t) => {
  const pots = buildPots([
    { seat: 0, amount: 100, folded: false }, // all in
    { seat: 1, amount: 300, folded: false }, // all in
    { seat: 2, amount: 700, folded: false },
    { seat: 3, amount: 700, folded: false },
    { seat: 4, amount: 200, folded: true },
  ]);
  t.same(pots, [
    { amount: 500, eligible: [0, 1, 2, 3] },
    { amount: 200 + 100 + 200 + 200, eligible: [1, 2, 3] },
    { amount: 800, eligible: [2, 3] },
  ]);
  t.equal(pots.reduce((a, p) => a + p.amount, 0), 2000, 'every chip is in a pot');
  t.end();
});

t.test('pots: odd chips go to the winners closest to the left of the button', (t) => {
  t.same([...splitPot(101, [2, 5], 3, 6)], [[5, 51], [2, 50]], 'seat 5 is first left of button 3');
  t.same([...splitPot(101, [2, 5], 0, 6)], [[2, 51], [5, 50]]);
  t.same([...splitPot(100, [1, 2, 4], 4, 6)], [[1, 34], [2, 33], [4, 33]], 'the button seat is last');
  t.end();
});

t.test('positions: heads-up the button posts the small blind; the big blind moves forward one player', (t) => {
  const seats = [seat('a'), null, seat('b')];
  const first = nextPositions(seats, null, seededRng(1))!.positions;
  t.ok(first.headsUp);
  t.equal(first.sbSeat, first.button, 'button is the small blind');
  const next = nextPositions(seats, first, seededRng(1))!.positions;
  t.equal(next.bbSeat, first.button, 'last hand’s button now has the big blind');
  t.equal(next.button, first.bbSeat);
  t.end();
});

t.test('positions: dead small blind when last hand’s big blind left; dead button when the small blind left', (t) => {
  const prev = { button: 0, sbSeat: 1, bbSeat: 2 };
  const bbLeft = nextPositions([seat('a'), seat('b'), null, seat('d'), seat('e')], prev, seededRng(1))!.positions;
  t.same({ button: bbLeft.button, sbSeat: bbLeft.sbSeat, bbSeat: bbLeft.bbSeat }, { button: 1, sbSeat: 2, bbSeat: 3 }, 'seat 2 is empty: nobody posts the small blind');
  t.same(bbLeft.dealt, [0, 1, 3, 4]);
  const sbLeft = nextPositions([seat('a'), null, seat('c'), seat('d'), seat('e')], prev, seededRng(1))!.positions;
  t.same({ button: sbLeft.button, sbSeat: sbLeft.sbSeat, bbSeat: sbLeft.bbSeat }, { button: 1, sbSeat: 2, bbSeat: 3 }, 'the button stays on empty seat 1');
  t.end();
});

t.test('positions: a newcomer waits for the big blind unless they post one; sitting-out seats are skipped and owe it', (t) => {
  const prev = { button: 0, sbSeat: 1, bbSeat: 2 };
  const seats = [seat('a'), seat('b'), seat('c'), seat('new', 1000, { waitingForBB: true }), seat('e'), seat('out', 1000, { sittingOut: true })];
  const p = nextPositions(seats, prev, seededRng(1))!.positions;
  t.equal(p.bbSeat, 3, 'the big blind reaches the newcomer, who is dealt in');
  t.ok(p.dealt.includes(3));
  const later = nextPositions([seat('a'), seat('b'), seat('c'), seat('d'), seat('new', 1000, { waitingForBB: true })], { button: 1, sbSeat: 2, bbSeat: 3 }, seededRng(1))!.positions;
  t.equal(later.bbSeat, 4);
  const waiting = nextPositions([seat('a'), seat('b'), seat('c'), seat('d'), seat('e'), seat('new', 1000, { waitingForBB: true })], prev, seededRng(1))!.positions;
  t.notOk(waiting.dealt.includes(5), 'not dealt in before the big blind');
  const posted = nextPositions([seat('a'), seat('b'), seat('c'), seat('d'), seat('e'), seat('new', 1000, { waitingForBB: true, postBB: true })], prev, seededRng(1))!.positions;
  t.ok(posted.dealt.includes(5), 'dealt in after POST_BLIND BB');
  const skip = nextPositions([seat('a'), seat('b'), seat('c'), seat('out', 1000, { sittingOut: true }), seat('e')], prev, seededRng(1))!.positions;
  t.equal(skip.bbSeat, 4);
  t.same(skip.skipped, [3]);
  t.end();
});

t.test('betting: the minimum raise is the last full raise', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0);
  t.equal(actingPlayer(d), 'p0', 'three-handed, the button acts first before the flop');
  t.match(act(d, 'Raise', 300), [{ type: 'PLAYER_ACTION_APPLIED', action: 'Raise', amount: 300 }]);
  const prompt = eventsOf(d.emitted.slice(-1), 'ACTION_PROMPT')[0];
  t.match(prompt, { actingIndex: 1, betToCall: 250, minRaise: 500 }, 'raise of 200 → next minimum raise to 500');
  t.match(act(d, 'Raise', 499), [{ type: 'ERROR', code: 'INVALID_AMOUNT' }]);
  t.match(act(d, 'Raise', 500), [{ type: 'PLAYER_ACTION_APPLIED', amount: 500 }]);
  t.match(act(d, 'Raise', 600), [{ type: 'ERROR', code: 'INVALID_AMOUNT', msg: /to 700/ }]);
  t.match(act(d, 'Bet', 800), [{ type: 'ERROR', code: 'ILLEGAL_ACTION' }], 'Bet when there is a bet');
  t.match(act(d, 'Check'), [{ type: 'ERROR', code: 'ILLEGAL_ACTION' }]);
  t.match(act(d, 'Raise', 5001), [{ type: 'ERROR', code: 'INVALID_AMOUNT', msg: /more than your stack/ }]);
  t.match(act(d, 'Raise', 700), [{ type: 'PLAYER_ACTION_APPLIED', amount: 700 }]);
  t.end();
});

t.test('betting: a short all-in raise does not reopen betting to players who already acted', (t) => {
  // Button 0; seat 1 (SB) acts first after the flop; seat 2 is short.
  const d = tableWithButton([5000, 5000, 400], 0);
  act(d, 'Call');
  act(d, 'Call');
  act(d, 'Check');
  t.equal(d.context().phase, 'flop');
  t.equal(actingPlayer(d), 'p1');
  act(d, 'Bet', 200);
  t.match(act(d, 'AllIn'), [{ type: 'PLAYER_ACTION_APPLIED', seat: 2, action: 'AllIn', added: 300, allIn: true }], 'short all-in: 300 is a raise of 100 < 200');
  const toP0 = eventsOf(d.emitted.slice(-1), 'ACTION_PROMPT')[0];
  t.match(toP0, { actingIndex: 0, betToCall: 300, minRaise: 500, canRaise: true }, 'seat 0 has not acted: may raise, to at least 300 + 200');
  t.match(act(d, 'Call'), [{ type: 'PLAYER_ACTION_APPLIED', action: 'Call', added: 300 }]);
  const toP1 = eventsOf(d.emitted.slice(-1), 'ACTION_PROMPT')[0];
  t.match(toP1, { actingIndex: 1, betToCall: 100, canRaise: false, minRaise: 0 });
  t.match(act(d, 'Raise', 1000), [{ type: 'ERROR', code: 'ILLEGAL_ACTION', msg: /not reopened/ }]);
  t.match(act(d, 'AllIn'), [{ type: 'ERROR', code: 'ILLEGAL_ACTION' }]);
  t.match(act(d, 'Call'), [{ type: 'PLAYER_ACTION_APPLIED', action: 'Call', added: 100 }]);
  t.equal(d.context().phase, 'turn');
  t.end();
});

t.test('betting: an uncalled bet is returned and the hand ends without a showdown', (t) => {
  const d = tableWithButton([5000, 5000], 0);
  t.equal(actingPlayer(d), 'p0', 'heads-up: the button (small blind) acts first before the flop');
  t.match(eventsOf(d.emitted, 'HAND_START')[0], { buttonIndex: 0, smallBlindIndex: 0, bigBlindIndex: 1, headsUp: true });
  act(d, 'Raise', 1000);
  const events = act(d, 'Fold');
  t.match(events.find((e) => e.type === 'ROUND_END'), { street: 'preflop', returned: { seat: 0, amount: 900 } });
  t.notOk(events.some((e) => e.type === 'SHOWDOWN'), 'nobody shows');
  t.match(events.find((e) => e.type === 'PAYOUT'), { potBreakdown: [{ name: 'main', amount: 200, winners: [{ seat: 0, share: 200 }] }] });
  t.same(d.context().seats.slice(0, 2).map((s) => s!.stack), [5100, 4900]);
  t.end();
});

t.test('betting: heads-up the big blind acts first after the flop', (t) => {
  const d = tableWithButton([5000, 5000], 1);
  act(d, 'Call');
  act(d, 'Check');
  t.equal(d.context().phase, 'flop');
  t.equal(actingPlayer(d), 'p0', 'seat 0 has the big blind and acts first');
  t.end();
});

t.test('betting: all-ins with several side pots pay each pot to its own winners and conserve chips', (t) => {
  const d = tableWithButton([300, 1000, 2500, 5000], 0);
  const before = d.chips();
  // Preflop order: 3 (UTG), 0 (button), 1 (SB), 2 (BB).
  act(d, 'Raise', 5000);
  act(d, 'AllIn');
  act(d, 'AllIn');
  const events = act(d, 'AllIn');
  const payout = events.find((e) => e.type === 'PAYOUT');
  t.same(
    payout.potBreakdown.map((p: any) => [p.name, p.amount, p.eligibleSeats]),
    [
      ['main', 1200, [0, 1, 2, 3]],
      ['side-1', 2100, [1, 2, 3]],
      ['side-2', 3000, [2, 3]],
    ],
  );
  t.match(events.find((e) => e.type === 'ROUND_END' && e.street === 'preflop'), { returned: { seat: 3, amount: 2500 } }, 'the raise nobody could call comes back');
  t.equal(events.filter((e) => e.type === 'DEAL_RIVER').length, 1, 'the board is run out');
  t.equal(events.find((e) => e.type === 'SHOWDOWN').revealOrder.length, 4);
  for (const pot of payout.potBreakdown) t.equal(pot.winners.reduce((a: number, w: any) => a + w.share, 0), pot.amount, `${pot.name} paid in full`);
  t.equal(d.chips(), before);
  t.equal(d.context().bankroll, before);
  t.end();
});

t.test('docs: docs/poker.md names every error code and every server event', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { PokerErrorCode } = await import('../../machines/poker/errors.js');
  const { pokerServerEvents } = await import('../../src/protocol/poker.js');
  const docs = readFileSync(new URL('../../docs/poker.md', import.meta.url), 'utf8');
  for (const code of Object.keys(PokerErrorCode)) t.ok(docs.includes(`\`${code}\``), `documents ${code}`);
  for (const codec of pokerServerEvents) t.ok(docs.includes(`\`${codec.name}\``), `documents ${codec.name}`);
});
