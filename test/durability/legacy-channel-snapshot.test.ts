import t from 'tap';
import { createSqliteStore } from '../../src/store/index.js';
import { http } from '../support/client.js';
import { bearer, dataDirOf, restart } from './crash-support.js';

t.test('a channel snapshot left by an earlier build is dropped at start: the rows decide', async (t) => {
  const dataDir = dataDirOf(t);
  const id = '0b6f3c1e-5a7d-4c2b-9e8f-1a2b3c4d5e6f';
  // What an earlier build left: the rows (with bob, added last) and, beside them, a snapshot that predates bob.
  const store = await createSqliteStore(dataDir);
  await store.channels.saveChannel({ id, name: 'old', is_private: true, owner_id: 'ann', created_at: '2026-01-01T00:00:00.000Z' }, ['ann']);
  await store.channels.addMember(id, 'bob');
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
