import t from 'tap';
import { createActor, SimulatedClock } from 'xstate';
import { seededRng } from '../../machines/poker/rng.js';
import { tableMachine } from '../../machines/poker/table-machine.js';
import type { TableContext } from '../../machines/poker/table-state.js';
import type { Outgoing } from '../../src/contract/index.js';
import { act, actingPlayer, eventsOf, tableWithButton } from './table-driver.js';

const timers = { actionTimeMs: 10_000, timebankMs: 5_000, disconnectGraceMs: 8_000 };

t.test('timers: action time, then the timebank, then an automatic Fold facing a bet', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0, timers);
  t.equal(actingPlayer(d), 'p0');
  t.same(d.value(), { created: { hand: { preflop: 'action' } } });
  t.same(eventsOf(d.advance(9_750)), [], 'nothing before the action time is up');
  t.match(eventsOf(d.advance(250)), [{ type: 'ACTION_PROMPT', actingIndex: 0, timer: 'timebank', timeLeftMs: 5_000 }]);
  t.same(d.value(), { created: { hand: { preflop: 'timebank' } } });
  const auto = eventsOf(d.advance(5_000));
  t.match(auto[0], { type: 'PLAYER_ACTION_APPLIED', seat: 0, action: 'Fold', auto: true });
  t.equal(d.context().seats[0]!.timebankMs, 0, 'the timebank is used up');
  t.match(auto[1], { type: 'ACTION_PROMPT', actingIndex: 1, timer: 'action', timeLeftMs: 10_000 });
  t.end();
});

t.test('timers: the automatic action is a Check when checking is free', (t) => {
  const d = tableWithButton([5000, 5000], 0, { ...timers, timebankMs: 0 });
  act(d, 'Call');
  t.equal(actingPlayer(d), 'p1', 'big blind has the option');
  t.match(eventsOf(d.advance(10_000))[0], { type: 'PLAYER_ACTION_APPLIED', seat: 1, action: 'Check', auto: true });
  t.equal(d.context().phase, 'flop');
  t.end();
});

t.test('timers: acting during the timebank consumes only the time used', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0, timers);
  d.advance(10_000 + 2_000);
  act(d, 'Call');
  t.equal(d.context().seats[0]!.timebankMs, 3_000);
  t.end();
});

t.test('timers: an out-of-turn action is rejected and does not reset the clock', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0, timers);
  d.advance(6_000);
  t.match(eventsOf(d.send('p2', { type: 'ACTION', cmdId: 'oot', action: 'Fold' })), [{ type: 'ERROR', code: 'NOT_YOUR_TURN', cmdId: 'oot' }, { type: 'TABLE_SNAPSHOT' }]);
  t.match(eventsOf(d.advance(4_000)), [{ type: 'ACTION_PROMPT', actingIndex: 0, timer: 'timebank' }], 'the timebank starts at the original deadline');
  t.end();
});

t.test('timers: disconnected on their turn, a player gets a grace timer, then their timebank, then the automatic action', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0, timers);
  d.advance(4_000);
  t.match(eventsOf(d.send('p0', { type: '$disconnect' })), [{ type: 'ACTION_PROMPT', actingIndex: 0, timer: 'grace', timeLeftMs: 8_000 }]);
  t.same(d.value(), { created: { hand: { preflop: 'grace' } } });
  t.match(eventsOf(d.advance(8_000)), [{ type: 'ACTION_PROMPT', timer: 'timebank', timeLeftMs: 5_000 }]);
  t.match(eventsOf(d.advance(5_000))[0], { type: 'PLAYER_ACTION_APPLIED', seat: 0, action: 'Fold', auto: true });
  t.equal(d.context().seats[0]!.sittingOut, true, 'acted for while away: sat out from the next hand');
  t.equal(d.context().seats[1]!.sittingOut, false);
  t.end();
});

t.test('timers: back within the grace time, the player’s own clock resumes where it stopped', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0, timers);
  d.advance(4_000);
  d.send('p0', { type: '$disconnect' });
  d.advance(3_000);
  const back = eventsOf(d.send('p0', { type: '$resume' }, 'c-new'));
  t.match(back, [{ type: '$join', member: 'p0' }, { type: 'ACTION_PROMPT', timer: 'action', timeLeftMs: 6_000 }, { type: 'TABLE_SNAPSHOT', yourSeat: 0 }]);
  t.same(eventsOf(d.advance(5_750)), []);
  t.match(eventsOf(d.advance(250)), [{ type: 'ACTION_PROMPT', timer: 'timebank' }]);
  t.end();
});

t.test('timers: a table restored from a snapshot re-arms its deadlines ($restored)', (t) => {
  const d = tableWithButton([5000, 5000, 5000], 0, timers);
  d.advance(3_000);
  const persisted = d.actor.getPersistedSnapshot();
  d.actor.stop();
  const clock = new SimulatedClock();
  clock.set(d.clock.now() + 2_000); // the process was down for two seconds
  const restored = createActor(tableMachine, { snapshot: JSON.parse(JSON.stringify(persisted)), clock, input: { tableId: 'ignored', rng: seededRng(0) } });
  const seen: Outgoing[] = [];
  restored.on('$out', (e) => seen.push(e as unknown as Outgoing));
  restored.start();
  restored.send({ type: '$restored', $at: clock.now() } as never);
  for (let i = 0; i < 19; i++) clock.increment(250);
  t.same(seen, [], 'still within the action time');
  clock.increment(250);
  t.match(seen.map((o) => o.event), [{ type: 'ACTION_PROMPT', actingIndex: 0, timer: 'timebank' }], 'fires at the original deadline');
  t.equal((restored.getSnapshot().context as TableContext).hand!.acting, 0);
  t.end();
});
