import t from 'tap';
import { createActor, SimulatedClock } from 'xstate';
import { chipsOnTable } from '../../machines/poker/engine.js';
import { seededRng } from '../../machines/poker/rng.js';
import { tableMachine } from '../../machines/poker/table-machine.js';
import type { TableContext } from '../../machines/poker/table-state.js';
import type { Outgoing } from '../../src/contract/index.js';
import { act, actingPlayer, createTableDriver, eventsOf, tableWithButton } from './table-driver.js';

/** Issue 15: away seats are freed (their stack kept for the player), timeouts sit a player out, timebanks refill. */

const policy = { abandonAfterMs: 60_000, keepStackMs: 600_000, timebankRefillMs: 2_000, timebankRefillEveryHands: 2 };
const timers = { actionTimeMs: 10_000, timebankMs: 5_000, disconnectGraceMs: 8_000 };

t.test('away seats: with no hand running, a seat away for abandonAfterMs is stood up at once and its stack kept', (t) => {
  const d = createTableDriver({ minBuyIn: 100, maxBuyIn: 10_000 }, 1, 't-test', policy);
  d.send('p0', { type: 'SIT', cmdId: 's0', buyIn: 1_500, seat: 2 });
  t.same(d.value(), { created: { waiting: 'idle' } });
  d.send('p0', { type: '$disconnect' });
  t.same(d.value(), { created: { waiting: 'seatAway' } }, 'the abandon clock runs');
  t.same(eventsOf(d.advance(59_750)), [], 'nothing before the abandon time');
  const freed = d.advance(250);
  t.match(freed, [{ to: 'session', event: { type: 'TABLE_SNAPSHOT', seats: [null, null, null, null, null, null] } }], 'everyone sees the seat empty');
  t.same(d.value(), { created: { waiting: 'idle' } });
  t.same(d.context().kept.p0, { stack: 1_500, timebankMs: 30_000, until: d.clock.now() + 600_000 });
  t.equal(chipsOnTable(d.context()), d.context().bankroll, 'the kept stack still counts');

  // Back with the resume token: the snapshot names the kept stack, and SIT brings it back whatever buyIn says.
  const resumed = eventsOf(d.send('p0', { type: '$resume' }, 'c-p0b'));
  t.match(resumed.at(-1), { type: 'TABLE_SNAPSHOT', yourSeat: null, yourKeptStack: 1_500 });
  const bankroll = d.context().bankroll;
  const sat = eventsOf(d.send('p0', { type: 'SIT', cmdId: 's1', buyIn: 100 }, 'c-p0b'));
  t.match(sat.at(-1), { type: 'TABLE_SNAPSHOT', yourSeat: 0, yourKeptStack: null, seats: [{ playerId: 'p0', stack: 1_500, connected: true }] });
  t.equal(d.context().bankroll, bankroll, 'nothing new was bought in');
  t.same(d.context().kept, {});
  t.end();
});

t.test('away seats: a socket back in time resets the clock; a kept stack nobody came back for is gone after keepStackMs', (t) => {
  const d = createTableDriver({ minBuyIn: 100, maxBuyIn: 10_000 }, 1, 't-test', policy);
  d.send('p0', { type: 'SIT', cmdId: 's0', buyIn: 800 });
  d.send('p0', { type: '$disconnect' });
  d.advance(50_000);
  d.send('p0', { type: '$resume' });
  t.same(d.value(), { created: { waiting: 'idle' } });
  d.send('p0', { type: '$disconnect' });
  t.same(eventsOf(d.advance(59_000)), [], 'the clock started again at the second disconnect');
  d.advance(1_000);
  t.equal(d.context().seats[0], null);
  d.advance(600_000);
  d.send('p1', { type: 'WATCH', cmdId: 'w' });
  t.same(d.context().kept, {}, 'expired');
  t.equal(d.context().bankroll, 0, 'and cashed out to nobody');
  const late = eventsOf(d.send('p0', { type: 'SIT', cmdId: 's1', buyIn: 50 }));
  t.match(late, [{ type: 'ERROR', code: 'INVALID_BUY_IN' }, { type: 'TABLE_SNAPSHOT' }], 'a late return buys in like anyone');
  t.end();
});

