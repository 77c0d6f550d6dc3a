import t from 'tap';
import { act, eventsOf, tableWithButton, type TableDriver } from './table-driver.js';

/** Fold everyone to the big blind, ending the hand, then let the next one start. */
function foldAround(d: TableDriver) {
  const id = d.context().hand!.id;
  while (d.context().hand?.id === id) act(d, 'Fold');
  return eventsOf(d.advance(1000));
}

t.test('seating: a newcomer waits for the big blind, or posts one to play at once', (t) => {
  const d = tableWithButton([5000, 5000, 5000, 5000], 0);
  t.match(eventsOf(d.send('late', { type: 'SIT', cmdId: 's', buyIn: 5000, seat: 5 })), [{ type: '$join' }, { type: 'TABLE_SNAPSHOT' }, { type: 'TABLE_SNAPSHOT', yourSeat: 5 }]);
  t.equal(d.context().seats[5]!.waitingForBB, true);
  t.match(eventsOf(d.send('p0', { type: 'POST_BLIND', cmdId: 'pb0', blindType: 'BB' })), [{ type: 'ERROR', code: 'INVALID_BLIND' }, { type: 'TABLE_SNAPSHOT' }], 'nothing owed');
  t.match(eventsOf(d.send('late', { type: 'POST_BLIND', cmdId: 'pb1', blindType: 'SB' })), [{ type: 'ERROR', code: 'INVALID_BLIND' }, { type: 'TABLE_SNAPSHOT' }]);
  d.send('waiter', { type: 'SIT', cmdId: 's', buyIn: 5000, seat: 4 });
  t.match(eventsOf(d.send('late', { type: 'POST_BLIND', cmdId: 'pb2', blindType: 'BB' })), [{ type: 'TABLE_SNAPSHOT' }, { type: 'TABLE_SNAPSHOT' }]);
  let next = foldAround(d);
  t.match(next.find((e) => e.type === 'BLINDS_POSTED').blinds, [{ seat: 2, blindType: 'SB' }, { seat: 3, blindType: 'BB' }, { seat: 5, blindType: 'BB', amount: 100 }], 'seat 5 posted a big blind out of position');
  const dealt = next.find((e) => e.type === 'HAND_START').players.map((p: any) => p.seat);
  t.same(dealt, [0, 1, 2, 3, 5], 'seat 5 is dealt in; seat 4 still waits for the big blind');
  next = foldAround(d);
  t.match(next.find((e) => e.type === 'HAND_START'), { bigBlindIndex: 4 }, 'the big blind reaches seat 4');
  t.same(next.find((e) => e.type === 'HAND_START').players.map((p: any) => p.seat), [0, 1, 2, 3, 4, 5]);
  t.end();
});

t.test('seating: when the big blind leaves, the next hand has a dead small blind; then the button is dead', (t) => {
  const d = tableWithButton([5000, 5000, 5000, 5000], 0);
  const first = eventsOf(d.emitted, 'HAND_START')[0];
  t.match(first, { buttonIndex: 0, smallBlindIndex: 1, bigBlindIndex: 2 });
  foldAround(d);
  t.equal(d.context().phase, 'preflop');
  const second = eventsOf(d.emitted, 'HAND_START')[1];
  t.match(second, { buttonIndex: 1, smallBlindIndex: 2, bigBlindIndex: 3 });
  // Seat 3 had the big blind; it leaves between hands.
  while (d.context().hand) act(d, 'Fold');
  d.send('p3', { type: 'LEAVE', cmdId: 'bye' });
  d.advance(1000);
  const third = eventsOf(d.emitted, 'HAND_START')[2];
  t.match(third, { buttonIndex: 2, smallBlindIndex: null, bigBlindIndex: 0 }, 'seat 3 is gone: the small blind is dead');
  t.match(eventsOf(d.emitted, 'BLINDS_POSTED')[2].blinds, [{ seat: 0, blindType: 'BB' }]);
  foldAround(d);
  const fourth = eventsOf(d.emitted, 'HAND_START')[3];
  t.match(fourth, { buttonIndex: 3, smallBlindIndex: 0, bigBlindIndex: 1 }, 'the button is dead on empty seat 3');
  t.match(eventsOf(d.emitted, 'BUTTON_MOVED')[3], { buttonIndex: 3 });
  t.end();
});

t.test('seating: LEAVE mid-hand folds at once and cashes out; REBUY only between hands; SIT_OUT and SIT_IN', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0);
  t.match(eventsOf(d.send('p2', { type: 'REBUY', cmdId: 'r', amount: 100 })), [{ type: 'ERROR', code: 'REBUY_NOT_ALLOWED' }, { type: 'TABLE_SNAPSHOT' }]);
  const left = eventsOf(d.send('p2', { type: 'LEAVE', cmdId: 'l' }));
  t.match(left[0], { type: 'PLAYER_ACTION_APPLIED', seat: 2, action: 'Fold', reason: 'left' });
  t.match(left.find((e) => e.type === 'LEFT_SEAT'), { seat: 2, cashOut: 4900 }, 'the big blind stays in the pot');
  t.equal(d.context().bankroll, 10_000 + 100);
  t.match(eventsOf(d.send('p9', { type: 'SIT', cmdId: 's', buyIn: 1000, seat: 2 })), [{ type: 'ERROR', code: 'SEAT_TAKEN' }, { type: 'TABLE_SNAPSHOT' }], 'a seat still in the hand is not free');
  while (d.context().hand) act(d, 'Fold');
  t.match(eventsOf(d.send('p0', { type: 'REBUY', cmdId: 'r2', amount: 200_000 })), [{ type: 'ERROR', code: 'INVALID_AMOUNT' }, { type: 'TABLE_SNAPSHOT' }]);
  const before = d.context().seats[0]!.stack;
  t.match(eventsOf(d.send('p0', { type: 'REBUY', cmdId: 'r3', amount: 1000 })), [{ type: 'TABLE_SNAPSHOT' }, { type: 'TABLE_SNAPSHOT', yourSeat: 0 }]);
  t.equal(d.context().seats[0]!.stack, before + 1000, 'rebuy between hands adds to the stack');
  d.send('p0', { type: 'SIT_OUT', cmdId: 'o' });
  d.advance(1000);
  t.equal(d.context().phase, 'waiting', 'one player left who can play: no hand');
  d.send('p0', { type: 'SIT_IN', cmdId: 'i' });
  t.equal(d.context().phase, 'between');
  d.advance(1000);
  t.equal(d.context().phase, 'preflop', 'heads-up hand between the two remaining players');
  t.end();
});
