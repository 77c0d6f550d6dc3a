import type { Test } from 'tap';
import { VersionConflictError, type Store } from '../../src/store/index.js';
import { channelConformance } from './conformance/channel-conformance.js';
import { commitConformance } from './conformance/commit-conformance.js';
import { fenceConformance } from './conformance/fence-conformance.js';
import { libraryConformance } from './conformance/library-conformance.js';
import { pokerConformance } from './conformance/poker-conformance.js';

/** Opens a fresh, empty store; the suite closes it. */
export type StoreFactory = () => Promise<Store>;

/** Run `body` against a fresh store from `open`, closing it afterwards. */
export function withStore(open: StoreFactory, body: (store: Store, t: Test) => Promise<void>) {
  return async (t: Test) => {
    const store = await open();
    t.teardown(() => store.close());
    await body(store, t);
  };
}

/**
 * The store seam's behaviour, for every adapter: snapshot compare-and-set, the journal,
 * and each domain repository as the sessions use it. It asserts what callers observe,
 * never how it is stored, so a PostgreSQL or JetStream adapter runs it unchanged.
 *
 * @example
 * storeConformance(t, () => createSqliteStore(':memory:'));
 */
export function storeConformance(t: Test, open: StoreFactory) {
  t.test('snapshots', (t) => snapshotConformance(t, open));
  t.test('journal', (t) => journalConformance(t, open));
  t.test('journal commits and recovery', (t) => commitConformance(t, open));
  t.test('ownership fencing', (t) => fenceConformance(t, open));
  t.test('channel repository', (t) => channelConformance(t, open));
  t.test('poker repository', (t) => pokerConformance(t, open));
  t.test('library repository', (t) => libraryConformance(t, open));
  return t.end();
}

