import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/index.js';
import { storeConformance } from './store-conformance.js';

const tempDir = (t: Test) => {
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

t.test('sqlite store (:memory:) passes the store conformance suite', (t) => storeConformance(t, () => createSqliteStore(':memory:')));

t.test('sqlite store (data directory) passes the store conformance suite', (t) => {
  const root = tempDir(t);
  let n = 0;
  return storeConformance(t, () => createSqliteStore(join(root, `store-${++n}`)));
});

t.test('sqlite store: data survives reopening the directory, and reopening does not migrate twice', async (t) => {
  const dir = join(tempDir(t), 'nested', 'data');
  const first = await createSqliteStore(dir);
  await first.putSnapshot('x/1', { kept: true }, 0);
  await first.append('x/1', 'a');
  await first.append('x/1', 'b');
  await first.truncateJournal('x/1', 2);
  await first.channels.saveChannel({ id: 'c1', name: 'kept', is_private: false, owner_id: 'ann', created_at: '2026-01-01T00:00:00.000Z' }, ['ann']);
  await first.poker.createSession('tok', '0xa', 1000);
  await first.library.kvSet('k', 'v');
  await first.close();

  const second = await createSqliteStore(dir);
  t.same(await second.getSnapshot('x/1'), { version: 1, data: { kept: true } });
  t.equal(await second.append('x/1', 'c'), 3, 'journal numbering survives a restart and a truncation');
  t.same((await second.channels.visibleChannels('bob')).map((c) => c.name), ['kept']);
  t.same(await second.poker.liveSessions(2000, 5000), [{ token: 'tok', userId: '0xa', lastUsed: 1000 }]);
  t.equal(await second.library.kvGet('k'), 'v');
  await second.close();
  await second.close(); // closing twice is harmless
});
