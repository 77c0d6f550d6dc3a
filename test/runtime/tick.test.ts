import t from 'tap';
import { assign, setup, SimulatedClock } from 'xstate';
import { createBus } from '../../src/bus/index.js';
import { SystemEvent, type BusEvent } from '../../src/contract/index.js';
import { createActorHost, defineActorKind, type TickFrame } from '../../src/runtime/index.js';
import { createSqliteStore } from '../../src/store/index.js';
import { advance, timersOn } from './frame-timers.js';

interface Sim {
  n: number;
  by: number;
  boom: boolean;
}

/** A counter that runs on the tick while `running`: each frame adds `by` to `sim.n`; at 30 the step reports the end. */
const counter = setup({
  types: { context: {} as { sim: Sim; runs: number }, events: {} as { type: string } },
}).createMachine({
  context: { sim: { n: 0, by: 1, boom: false }, runs: 0 },
  initial: 'idle',
  states: {
    idle: { on: { go: { target: 'running', actions: assign({ sim: () => ({ n: 0, by: 1, boom: false }), runs: ({ context }) => context.runs + 1 }) } } },
    running: { on: { stop: 'idle', [SystemEvent.tickWon]: 'done', $restored: {} } },
    done: { on: { go: 'running' } },
  },
});

function kindWith(onFrame?: (frame: TickFrame) => void, hz = 60) {
  return defineActorKind({
    kind: 'counter',
    machine: counter,
    tick: {
      hz,
      field: 'sim',
      active: (snapshot) => snapshot.matches('running'),
      audience: () => 'session',
      step(sim: Sim, now: number, emit: (event: BusEvent) => void) {
        if (sim.boom) throw new Error('bug in a step');
        sim.n += sim.by;
        emit({ type: 'frame', n: sim.n, at: now });
        return sim.n >= 30 ? { type: SystemEvent.tickWon, winner: 'counter' } : null;
      },
      input: {
        push: (sim: Sim, event: BusEvent) => ((sim.by = Number(event.by)), true),
        boom: (sim: Sim) => ((sim.boom = true), true),
      },
      onFrame,
    },
  });
}

async function setupHost(onFrame?: (frame: TickFrame) => void, store?: Awaited<ReturnType<typeof createSqliteStore>>) {
  const bus = createBus();
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const db = store ?? (await createSqliteStore(':memory:'));
  const host = createActorHost({ bus, store: db, clock, kinds: [kindWith(onFrame)], autoSweep: false, frameTimers: timersOn(clock) });
  const handled: string[] = [];
  host.observe({ onEvent: (_address, event) => void handled.push(event.type) });
  const frames: number[] = [];
  bus.subscribe('counter/a', (event) => void (event.type === 'frame' && frames.push(Number(event.n))));
  const send = (type: string, extra: Record<string, unknown> = {}) => bus.send('counter/a', { event: { type, ...extra } });
  /** Let the store answer (activation is asynchronous) and the journal commit what was accepted (its events wait for it). */
  const settle = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    await host.settled();
  };
  return { bus, clock, store: db, host, handled, frames, send, settle, tick: (ms: number) => advance(clock, ms) };
}

t.test('runtime tick: a live ticked actor is stepped in place every frame, without a transition; its frames go to its audience', async (t) => {
  const frameReports: TickFrame[] = [];
  const h = await setupHost((frame) => void frameReports.push(frame));
  h.send('go');
  await h.settle();
  t.same(h.handled, ['go']);
  const before = h.host.snapshotOf('counter/a')!;
  h.tick(100);
  t.same(h.frames, [1, 2, 3, 4, 5, 6], 'six frames in 100 ms at 60 Hz, on the session topic');
  t.same(h.handled, ['go'], 'no transition per frame');
  const after = h.host.snapshotOf('counter/a')!;
  t.not(after, before, 'a moving ticked actor reads as a new snapshot each time');
  t.equal(after.context.sim.n, 6, 'with its ticked state as it stands');
  h.tick(17);
  t.equal(after.context.sim.n, 6, 'a snapshot handed out holds a copy: it does not move on');
  t.ok(frameReports.length >= 7 && frameReports.every((f) => f.ticked === 1 && f.lateMs < 1), 'the kind hears every frame');
});

t.test('runtime tick: inputs pass the bus and are applied in place, in order with the other messages', async (t) => {
  const h = await setupHost();
  h.send('go');
  await h.settle();
  h.tick(17);
  h.send('push', { by: 5 });
  h.tick(17);
  t.same(h.frames, [1, 6], 'the input changed the next step');
  t.same(h.handled, ['go'], 'the input cost no transition');
  h.send('stop');
  h.send('push', { by: 1 });
  t.same(h.handled, ['go', 'stop', 'push'], 'once the actor leaves its ticking state, inputs reach the machine again');
  h.tick(100);
  t.same(h.frames, [1, 6], 'and it is not stepped any more');
});

t.test('runtime tick: what a step reports reaches the machine through its mailbox', async (t) => {
  const h = await setupHost();
  h.send('go');
  await h.settle();
  h.tick(1000);
  t.equal(h.frames.at(-1), 30, 'the last frame went out before the report');
  t.same(h.handled, ['go', SystemEvent.tickWon]);
  t.equal(h.host.snapshotOf('counter/a')!.value, 'done');
  t.equal(h.frames.length, 30, 'no frame after the actor left its ticking state');
});

t.test('runtime tick: a live ticked actor is snapshotted as it stands, by the sweep and at shutdown; it restores where it was', async (t) => {
  const h = await setupHost();
  h.send('go');
  await h.settle();
  h.tick(100);
  await h.host.sweep();
  t.match(await h.store.getSnapshot('counter/a'), { data: { value: 'running', context: { sim: { n: 6 } } } }, 'the periodic snapshot holds the live state');
  h.tick(50);
  await h.host.sweep();
  t.match(await h.store.getSnapshot('counter/a'), { data: { context: { sim: { n: 9 } } } }, 'stepping makes the actor dirty');
  h.tick(50);
  await h.host.close();
  t.match(await h.store.getSnapshot('counter/a'), { data: { value: 'running', context: { sim: { n: 12 } } } }, 'the shutdown flush too');

  const next = await setupHost(undefined, h.store);
  next.send('ping');
  await next.settle();
  t.equal(next.host.snapshotOf('counter/a')!.context.sim.n, 12, 'restored with the state where it stopped');
  next.tick(17);
  t.same(next.frames, [13], 'and stepped on from there');
});

t.test('runtime tick: a step that throws drops the actor here; it comes back from its last snapshot', async (t) => {
  const h = await setupHost();
  h.send('go');
  await h.settle();
  h.tick(50);
  await h.host.sweep();
  h.send('boom');
  h.tick(17);
  t.same(h.host.countByKind(), { counter: 0 }, 'the failing actor is gone, the process is not');
  h.send('ping');
  await h.settle();
  t.match(h.host.snapshotOf('counter/a'), { value: 'running', context: { sim: { n: 3, boom: false } } }, 'restored from the store');
});

t.test('runtime tick: ticked kinds of one host share one rate', async (t) => {
  const bus = createBus();
  const store = await createSqliteStore(':memory:');
  const other = { ...kindWith(undefined, 30), kind: 'other' };
  t.throws(() => createActorHost({ bus, store, kinds: [kindWith(), other], autoSweep: false }), /one rate/);
});
