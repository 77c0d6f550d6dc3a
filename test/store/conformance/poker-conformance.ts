import type { Test } from 'tap';
import { withStore, type StoreFactory } from '../store-conformance.js';

const HOUR = 3_600_000;

/** What the poker session relies on: the table registry, resume tokens and where users sat. */
export async function pokerConformance(t: Test, open: StoreFactory) {
  t.test(
    'tables are listed oldest first (ties by id); adding a known id changes nothing',
    withStore(open, async (store, t) => {
      const repo = store.poker;
      t.same(await repo.listTables(), []);
      await repo.addTable('t-b', { smallBlind: 1 }, 2000);
      await repo.addTable('t-c', { smallBlind: 1 }, 1000);
      await repo.addTable('t-a', { smallBlind: 1 }, 2000);
      await repo.addTable('t-c', { smallBlind: 5 }, 9000);
      t.same(await repo.listTables(), [
        { id: 't-c', createdAt: 1000 },
        { id: 't-a', createdAt: 2000 },
        { id: 't-b', createdAt: 2000 },
      ]);
    }),
  );

  t.test(
    'live tokens are those used within the TTL; touching one keeps it alive',
    withStore(open, async (store, t) => {
      const repo = store.poker;
      await repo.createSession('tok-old', '0xold', 0);
      await repo.createSession('tok-new', '0xnew', 5 * HOUR);
      await repo.createSession('tok-edge', '0xedge', 4 * HOUR);
      const live = await repo.liveSessions(6 * HOUR, 2 * HOUR);
      t.same(
        live.sort((a, b) => a.token.localeCompare(b.token)),
        [
          { token: 'tok-edge', userId: '0xedge', lastUsed: 4 * HOUR },
          { token: 'tok-new', userId: '0xnew', lastUsed: 5 * HOUR },
        ],
        'a token used exactly TTL ago is still live',
      );
      await repo.touchSession('tok-old', 6 * HOUR);
      await repo.touchSession('tok-unknown', 6 * HOUR); // no-op
      t.same(
        (await repo.liveSessions(6 * HOUR, 2 * HOUR)).map((s) => s.token).sort(),
        ['tok-edge', 'tok-new', 'tok-old'],
      );
      t.same((await repo.liveSessions(6 * HOUR, 2 * HOUR)).find((s) => s.token === 'tok-old'), { token: 'tok-old', userId: '0xold', lastUsed: 6 * HOUR });
    }),
  );

  t.test(
    'users remember the tables they joined, once each',
    withStore(open, async (store, t) => {
      const repo = store.poker;
      await repo.noteTable('0xa', 't-2');
      await repo.noteTable('0xa', 't-1');
      await repo.noteTable('0xa', 't-2');
      await repo.noteTable('0xb', 't-3');
      t.same((await repo.tablesOf('0xa')).sort(), ['t-1', 't-2']);
      t.same(await repo.tablesOf('0xb'), ['t-3']);
      t.same(await repo.tablesOf('0xnobody'), []);
    }),
  );

  t.test(
    'purging forgets expired tokens, and where users with no live token left sat',
    withStore(open, async (store, t) => {
      const repo = store.poker;
      await repo.createSession('gone', '0xgone', 0);
      await repo.createSession('stale', '0xboth', 0);
      await repo.createSession('fresh', '0xboth', 9 * HOUR);
      await repo.createSession('kept', '0xkept', 9 * HOUR);
      await repo.noteTable('0xgone', 't-1');
      await repo.noteTable('0xboth', 't-1');
      await repo.noteTable('0xkept', 't-2');
      t.equal(await repo.purgeExpired(10 * HOUR, 2 * HOUR), 2, 'two tokens expired');
      t.same((await repo.liveSessions(10 * HOUR, 100 * HOUR)).map((s) => s.token).sort(), ['fresh', 'kept']);
      t.same(await repo.tablesOf('0xgone'), [], 'a user with no token left is forgotten');
      t.same(await repo.tablesOf('0xboth'), ['t-1'], 'a user with another live token keeps their tables');
      t.same(await repo.tablesOf('0xkept'), ['t-2']);
      t.equal(await repo.purgeExpired(10 * HOUR, 2 * HOUR), 0, 'nothing left to purge');
    }),
  );
}
