import type { Test } from 'tap';
import { FencedError } from '../../../src/store/index.js';
import { withStore, type StoreFactory } from '../store-conformance.js';

/** Ownership fencing (cluster mode): writes carrying an older fence than the newest seen for their address are refused. */
export async function fenceConformance(t: Test, open: StoreFactory) {
  t.test(
    'a commit fenced older than the newest fence seen writes nothing of that address and names it; the rest commits',
    withStore(open, async (store, t) => {
      t.same(await store.commit({ snapshots: [{ address: 'f/1', data: { owner: 'old' }, expectedVersion: 0, fence: 5 }], appends: [] }), { versions: [1] });
      t.same(await store.commit({ snapshots: [], appends: [{ address: 'f/1', entry: ['old-1'], fence: 5 }] }), { versions: [] }, 'the same fence again is accepted');
      t.same(await store.commit({ snapshots: [], appends: [{ address: 'f/1', entry: ['new-1'], fence: 9 }] }), { versions: [] }, 'a newer fence is accepted');
      const stale = await store.commit({
        snapshots: [
          { address: 'f/1', data: { owner: 'old, again' }, expectedVersion: 1, fence: 5 },
          { address: 'f/2', data: { other: true }, expectedVersion: 0, fence: 1 },
        ],
        appends: [{ address: 'f/1', entry: ['old-2'], fence: 5 }, { address: 'f/3', entry: ['kept'], fence: 2 }],
      });
      t.same(stale, { versions: [null, 1], fenced: ['f/1'] });
      t.same(await store.recover('f/1'), { snapshot: { version: 1, data: { owner: 'old' } }, entries: [{ seq: 1, entry: ['old-1'] }, { seq: 2, entry: ['new-1'] }] });
      t.same((await store.recover('f/3')).entries, [{ seq: 1, entry: ['kept'] }], 'fences are per address');
      t.same(await store.commit({ snapshots: [], appends: [{ address: 'f/1', entry: ['old-3'], fence: 8 }] }), { versions: [], fenced: ['f/1'] }, 'an appends-only batch is refused too');
      t.same(await store.commit({ snapshots: [{ address: 'f/1', data: { owner: 'new' }, expectedVersion: 1, fence: 9 }], appends: [] }), { versions: [2] }, 'the newest owner goes on');
    }),
  );

  t.test(
    'a write without a fence is not checked (single-process mode), and does not count as one',
    withStore(open, async (store, t) => {
      await store.commit({ snapshots: [{ address: 'g/1', data: { n: 0 }, expectedVersion: 0 }], appends: [{ address: 'g/1', entry: ['a'] }] });
      await store.commit({ snapshots: [], appends: [{ address: 'g/1', entry: ['b'], fence: 3 }] });
      t.same(await store.commit({ snapshots: [], appends: [{ address: 'g/1', entry: ['c'] }] }), { versions: [] });
      t.same(await store.commit({ snapshots: [], appends: [{ address: 'g/1', entry: ['d'], fence: 1 }] }), { versions: [], fenced: ['g/1'] });
      t.same((await store.recover('g/1')).entries.map((e) => e.entry), [['a'], ['b'], ['c']]);
    }),
  );

  t.test(
    'a fenced recovery raises the fence first: an older owner writes nothing after it, and an older recovery is refused',
    withStore(open, async (store, t) => {
      await store.commit({ snapshots: [{ address: 'h/1', data: { n: 1 }, expectedVersion: 0, fence: 4 }], appends: [{ address: 'h/1', entry: ['x'], fence: 4 }] });
      const before = { snapshot: { version: 1, data: { n: 1 } }, entries: [{ seq: 1, entry: ['x'] }] };
      t.same(await store.recover('h/1', 10), before, 'the recovery reads what the old owner wrote');
      t.same(await store.commit({ snapshots: [], appends: [{ address: 'h/1', entry: ['late'], fence: 4 }] }), { versions: [], fenced: ['h/1'] });
      await t.rejects(store.recover('h/1', 9), FencedError, 'a recovery with an older fence is refused');
      t.same(await store.recover('h/1', 10), before, 'the same fence recovers again, and nothing was added');
      t.same(await store.recover('h/1'), before, 'an unfenced read is a plain read');
      t.same(await store.recover('h/none', 1), { snapshot: undefined, entries: [] }, 'a fresh address is fenced from its first recovery');
      t.same(await store.commit({ snapshots: [], appends: [{ address: 'h/none', entry: ['e'], fence: 0 }] }), { versions: [], fenced: ['h/none'] });
    }),
  );

  t.test(
    'single writes: putSnapshot and append with an older fence reject with FencedError and write nothing',
    withStore(open, async (store, t) => {
      t.equal(await store.putSnapshot('i/1', { n: 1 }, 0, 7), 1);
      t.equal(await store.append('i/1', 'e1', 7), 1);
      await t.rejects(store.putSnapshot('i/1', { n: 99 }, 1, 6), FencedError);
      await t.rejects(store.append('i/1', 'e99', 6), FencedError);
      t.same(await store.getSnapshot('i/1'), { version: 1, data: { n: 1 } });
      t.same(await store.readJournal('i/1'), [{ seq: 1, entry: 'e1' }]);
      t.equal(await store.putSnapshot('i/1', { n: 2 }, 1, 8), 2, 'a newer fence writes');
    }),
  );

  t.test(
    "an old owner's commit racing a new owner's fenced recovery lands before the read or not at all",
    withStore(open, async (store, t) => {
      let landed = 0;
      for (let round = 0; round < 20; round++) {
        const address = `race/${round}`;
        await store.commit({ snapshots: [{ address, data: { round }, expectedVersion: 0, fence: 1 }], appends: [] });
        const [written, recovered] = await Promise.all([
          store.commit({ snapshots: [], appends: [{ address, entry: ['late'], fence: 1 }] }),
          store.recover(address, 2),
        ]);
        const refused = written.fenced?.includes(address) ?? false;
        const seen = recovered.entries.some((e) => (e.entry as string[])[0] === 'late');
        if (!refused) landed++;
        t.equal(seen, !refused, `round ${round}: the recovery holds the write exactly when it was not refused`);
        t.same((await store.recover(address)).entries.length, refused ? 0 : 1, `round ${round}: nothing lands afterwards`);
      }
      t.comment(`the old owner's write landed first in ${landed} of 20 rounds`);
    }),
  );
}
