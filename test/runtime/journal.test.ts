import t from 'tap';
import { assign, emit, setup, SimulatedClock } from 'xstate';
import { createBus } from '../../src/bus/index.js';
import { out } from '../../src/contract/index.js';
import { createActorHost, defineActorKind } from '../../src/runtime/index.js';
import { createSqliteStore, type JournalBatch, type Store } from '../../src/store/index.js';

/** A counter whose increments are random-free but order-dependent, with a refusal and a timer. */
const counter = setup({
  types: { context: {} as { log: string[]; deadline: number | null }, events: {} as { type: string; $at?: number; value?: string } },
  actions: {
    report: emit(({ context }) => out('sender', { type: 'log', log: context.log })),
    refuse: emit(() => out('sender', { type: 'refused' })),
    ring: emit(({ context }) => out('session', { type: 'rang', log: context.log })),
  },
  delays: { later: 1000 },
}).createMachine({
  context: { log: [], deadline: null },
  initial: 'idle',
  on: {
    add: [
      { guard: ({ event }) => event.value === 'bad', actions: 'refuse' },
      { actions: [assign({ log: ({ context, event }) => [...context.log, `${event.value}@${event.$at}`] }), 'report'] },
    ],
    read: { actions: 'report' },
  },
  states: {
    idle: { on: { arm: 'armed' } },
    armed: { after: { later: { target: 'idle', actions: [assign({ log: ({ context }) => [...context.log, 'rang'] }), 'ring'] } } },
  },
});

/** A store that records every commit, so a test can see what each turn wrote. */
function recording(store: Store) {
  const commits: JournalBatch[] = [];
  const commit = store.commit.bind(store);
  return { commits, store: { ...store, commit: (batch: JournalBatch) => (commits.push(structuredClone(batch)), commit(batch)) } as Store };
}

async function hostOn(store: Store) {
  const bus = createBus();
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const host = createActorHost({ bus, store, clock, kinds: [defineActorKind({ kind: 'counter', machine: counter })], autoSweep: false });
  const ask = (type: string, value?: string) => bus.request('counter/a', { type, value }, { timeoutMs: 1000 });
  return { bus, clock, host, ask };
}

t.test('journal: accepted messages are journaled once per turn, refused ones are not; a fresh actor starts with a snapshot', async (t) => {
  const { commits, store } = recording(await createSqliteStore(':memory:'));
  const { ask } = await hostOn(store);
  t.same((await ask('add', 'x')).log, ['x@1000000']);
  t.match(commits.at(-1), { snapshots: [{ address: 'counter/a', expectedVersion: 0 }], appends: [] }, 'the first change of a fresh actor is a snapshot');
  const before = commits.length;
  t.same((await ask('add', 'bad')).type, 'refused');
  t.same(await ask('read'), { type: 'log', log: ['x@1000000'] });
  t.notOk(commits.slice(before).some((c) => c.appends.length > 0 || c.snapshots.length > 0), 'a refusal and a read write nothing');
  // Two messages in one turn: one row holding both, in order.
  const replies = Promise.all([ask('add', 'y'), ask('add', 'z')]);
  await replies;
  const row = commits.find((c) => c.appends.length > 0)!;
  t.match(row.appends, [{ address: 'counter/a', entry: [{ type: 'add', value: 'y', $at: 1000000 }, { type: 'add', value: 'z', $at: 1000000 }] }]);
});

t.test('journal: what a message caused is published only after its commit', async (t) => {
  const raw = await createSqliteStore(':memory:');
  let release!: () => void;
  let hold = false;
  const store: Store = {
    ...raw,
    async commit(batch) {
      if (hold) await new Promise<void>((resolve) => (release = resolve));
      return raw.commit(batch);
    },
  };
  const { ask } = await hostOn(store);
  await ask('add', 'x');
  hold = true;
  let answered = false;
  const reply = ask('add', 'y').then((r) => ((answered = true), r));
  await new Promise((r) => setTimeout(r, 50));
  t.notOk(answered, 'the reply waits while its commit is in flight');
  hold = false;
  release();
  t.same((await reply).log, ['x@1000000', 'y@1000000'], 'and arrives once it has committed');
});

t.test('journal: a crashed host (no shutdown) comes back from the last snapshot plus the replayed journal, announcing nothing twice', async (t) => {
  const store = await createSqliteStore(':memory:');
  const first = await hostOn(store);
  await first.ask('add', 'a');
  first.clock.increment(5);
  await first.ask('add', 'b');
  first.clock.increment(5);
  await first.ask('add', 'c');
  const recovery = await store.recover('counter/a');
  t.equal(recovery.entries.length, 2, 'one snapshot, two journal rows after it');
  // The first host is abandoned as a kill -9 would: no close, no flush.

  const second = await hostOn(store);
  const heard: unknown[] = [];
  second.bus.subscribe('counter/a', (event) => void heard.push(event));
  second.clock.set(2_000_000);
  t.same((await second.ask('read')).log, ['a@1000000', 'b@1000005', 'c@1000010'], 'replayed with the times it was first handled at');
  t.same(heard, [], 'a replay publishes nothing');
  await second.host.settled();
  t.same((await store.recover('counter/a')).entries, [], 'the replayed rows are folded into a fresh snapshot');
});

t.test('journal: a change made by a timer is covered by a snapshot before its event leaves', async (t) => {
  const { commits, store } = recording(await createSqliteStore(':memory:'));
  const { ask, bus, clock, host } = await hostOn(store);
  await ask('add', 'x');
  bus.send('counter/a', { event: { type: 'arm' } });
  await host.settled();
  const heard: any[] = [];
  bus.subscribe('counter/a', (event) => void heard.push(event));
  const before = commits.length;
  clock.increment(1000);
  t.same(heard, [], 'not before the commit');
  await host.settled();
  t.match(heard, [{ type: 'rang', log: ['x@1000000', 'rang'] }]);
  t.match(commits.slice(before), [{ snapshots: [{ address: 'counter/a', data: { value: 'idle', context: { log: ['x@1000000', 'rang'] } } }] }]);
});

t.test('store: snapshots and journal rows are sealed (AES-256-GCM) and a wrong key does not open them', async (t) => {
  const { mkdtempSync, readFileSync, readdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-sealed-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = await createSqliteStore(dir, { secret: 'one secret' });
  await store.commit({ snapshots: [{ address: 'mafia/g-1', data: { role: 'AI_CORE-hidden' }, expectedVersion: 0 }], appends: [] });
  await store.commit({ snapshots: [], appends: [{ address: 'mafia/g-1', entry: [{ type: 'ROLE', role: 'SECRET-ROLE-NAME' }] }] });
  t.same(await store.recover('mafia/g-1'), {
    snapshot: { version: 1, data: { role: 'AI_CORE-hidden' } },
    entries: [{ seq: 1, entry: [{ type: 'ROLE', role: 'SECRET-ROLE-NAME' }] }],
  });
  await store.close();
  const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('');
  t.notMatch(bytes, /AI_CORE-hidden|SECRET-ROLE-NAME/, 'the files do not hold them in the clear');
  const wrong = await createSqliteStore(dir, { secret: 'another secret' });
  await t.rejects(wrong.recover('mafia/g-1'), 'another key does not open them');
  await wrong.close();
  await t.rejects(createSqliteStore(join(dir, 'prod'), { production: true, secret: '' }), /STORE_SECRET is required/);
});
