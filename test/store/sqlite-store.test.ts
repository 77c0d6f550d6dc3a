import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore, VersionConflictError } from '../../src/store/index.js';

t.test('store: snapshots are compare-and-set by version', async (t) => {
  const store = await createSqliteStore(':memory:');
  t.equal(await store.getSnapshot('poker/t1'), undefined);
  t.equal(await store.putSnapshot('poker/t1', { hand: 1 }, 0), 1);
  t.equal(await store.putSnapshot('poker/t1', { hand: 2 }, 1), 2);
  await t.rejects(store.putSnapshot('poker/t1', { hand: 99 }, 1), VersionConflictError, 'a stale writer loses');
  await t.rejects(store.putSnapshot('poker/t1', { hand: 99 }, 0), VersionConflictError, 'a second creator loses');
  t.same(await store.getSnapshot('poker/t1'), { version: 2, data: { hand: 2 } });
  await store.deleteSnapshot('poker/t1');
  t.equal(await store.getSnapshot('poker/t1'), undefined);
  await store.close();
});

t.test('store: the journal appends in order and truncates what a snapshot covers', async (t) => {
  const store = await createSqliteStore(':memory:');
  t.equal(await store.append('a/1', { e: 'x' }), 1);
  t.equal(await store.append('a/1', { e: 'y' }), 2);
  t.equal(await store.append('a/2', { e: 'other' }), 1, 'sequences are per address');
  t.same(await store.readJournal('a/1'), [{ seq: 1, entry: { e: 'x' } }, { seq: 2, entry: { e: 'y' } }]);
  t.same(await store.readJournal('a/1', 1), [{ seq: 2, entry: { e: 'y' } }]);
  await store.truncateJournal('a/1', 1);
  t.same((await store.readJournal('a/1')).map((r) => r.seq), [2]);
  await store.close();
});

t.test('store: migrations run once per domain and data survives reopening', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const first = await createSqliteStore(join(dir, 'nested', 'data'));
  const steps = ['CREATE TABLE things (id TEXT PRIMARY KEY)', 'ALTER TABLE things ADD COLUMN name TEXT'];
  await first.migrate('things', steps);
  first.db.prepare("INSERT INTO things (id, name) VALUES ('1', 'one')").run();
  await first.putSnapshot('x/1', { kept: true }, 0);
  await first.close();

  const second = await createSqliteStore(join(dir, 'nested', 'data'));
  await second.migrate('things', steps); // already applied: must not fail
  await second.migrate('things', [...steps, 'ALTER TABLE things ADD COLUMN extra INTEGER DEFAULT 7']);
  t.same(second.db.prepare('SELECT * FROM things').all(), [{ id: '1', name: 'one', extra: 7 }]);
  t.same(await second.getSnapshot('x/1'), { version: 1, data: { kept: true } });
  await second.close();
});
