import type { Test } from 'tap';
import { withStore, type StoreFactory } from '../store-conformance.js';

/** The journal's group commit and recovery (`commit`, `recover`), as the actor host uses them. */
export async function commitConformance(t: Test, open: StoreFactory) {
  t.test(
    'a commit writes its snapshots and appends together; recover reads the snapshot and the rows after it',
    withStore(open, async (store, t) => {
      t.same(await store.recover('a/1'), { snapshot: undefined, entries: [] }, 'nothing stored yet');
      t.same(await store.commit({ snapshots: [{ address: 'a/1', data: { n: 1 }, expectedVersion: 0 }], appends: [{ address: 'a/2', entry: ['x'] }] }), { versions: [1] });
      t.same(await store.commit({ snapshots: [], appends: [{ address: 'a/1', entry: ['e1'] }, { address: 'a/1', entry: ['e2', 'e3'] }] }), { versions: [] });
      t.same(await store.recover('a/1'), { snapshot: { version: 1, data: { n: 1 } }, entries: [{ seq: 1, entry: ['e1'] }, { seq: 2, entry: ['e2', 'e3'] }] });
      t.same(await store.recover('a/2'), { snapshot: undefined, entries: [{ seq: 1, entry: ['x'] }] }, 'addresses are independent');
    }),
  );

  t.test(
    'a snapshot covers the journal so far: recovery starts after it, numbering goes on',
    withStore(open, async (store, t) => {
      await store.commit({ snapshots: [{ address: 'b/1', data: { n: 0 }, expectedVersion: 0 }], appends: [] });
      await store.commit({ snapshots: [], appends: [{ address: 'b/1', entry: ['e1'] }] });
      t.same(await store.commit({ snapshots: [{ address: 'b/1', data: { n: 1 }, expectedVersion: 1 }], appends: [] }), { versions: [2] });
      t.same(await store.recover('b/1'), { snapshot: { version: 2, data: { n: 1 } }, entries: [] });
      await store.commit({ snapshots: [], appends: [{ address: 'b/1', entry: ['e2'] }] });
      t.same((await store.recover('b/1')).entries, [{ seq: 2, entry: ['e2'] }], 'a sequence number is never reused');
    }),
  );

  t.test(
    'a lost compare-and-set writes nothing of its address and is reported; the rest of the batch commits',
    withStore(open, async (store, t) => {
      await store.commit({ snapshots: [{ address: 'c/1', data: { owner: 'first' }, expectedVersion: 0 }], appends: [] });
      const result = await store.commit({
        snapshots: [
          { address: 'c/1', data: { owner: 'stale' }, expectedVersion: 0 },
          { address: 'c/2', data: { fine: true }, expectedVersion: 0 },
        ],
        appends: [{ address: 'c/1', entry: ['dropped'] }, { address: 'c/3', entry: ['kept'] }],
      });
      t.same(result, { versions: [null, 1] });
      t.same(await store.recover('c/1'), { snapshot: { version: 1, data: { owner: 'first' } }, entries: [] });
      t.same((await store.recover('c/2')).snapshot, { version: 1, data: { fine: true } });
      t.same((await store.recover('c/3')).entries, [{ seq: 1, entry: ['kept'] }]);
    }),
  );

  t.test(
    'an empty commit resolves (a barrier behind earlier writes)',
    withStore(open, async (store, t) => {
      const write = store.channels.saveChannel({ id: 'ch', name: 'n', is_private: false, owner_id: 'ann', created_at: '2026-01-01T00:00:00.000Z' }, ['ann']);
      t.same(await store.commit({ snapshots: [], appends: [] }), { versions: [] });
      await write;
      t.same((await store.channels.visibleChannels('ann')).map((c) => c.id), ['ch'], 'the write issued before it is in');
    }),
  );
}
