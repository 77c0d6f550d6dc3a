import t from 'tap';
import { chartModelOf } from '../../src/charts/chart-model.js';
import { describeDelay, describeTrigger } from '../../src/charts/describe.js';
import { activeStateIds } from '../../src/charts/active-states.js';
import { fixtureMachine } from './fixture-machine.js';

const model = chartModelOf(fixtureMachine, { session: 'fixture', kind: 'table' });
const state = (id: string) => model.states.find((s) => s.id === id)!;
const from = (source: string) => model.transitions.filter((tr) => tr.source === source);

t.test('chart model: every state node comes out with its type, parent and initial child', async (t) => {
  t.same(
    model.states.map((s) => [s.id, s.type, s.parent]),
    [
      ['table', 'compound', null],
      ['table.waiting', 'atomic', 'table'],
      ['table.playing', 'parallel', 'table'],
      ['table.playing.betting', 'compound', 'table.playing'],
      ['table.playing.betting.preflop', 'atomic', 'table.playing.betting'],
      ['table.playing.betting.flop', 'atomic', 'table.playing.betting'],
      ['table.playing.betting.river', 'atomic', 'table.playing.betting'],
      ['table.playing.betting.showdown', 'final', 'table.playing.betting'],
      ['table.playing.clock', 'compound', 'table.playing'],
      ['table.playing.clock.running', 'atomic', 'table.playing.clock'],
      ['table.playing.history', 'history', 'table.playing'],
      ['table.paused', 'atomic', 'table'],
      ['table.closed', 'final', 'table'],
    ],
    'depth first, in definition order',
  );
  t.same(state('table').initial, ['table.waiting']);
  t.same(state('table.playing.betting').initial, ['table.playing.betting.preflop']);
  t.same(state('table.playing').initial, [], 'a parallel state enters all its regions, it has no initial child');
  t.equal(state('table.playing.history').history, 'deep');
  t.equal(state('table.waiting').description, 'Seats are filling up.');
});

t.test('chart model: transitions carry their trigger, guard (and/or/not/inline), delay and targets', async (t) => {
  t.match(from('table.waiting'), [
    { event: 'SIT', guard: '!tableFull', targets: [] },
    { event: 'LEAVE', guard: null, targets: [] },
    { event: 'START', guard: 'enoughPlayers && !tableFull', targets: ['table.playing'] },
    { event: 'CLOSE', guard: null, targets: ['table.closed'] },
  ]);
  t.match(from('table.playing.betting.preflop'), [
    { event: 'BET', trigger: 'BET', guard: 'validBet', targets: ['table.playing.betting.flop'] },
    { trigger: 'after turnTimeout', delay: 'turnTimeout', targets: ['table.playing.betting.flop'] },
  ]);
  t.match(from('table.playing.betting.flop')[1], { trigger: 'after 15 s', delay: 15000 });
  t.match(from('table.playing.betting.river')[0], { guard: 'validBet || lastStreet' });
  t.match(from('table.playing.clock.running'), [{ trigger: 'after 1 s', reenter: true, targets: ['table.playing.clock.running'] }]);
  t.match(from('table.playing.betting'), [{ trigger: 'done', targets: ['table.waiting'], actions: ['assign'] }]);
  t.match(from('table.paused'), [
    { event: 'RESUME', targets: ['table.playing.history'] },
    { event: '', trigger: 'always', guard: 'context.players === 0', targets: ['table.waiting'] },
  ]);
  t.match(from('table'), [{ event: 'CHAT', targets: [] }], 'a root-level reaction belongs to the root');
  t.ok(model.transitions.every((tr, i, all) => all.findIndex((o) => o.id === tr.id) === i), 'transition ids are unique');
});

t.test('chart model: an unguarded branch after guarded ones is marked as the otherwise branch', async (t) => {
  const { channelMachine } = await import('../../machines/channel/channel-machine.js');
  const channel = chartModelOf(channelMachine, { session: 'channel', kind: 'channel' });
  const get = channel.transitions.filter((tr) => tr.source === 'channel.open' && tr.event === '$get');
  t.match(get, [
    { guard: 'canView', otherwise: false },
    { guard: null, otherwise: true },
  ]);
});

t.test('chart model: triggers and delays read as a designer would say them', async (t) => {
  t.equal(describeTrigger(''), 'always');
  t.equal(describeTrigger('*'), 'any event');
  t.equal(describeTrigger('xstate.after.250.m.a', 250), 'after 250 ms');
  t.equal(describeTrigger('xstate.done.state.m.a'), 'done');
  t.equal(describeTrigger('xstate.done.actor.loader'), 'done(loader)');
  t.equal(describeTrigger('xstate.error.actor.loader'), 'error(loader)');
  t.equal(describeDelay(1500), '1.5 s');
  t.equal(describeDelay(300_000), '5 min');
  t.equal(describeDelay('nextHand'), 'nextHand');
});

t.test('chart model: active state ids follow nested and parallel state values', async (t) => {
  t.same(activeStateIds(fixtureMachine, 'waiting'), ['table', 'table.waiting']);
  t.same(activeStateIds(fixtureMachine, { playing: { betting: 'flop', clock: 'running' } }), [
    'table',
    'table.playing',
    'table.playing.betting',
    'table.playing.betting.flop',
    'table.playing.clock',
    'table.playing.clock.running',
  ]);
  t.same(activeStateIds(fixtureMachine, { nowhere: 'x' }), ['table'], 'unknown parts are ignored');
});