t.test('away seats: in a hand, the away seat is played out by its timers and stood up at the end of the hand', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0, { ...timers, nextHandDelayMs: 1_000 }, { ...policy, abandonAfterMs: 15_000 });
  d.send('p1', { type: '$disconnect' });
  t.same(d.value(), { created: { hand: { preflop: 'action' } } }, 'a hand does not wait for the abandon time');
  act(d, 'Call'); // p0 (button, first to act three-handed)
  t.equal(actingPlayer(d), 'p1');
  // p1's grace (8 s), then its timebank (5 s), then the automatic Fold; the abandon time (15 s) passes.
  const timedOut = eventsOf(d.advance(16_000));
  t.match(timedOut.find((e) => e.type === 'PLAYER_ACTION_APPLIED'), { seat: 1, action: 'Fold', auto: true });
  t.ok(d.context().seats[1], 'the seat stays while its hand runs');
  while (d.context().hand) act(d, 'Check');
  const end = d.emitted.slice(-3).map((o) => o.event as any);
  t.match(end, [{ type: 'PAYOUT' }, { type: 'HAND_END' }, { type: 'TABLE_SNAPSHOT' }], 'stood up right after HAND_END');
  t.equal(end[2].seats[1], null);
  t.equal(d.context().kept.p1.stack, 5_000 - 50, 'the small blind it lost stays in the pot it went to');
  t.equal(chipsOnTable(d.context()), d.context().bankroll);
  t.end();
});

t.test('away seats: between hands, the seat is stood up at its time, before the next hand is dealt', (t) => {
  const d = createTableDriver({ minBuyIn: 100, maxBuyIn: 10_000, nextHandDelayMs: 5_000 }, 1, 't-test', { ...policy, abandonAfterMs: 1_000 });
  d.send('p0', { type: 'SIT', cmdId: 's0', buyIn: 800 });
  d.send('p1', { type: 'SIT', cmdId: 's1', buyIn: 800 });
  t.same(d.value(), { created: 'between' });
  d.send('p1', { type: '$disconnect' });
  d.advance(1_000);
  t.equal(d.context().seats[1], null, 'freed during the countdown');
  t.same(d.value(), { created: { waiting: 'idle' } }, 'one player left: the table waits');
  t.end();
});

t.test('away seats: after a restart (restored from the store) no old socket counts, so seats nobody resumes are freed', (t) => {
  const d = createTableDriver({ minBuyIn: 100, maxBuyIn: 10_000 }, 1, 't-test', policy);
  d.send('p0', { type: 'SIT', cmdId: 's0', buyIn: 800 });
  const persisted = JSON.parse(JSON.stringify(d.actor.getPersistedSnapshot()));
  d.actor.stop();
  const clock = new SimulatedClock();
  clock.set(d.clock.now() + 5_000);
  const restored = createActor(tableMachine, { snapshot: persisted, clock, input: { tableId: 'ignored', rng: seededRng(0) } });
  const seen: Outgoing[] = [];
  restored.on('$out', (e) => seen.push(e as unknown as Outgoing));
  restored.start();
  restored.send({ type: '$restored', source: 'store', $at: clock.now() } as never);
  const ctx = () => restored.getSnapshot().context as TableContext;
  t.same(ctx().seats[0]!.connections, []);
  t.same(restored.getSnapshot().value, { created: { waiting: 'seatAway' } });
  clock.increment(60_000);
  t.equal(ctx().seats[0], null);
  t.match(seen.map((o) => o.event), [{ type: 'TABLE_SNAPSHOT' }]);
  t.end();
});

