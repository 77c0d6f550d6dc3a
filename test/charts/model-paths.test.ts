import t from 'tap';
import { setup } from 'xstate';
import { defineSamples } from '../../machines/machine-samples.js';
import { registeredMachines } from '../../src/charts/machine-registry.js';
import { fixtureMachine } from './fixture-machine.js';
import { drivePath, exploreMachine, loadSamples } from './model-check.js';

/**
 * Model-based tests for every registered machine: `xstate/graph` finds the shortest
 * path to every state with the machine's sample events, a real actor is driven along
 * each one, and an unreachable state or a dead end fails. A machine without samples is
 * skipped with the file to add (set CHARTS_REQUIRE_SAMPLES=1 to make that a failure).
 */

const machines = await registeredMachines();
const samples = await loadSamples();
const requireSamples = process.env.CHARTS_REQUIRE_SAMPLES === '1';

for (const registered of machines) {
  const { kind, session, machine } = registered;
  const name = `model paths: every state of the ${kind} machine is reachable and none is a dead end`;
  const found = samples.get(machine.id);
  if (!found) {
    const hint =
      `no event samples for machine "${machine.id}" (actor kind "${kind}", session "${session}"): ` +
      `add machines/${session}/<machine-file>.samples.ts with \`export default defineSamples({ machine, input, events, key })\` ` +
      `(see machines/machine-samples.ts)`;
    if (requireSamples) t.fail(`${name}: ${hint}`);
    else t.test(name, { skip: hint }, () => {});
    continue;
  }
  t.test(name, async (t) => {
    const report = exploreMachine(found.samples, { session, kind });
    t.comment(`${found.file}: ${report.explored} distinct states explored, ${report.paths.length} state nodes entered`);
    t.same(report.unreachable, [], 'every state node is entered by some sampled path');
    t.same(report.deadEnds, [], 'no reachable non-final state ignores every sampled event');
    for (const path of report.paths) {
      const driven = drivePath(found.samples, path);
      const route = path.events.map((e) => e.type).join(' → ') || '(initial)';
      t.equal(driven.error, undefined, `${path.target}: driving the path raises no error`);
      t.same(driven.values, path.values, `${path.target}: a real actor follows ${route}`);
    }
    if (report.untakenTransitions.length > 0) {
      t.comment(`transitions no sample takes (add samples to cover them):\n  ${report.untakenTransitions.join('\n  ')}`);
    }
  });
}

t.test('model paths: every samples file belongs to a registered machine', async (t) => {
  const ids = new Set(machines.map((m) => m.machine.id));
  for (const [id, { file }] of samples) t.ok(ids.has(id), `${file} samples machine "${id}", which a session type registers`);
});

t.test('model paths: a nested, parallel machine with delays is explored and driven to every state', async (t) => {
  const fixture = defineSamples({
    machine: fixtureMachine,
    input: undefined,
    events: [{ type: 'SIT' }, { type: 'LEAVE' }, { type: 'START' }, { type: 'BET', amount: 10 }, { type: 'BET', amount: 0 }, { type: 'FOLD' }, { type: 'PAUSE' }, { type: 'RESUME' }, { type: 'CLOSE' }],
    key: (context) => ({ players: Math.min(context.players, 3) }),
  });
  const report = exploreMachine(fixture, { session: 'fixture', kind: 'fixture' });
  t.same(report.unreachable, [], 'all states reached, including the final ones');
  t.same(report.deadEnds, [], 'no dead ends');
  const showdown = report.paths.find((p) => p.target === 'table.playing.betting.showdown')!;
  t.equal(showdown.values.at(-1), 'waiting', 'the final showdown is entered in passing (onDone leaves it at once) and still counts');
  for (const path of report.paths) t.same(drivePath(fixture, path).values, path.values, `a real actor reaches ${path.target}`);

  const timeout = 'xstate.after.turnTimeout.table.playing.betting.preflop';
  const driven = drivePath(fixture, {
    target: 'table.playing.betting.flop',
    events: [{ type: 'SIT' }, { type: 'SIT' }, { type: 'START' }, { type: timeout }],
    values: [],
  });
  t.same(
    driven.values.at(-1),
    { playing: { betting: 'flop', clock: 'running' } },
    'a delayed step is driven by advancing the simulated clock by its (named) delay',
  );
});

t.test('model paths: an unreachable state and a dead end are reported', async (t) => {
  const broken = setup({ types: { events: {} as { type: 'GO' } } }).createMachine({
    id: 'broken',
    initial: 'start',
    states: {
      start: { on: { GO: 'stuck' } },
      stuck: {},
      island: { on: { GO: 'start' } },
    },
  });
  const report = exploreMachine(defineSamples({ machine: broken, input: undefined, events: [{ type: 'GO' }], key: () => null }), {
    session: 'broken',
    kind: 'broken',
  });
  t.same(report.unreachable, ['broken.island'], 'the state nothing leads to is unreachable');
  t.same(report.deadEnds.map((d) => d.value), ['stuck'], 'the state that accepts no event is a dead end');
  t.same(report.deadEnds[0].path, [{ type: 'GO' }], 'with the path that leads into it');
});
