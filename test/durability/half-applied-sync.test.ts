import t from 'tap';
import { http } from '../support/client.js';
import { bearer, crashDuring, dataDirOf, restart } from './crash-support.js';

/** A sync's operation row is written before its actor: a crash between leaves a sync resumed from the row (see crash-support.ts). */

t.test('crash between a sync\'s operation row and its actor: the sync runs to the end after the restart', async (t) => {
  const dataDir = dataDirOf(t);
  const env = { LIBRARY_FIXTURE_LATENCY_MS: '0' };
  let libraryId = '';
  // The library is created on the crashing server too: only the operation's row arms it.
  await crashDuring(t, dataDir, 'commit-after:library.createOperation', async (url) => {
    const auth = await bearer(url, 'lib-user');
    const library = await http(url, 'POST', '/api/libraries', { name: 'Shelf', platform: 'fixture' }, auth);
    t.equal(library.status, 201);
    libraryId = library.body.library_id;
    return http(url, 'POST', `/api/libraries/${libraryId}/sync`, { type: 'full' }, auth);
  }, env);

  const server = await restart(t, dataDir, env);
  const auth = await bearer(server.url, 'lib-user');
  let row: any;
  // A bound for a loaded machine, not a figure: the sync takes well under a second when it is quiet.
  for (const giveUp = Date.now() + 80_000; Date.now() < giveUp; ) {
    row = (await http(server.url, 'GET', `/api/libraries/${libraryId}`, undefined, auth)).body;
    if (row.last_synced_at !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.not(row.last_synced_at, null, 'the sync whose row was written ran after the restart');
  t.ok(row.game_count > 0, 'and added the library\'s games');
  const games = await http(server.url, 'GET', `/api/libraries/${libraryId}/games?limit=1`, undefined, auth);
  t.equal(games.body.total, row.game_count, 'every game it counted is there');
});

t.test('a channel snapshot left by an earlier build is dropped at start: the rows decide', async (t) => {
  const dataDir = dataDirOf(t);
  const first = await restart(t, dataDir);
  const ann = await bearer(first.url, 'ann');
  const id = (await http(first.url, 'POST', '/api/channels', { name: 'old', is_private: true }, ann)).body.id;
  t.equal((await http(first.url, 'POST', `/api/channels/${id}/members`, { user_id: 'bob' }, ann)).status, 200);
  await first.stop();
  // What an earlier build kept beside the rows: a snapshot that predates bob.
  const { createSqliteStore } = await import('../../src/store/index.js');
  const store = await createSqliteStore(dataDir);
  await store.putSnapshot(`channel/${id}`, { status: 'active', value: 'open', context: { channelId: id, info: null, members: { ann: true } } }, 0);
  await store.close();

  const server = await restart(t, dataDir);
  const described = await http(server.url, 'GET', `/api/channels/${id}`, undefined, await bearer(server.url, 'bob'));
  t.equal(described.status, 200, 'bob, added after that snapshot, is let in');
  t.same(described.body.members, ['ann', 'bob']);
  await server.stop();
  const reopened = await createSqliteStore(dataDir);
  t.equal(await reopened.getSnapshot(`channel/${id}`), undefined, 'and the stale snapshot is gone');
  await reopened.close();
});
