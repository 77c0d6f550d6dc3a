import t from 'tap';
import { assign, emit, setup, SimulatedClock } from 'xstate';
import { createBus } from '../../src/bus/index.js';
import { out } from '../../src/contract/index.js';
import { createActorHost, defineActorKind } from '../../src/runtime/index.js';
import { createSqliteStore } from '../../src/store/index.js';

interface CounterContext {
  count: number;
  deadline: number | null;
}

/** A counter that can throw on demand and keeps an alarm deadline in context (re-armed on restore). */
const counter = setup({
  types: { context: {} as CounterContext, events: {} as { type: string; $at?: number; source?: string } },
  actions: {
    report: emit(({ context }) => out('sender', { type: 'count', count: context.count })),
    announce: emit(({ context }) => out('session', { type: 'alarm', count: context.count })),
  },
  delays: { untilDeadline: ({ context, event }) => Math.max(0, (context.deadline ?? 0) - (event.$at ?? 0)) },
}).createMachine({
  context: { count: 0, deadline: null },
  initial: 'idle',
  on: {
    inc: { actions: [assign({ count: ({ context }) => context.count + 1 }), 'report'] },
    boom: {
      actions: [
        assign({ count: () => -1000 }),
        () => {
          throw new Error('bug in a machine');
        },
      ],
    },
  },
  states: {
    idle: {
      on: { arm: { target: 'armed', actions: assign({ deadline: ({ event }) => (event.$at ?? 0) + 1000 }) } },
    },
    armed: {
      on: { $restored: { target: 'armed', reenter: true } },
      after: { untilDeadline: { target: 'idle', actions: ['announce', assign({ deadline: null })] } },
    },
  },
});

async function setupHost(store?: Awaited<ReturnType<typeof createSqliteStore>>) {
  const bus = createBus();
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const db = store ?? (await createSqliteStore(':memory:'));
  const host = createActorHost({
    bus,
    store: db,
    clock,
    kinds: [defineActorKind({ kind: 'counter', machine: counter })],
    passivateAfterMs: 10_000,
    autoSweep: false,
  });
  const ask = (address: string, type: string) => bus.request(address, { type }, { timeoutMs: 500 });
  return { bus, clock, store: db, host, ask };
}

t.test('runtime: an actor is activated by its first message and keeps its state', async (t) => {
  const { ask, host } = await setupHost();
  t.same(await ask('counter/a', 'inc'), { type: 'count', count: 1 });
  t.same(await ask('counter/a', 'inc'), { type: 'count', count: 2 });
  t.same(await ask('counter/b', 'inc'), { type: 'count', count: 1 }, 'each address is its own actor');
  t.same(host.countByKind(), { counter: 2 });
});

t.test('runtime: a throwing machine is restored to its last good state; the others carry on', async (t) => {
  const { ask } = await setupHost();
  await ask('counter/a', 'inc');
  await ask('counter/b', 'inc');
  const failure = await ask('counter/a', 'boom');
  t.match(failure, { type: '$error', code: 'SERVER_ERROR', request: { type: 'boom' } }, 'the sender hears an error');
  t.same(await ask('counter/a', 'inc'), { type: 'count', count: 2 }, 'the half-applied change was rolled back');
  t.same(await ask('counter/b', 'inc'), { type: 'count', count: 2 }, 'another actor is unaffected');
});

t.test('runtime: idle actors are snapshotted, passivated and restored on the next message', async (t) => {
  const { ask, host, clock, store } = await setupHost();
  await ask('counter/a', 'inc');
  await ask('counter/a', 'inc');
  clock.increment(10_001);
  await host.sweep();
  t.same(host.countByKind(), { counter: 0 }, 'passivated');
  t.match(await store.getSnapshot('counter/a'), { data: { context: { count: 2 } } });
  t.same(await ask('counter/a', 'inc'), { type: 'count', count: 3 }, 'restored from the store');
});

t.test('runtime: a deadline in context is re-armed after a restart (xstate#5331)', async (t) => {
  const first = await setupHost();
  const alarms: unknown[] = [];
  first.bus.send('counter/a', { event: { type: 'arm' } });
  await new Promise((r) => setImmediate(r));
  first.clock.increment(400);
  await first.host.close(); // flushes the snapshot, like a graceful shutdown

  const second = await setupHost(first.store);
  second.clock.set(1_000_400);
  second.bus.subscribe('counter/a', (event) => alarms.push(event));
  second.bus.send('counter/a', { event: { type: 'ping' } }); // activates and restores
  await new Promise((r) => setImmediate(r));
  second.clock.increment(599);
  await second.host.settled();
  t.same(alarms, [], 'not before the deadline');
  second.clock.increment(1);
  // What the timer caused leaves once its snapshot is committed.
  await second.host.settled();
  t.same(alarms, [{ type: 'alarm', count: 0 }], 'fires at the original deadline');
});

t.test('runtime: a sweep over many changed actors writes them in small commits, letting the event loop turn between them', async (t) => {
  const h = await setupHost();
  const commits: number[] = [];
  const commit = h.store.commit.bind(h.store);
  h.store.commit = (batch) => {
    commits.push(batch.snapshots.length);
    return commit(batch);
  };
  const actors = 600;
  // The first message's commit snapshots a fresh actor; the second is journaled and leaves it changed since.
  for (let round = 0; round < 2; round++) await Promise.all(Array.from({ length: actors }, (_, i) => h.ask(`counter/${i}`, 'inc')));
  commits.length = 0;
  let turns = 0;
  let turning = true;
  const turn = () => {
    turns++;
    if (turning) setImmediate(turn);
  };
  setImmediate(turn);
  await h.host.sweep();
  turning = false;
  const written = commits.reduce((a, b) => a + b, 0);
  t.equal(written, actors, 'every changed actor is snapshotted once');
  t.ok(commits.length > 1, `in ${commits.length} commits, not one`);
  t.ok(Math.max(...commits) < actors, `the largest holds ${Math.max(...commits)} of ${actors}`);
  t.ok(turns >= commits.length - 1, `the event loop turned between them (${turns} turns)`);
  for (let i = 0; i < actors; i += 97) {
    t.match(await h.store.getSnapshot(`counter/${i}`), { data: { context: { count: 2 } } }, `counter/${i}'s snapshot holds both messages`);
  }
});
