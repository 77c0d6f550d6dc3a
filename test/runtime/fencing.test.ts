import t from 'tap';
import { assign, emit, setup, SimulatedClock } from 'xstate';
import { createBus, type BusEvent } from '../../src/bus/index.js';
import { out } from '../../src/contract/index.js';
import { createActorHost, defineActorKind } from '../../src/runtime/index.js';
import { createSqliteStore, type Store } from '../../src/store/index.js';

/** A log that grows by message and by timer, answering the sender and ringing the session. */
const counter = setup({
  types: { context: {} as { log: string[] }, events: {} as { type: string; value?: string } },
  actions: {
    report: emit(({ context }) => out('sender', { type: 'log', log: context.log })),
    ring: emit(({ context }) => out('session', { type: 'rang', log: context.log })),
  },
  delays: { later: 1000 },
}).createMachine({
  context: { log: [] },
  initial: 'idle',
  on: {
    add: { actions: [assign({ log: ({ context, event }) => [...context.log, event.value!] }), 'report'] },
    read: { actions: 'report' },
  },
  states: {
    idle: { on: { arm: { target: 'armed', actions: 'report' } } },
    armed: { after: { later: { target: 'idle', actions: [assign({ log: ({ context }) => [...context.log, 'rang'] }), 'ring'] } } },
  },
});

/** A host on `store` whose actors are fenced with `fence` (a node holding their leases at that token). */
function node(store: Store, fence: number) {
  const bus = createBus();
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const retired: string[] = [];
  const host = createActorHost({
    bus,
    store,
    clock,
    kinds: [defineActorKind({ kind: 'counter', machine: counter })],
    autoSweep: false,
    fenceFor: () => fence,
    onRetired: (address) => retired.push(address),
  });
  t.teardown(() => host.close());
  const heard: BusEvent[] = [];
  bus.subscribe('counter/a', (event) => heard.push(event));
  bus.subscribe('conn/1', (event) => heard.push(event));
  /** Send as socket `conn/1` would, without waiting for an answer. */
  const send = (type: string, value?: string) => bus.send('counter/a', { event: { type, value }, replyTo: 'conn/1' });
  const ask = (type: string, value?: string) => bus.request('counter/a', { type, value }, { timeoutMs: 1000 });
  return { bus, clock, host, heard, send, ask, retired };
}

t.test('fencing: a commit refused for a stale fence stops the actor and publishes nothing it held back', async (t) => {
  const store = await createSqliteStore(':memory:');
  t.teardown(() => store.close());
  const old = node(store, 5);
  t.same((await old.ask('add', 'x')).log, ['x'], 'the owner answers while its fence is the newest');

  // Another node takes the actor over: its fenced recovery raises the address's fence.
  const taken = await store.recover('counter/a', 9);
  t.same((taken.snapshot?.data as { context: { log: string[] } }).context.log, ['x']);

  old.send('add', 'y');
  await old.host.settled();
  t.same(old.heard, [], 'the sender never hears of a change the store refused');
  t.equal(old.host.snapshotOf('counter/a'), undefined, 'the actor is stopped');
  t.same(old.retired, ['counter/a'], 'its node is told it no longer serves it');
  t.same((await store.recover('counter/a')).entries, [], 'nothing of it was written');

  // The stale node cannot come back either: its fenced recovery is refused.
  const reply = await old.ask('read');
  t.match(reply, { type: '$error', code: 'SERVER_ERROR' });
  t.equal(old.host.snapshotOf('counter/a'), undefined);
});

t.test("fencing: a timer's change refused for a stale fence is never announced on the session topic", async (t) => {
  const store = await createSqliteStore(':memory:');
  t.teardown(() => store.close());
  const old = node(store, 5);
  await old.ask('arm');
  await store.recover('counter/a', 6);
  old.clock.increment(1000);
  await old.host.settled();
  t.same(old.heard, [], "the ring never leaves: the snapshot that covers it was refused");
  t.equal(old.host.snapshotOf('counter/a'), undefined);
});

t.test('fencing: a hand-off snapshots under the old fence; the next owner restores it, and the old one can no longer write', async (t) => {
  const store = await createSqliteStore(':memory:');
  t.teardown(() => store.close());
  const first = node(store, 5);
  await first.ask('add', 'a');
  await first.ask('add', 'b');
  await first.host.deactivate('counter/a', { handOff: true });
  t.equal(first.host.snapshotOf('counter/a'), undefined, 'stopped after its snapshot');
  t.same(first.retired, ['counter/a']);
  t.same((await store.recover('counter/a')).entries, [], 'the hand-off snapshot covers the journal');

  const next = node(store, 8);
  t.same((await next.ask('read')).log, ['a', 'b'], 'the next owner goes on from the hand-off');
  t.same((await next.ask('add', 'c')).log, ['a', 'b', 'c']);

  // The first node, handed the address again by mistake (its lease long gone), is refused at activation.
  t.match(await first.ask('add', 'stale'), { type: '$error', code: 'SERVER_ERROR' });
  t.same((await next.ask('read')).log, ['a', 'b', 'c'], 'the next owner lost nothing');
});

t.test('fencing: deactivating at once (a lost lease) publishes nothing the actor held back, even from a commit already in flight', async (t) => {
  const store = await createSqliteStore(':memory:');
  t.teardown(() => store.close());
  let hold = false;
  let release!: () => void;
  const gated: Store = {
    ...store,
    async commit(batch) {
      if (hold) await new Promise<void>((resolve) => (release = resolve));
      return store.commit(batch);
    },
  };
  const owner = node(gated, 5);
  await owner.ask('add', 'x');
  hold = true;
  owner.send('add', 'y');
  await new Promise((resolve) => setImmediate(resolve));
  await owner.host.deactivate('counter/a');
  hold = false;
  release();
  await owner.host.settled();
  t.equal(owner.host.snapshotOf('counter/a'), undefined);
  t.same(owner.heard, [], 'the answer to y is dropped with the actor');
});