async function snapshotConformance(t: Test, open: StoreFactory) {
  t.test(
    'an address with no snapshot reads as undefined',
    withStore(open, async (store, t) => {
      t.equal(await store.getSnapshot('poker/none'), undefined);
    }),
  );

  t.test(
    'create with version 0, then each update names the version it read',
    withStore(open, async (store, t) => {
      t.equal(await store.putSnapshot('poker/t1', { hand: 1 }, 0), 1, 'creating resolves with version 1');
      t.same(await store.getSnapshot('poker/t1'), { version: 1, data: { hand: 1 } });
      t.equal(await store.putSnapshot('poker/t1', { hand: 2 }, 1), 2);
      t.equal(await store.putSnapshot('poker/t1', { hand: 3 }, 2), 3);
      t.same(await store.getSnapshot('poker/t1'), { version: 3, data: { hand: 3 } });
    }),
  );

  t.test(
    'a stale or second writer is refused with VersionConflictError and changes nothing',
    withStore(open, async (store, t) => {
      await store.putSnapshot('poker/t1', { hand: 1 }, 0);
      await store.putSnapshot('poker/t1', { hand: 2 }, 1);
      await t.rejects(store.putSnapshot('poker/t1', { hand: 99 }, 1), VersionConflictError, 'a stale writer loses');
      await t.rejects(store.putSnapshot('poker/t1', { hand: 99 }, 0), VersionConflictError, 'a second creator loses');
      await t.rejects(store.putSnapshot('poker/t1', { hand: 99 }, 7), VersionConflictError, 'a version from the future loses');
      await t.rejects(store.putSnapshot('poker/other', { hand: 99 }, 1), VersionConflictError, 'updating a missing snapshot loses');
      t.same(await store.getSnapshot('poker/t1'), { version: 2, data: { hand: 2 } });
      t.equal(await store.getSnapshot('poker/other'), undefined);
    }),
  );

  t.test(
    'of two concurrent writers naming the same version, exactly one wins',
    withStore(open, async (store, t) => {
      await store.putSnapshot('chan/x', { n: 0 }, 0);
      const outcomes = await Promise.allSettled([store.putSnapshot('chan/x', { n: 'a' }, 1), store.putSnapshot('chan/x', { n: 'b' }, 1)]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      t.equal(won.length, 1);
      t.equal(lost.length, 1);
      t.type(lost[0].reason, VersionConflictError);
      const stored = await store.getSnapshot('chan/x');
      t.equal(stored?.version, 2);
      t.ok(['a', 'b'].includes((stored?.data as { n: string }).n));
    }),
  );

  t.test(
    'snapshot data comes back as the same JSON value',
    withStore(open, async (store, t) => {
      const data = { value: 'day', context: { seats: [null, { id: '0xab', stack: 1500 }], board: [], note: 'é — 🂡', flag: false, n: -0.5 } };
      await store.putSnapshot('mafia/g-1', data, 0);
      t.same(await store.getSnapshot('mafia/g-1'), { version: 1, data });
    }),
  );

  t.test(
    'addresses are independent, and a deleted snapshot can be created anew',
    withStore(open, async (store, t) => {
      await store.putSnapshot('a/1', { a: 1 }, 0);
      await store.putSnapshot('a/2', { a: 2 }, 0);
      await store.putSnapshot('a/2', { a: 3 }, 1);
      await store.deleteSnapshot('a/1');
      t.equal(await store.getSnapshot('a/1'), undefined);
      t.same(await store.getSnapshot('a/2'), { version: 2, data: { a: 3 } }, 'the other address is untouched');
      await store.deleteSnapshot('a/none'); // deleting nothing is not an error
      t.equal(await store.putSnapshot('a/1', { again: true }, 0), 1);
    }),
  );
}

async function journalConformance(t: Test, open: StoreFactory) {
  t.test(
    'appends are numbered 1, 2, 3 per address and read back in order',
    withStore(open, async (store, t) => {
      t.equal(await store.append('a/1', { e: 'x' }), 1);
      t.equal(await store.append('a/1', { e: 'y' }), 2);
      t.equal(await store.append('a/2', { e: 'other' }), 1, 'sequences are per address');
      t.equal(await store.append('a/1', { e: 'z', nested: [1, { deep: null }] }), 3);
      t.same(await store.readJournal('a/1'), [
        { seq: 1, entry: { e: 'x' } },
        { seq: 2, entry: { e: 'y' } },
        { seq: 3, entry: { e: 'z', nested: [1, { deep: null }] } },
      ]);
      t.same(await store.readJournal('a/2'), [{ seq: 1, entry: { e: 'other' } }]);
      t.same(await store.readJournal('a/none'), []);
    }),
  );

  t.test(
    'reading after a sequence number returns only later entries',
    withStore(open, async (store, t) => {
      for (const e of ['a', 'b', 'c', 'd']) await store.append('j/1', e);
      t.same(await store.readJournal('j/1', 2), [{ seq: 3, entry: 'c' }, { seq: 4, entry: 'd' }]);
      t.same(await store.readJournal('j/1', 0), (await store.readJournal('j/1')));
      t.same(await store.readJournal('j/1', 4), []);
    }),
  );

  t.test(
    'concurrent appends get distinct numbers, read back in number order',
    withStore(open, async (store, t) => {
      const seqs = await Promise.all(Array.from({ length: 20 }, (_, i) => store.append('j/c', { i })));
      t.same([...seqs].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
      const read = await store.readJournal('j/c');
      t.same(read.map((r) => r.seq), Array.from({ length: 20 }, (_, i) => i + 1));
      for (const r of read) t.equal(seqs[(r.entry as { i: number }).i], r.seq, 'each entry carries the number its append resolved with');
    }),
  );

  t.test(
    'truncating drops entries up to and including a number; numbers are never reused',
    withStore(open, async (store, t) => {
      for (const e of ['a', 'b', 'c']) await store.append('j/t', e);
      await store.append('j/other', 'kept');
      await store.truncateJournal('j/t', 2);
      t.same(await store.readJournal('j/t'), [{ seq: 3, entry: 'c' }]);
      t.same(await store.readJournal('j/other'), [{ seq: 1, entry: 'kept' }], 'other addresses are untouched');
      await store.truncateJournal('j/t', 3);
      t.same(await store.readJournal('j/t'), [], 'truncating everything empties the journal');
      t.equal(await store.append('j/t', 'd'), 4, 'the next entry continues the numbering');
      t.same(await store.readJournal('j/t', 3), [{ seq: 4, entry: 'd' }], 'a reader that saw up to 3 finds the new entry');
    }),
  );
}