t.test('timeouts: a connected player acted for twice in a row is sat out until they act', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0, { ...timers, timebankMs: 0 }, { ...policy, timebankRefillEveryHands: 0 });
  // Preflop: p0 (button) times out once: Fold facing the big blind.
  const first = eventsOf(d.advance(10_000));
  t.match(first[0], { type: 'PLAYER_ACTION_APPLIED', seat: 0, action: 'Fold', auto: true });
  t.notOk(first.some((e) => e.type === 'TABLE_SNAPSHOT'), 'one timeout is not enough');
  t.equal(d.context().seats[0]!.sittingOut, false);
  // Next hand: p0 is in the small blind... the first timeout of p0 there makes two in a row.
  while (d.context().hand) act(d, d.context().hand!.currentBet > d.context().hand!.players.find((p) => p.seat === d.context().hand!.acting)!.bet ? 'Call' : 'Check');
  d.advance(1_000);
  t.ok(d.context().hand, 'the next hand is dealt');
  while (actingPlayer(d) !== 'p0') act(d, 'Call');
  const second = eventsOf(d.advance(10_000));
  t.match(second[0], { type: 'PLAYER_ACTION_APPLIED', playerId: 'p0', auto: true });
  const announced = second.find((e) => e.type === 'TABLE_SNAPSHOT');
  t.match(announced?.seats[0], { playerId: 'p0', sittingOut: true, connected: true }, 'sat out, announced to everyone');
  t.end();
});

t.test('timeouts: the player’s own move in the hand still running brings them back; SIT_OUT of their own stays', (t) => {
  const d = tableWithButton([5000, 5000], 0, { ...timers, timebankMs: 0 }, { ...policy, timebankRefillEveryHands: 0 });
  act(d, 'Call'); // p0 (button, small blind heads-up)
  t.equal(actingPlayer(d), 'p1');
  d.advance(10_000); // p1 checks by timeout: flop
  t.equal(actingPlayer(d), 'p1', 'the big blind acts first after the flop heads-up');
  const second = eventsOf(d.advance(10_000));
  t.match(second[0], { type: 'PLAYER_ACTION_APPLIED', seat: 1, action: 'Check', auto: true });
  t.equal(d.context().seats[1]!.sittingOut, true, 'two in a row: sat out');
  act(d, 'Check'); // p0: turn
  t.equal(actingPlayer(d), 'p1');
  const back = act(d, 'Check');
  t.match(back.find((e) => e.type === 'TABLE_SNAPSHOT')?.seats[1], { sittingOut: false }, 'their own Check: back in');
  t.equal(d.context().seats[1]!.timeouts, 0);
  d.send('p1', { type: 'SIT_OUT', cmdId: 'out' });
  act(d, 'Check');
  act(d, 'Check');
  t.equal(d.context().seats[1]!.sittingOut, true, 'acting does not undo a SIT_OUT of their own');
  t.end();
});

t.test('timebank refill: every N-th hand, each player dealt in gets the refill back, up to the starting timebank', (t) => {
  const d = tableWithButton([5000, 5000], 0, timers, { ...policy, timebankRefillMs: 2_000, timebankRefillEveryHands: 2 });
  t.equal(d.context().hand!.id, 1);
  d.advance(10_000 + 4_000); // p0 uses 4 s of the 5 s timebank
  act(d, 'Call');
  t.equal(d.context().seats[0]!.timebankMs, 1_000);
  while (d.context().hand) act(d, 'Check');
  d.advance(1_000);
  t.equal(d.context().hand!.id, 2);
  t.equal(d.context().seats[0]!.timebankMs, 3_000, '+2 s at hand 2');
  t.equal(d.context().seats[1]!.timebankMs, 5_000, 'never above the starting timebank');
  while (d.context().hand) act(d, d.context().hand!.currentBet > 0 && d.context().hand!.players.find((p) => p.seat === d.context().hand!.acting)!.bet < d.context().hand!.currentBet ? 'Call' : 'Check');
  d.advance(1_000);
  t.equal(d.context().hand!.id, 3);
  t.equal(d.context().seats[0]!.timebankMs, 3_000, 'not at hand 3');
  t.end();
});
