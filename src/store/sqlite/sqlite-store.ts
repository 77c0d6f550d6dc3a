import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEntry, SnapshotRecord, Store } from '../store.js';
import { VersionConflictError } from '../version-conflict-error.js';
import { createChannelRepository } from '../kysely/channel-repository.js';
import { sqliteDialect } from '../kysely/dialect.js';
import { createLibraryRepository } from '../kysely/library-repository.js';
import { createPokerRepository } from '../kysely/poker-repository.js';
import { createSqliteKysely } from './kysely-sqlite.js';
import { applyMigrations } from './migrate.js';
import { SQLITE_MIGRATIONS } from './schema.js';

/**
 * Open (creating and migrating on first run) the embedded SQLite store in `dataDir`;
 * `':memory:'` for a throwaway one. The database handle stays inside: sessions reach
 * their tables through the store's repositories.
 *
 * @example
 * const store = await createSqliteStore(process.env.DATA_DIR ?? './data');
 */
export async function createSqliteStore(dataDir: string): Promise<Store> {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'actorcade.sqlite');
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process opening the same directory at the same moment waits for its migration.
  db.pragma('busy_timeout = 5000');
  for (const [domain, steps] of Object.entries(SQLITE_MIGRATIONS)) applyMigrations(db, domain, steps);

  // The repositories' shared queries (src/store/kysely) run on the same handle.
  const kysely = createSqliteKysely(db);

  const selectSnapshot = db.prepare('SELECT version, data FROM snapshots WHERE address = ?');
  const insertSnapshot = db.prepare(
    'INSERT INTO snapshots (address, version, data, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT (address) DO NOTHING',
  );
  const updateSnapshot = db.prepare(
    'UPDATE snapshots SET version = version + 1, data = ?, updated_at = ? WHERE address = ? AND version = ?',
  );
  const deleteSnapshot = db.prepare('DELETE FROM snapshots WHERE address = ?');
  const nextSeq = db.prepare(
    'INSERT INTO journal_heads (address, last_seq) VALUES (?, 1) ON CONFLICT (address) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq',
  );
  const insertEntry = db.prepare('INSERT INTO journal (address, seq, entry) VALUES (?, ?, ?)');
  const selectEntries = db.prepare('SELECT seq, entry FROM journal WHERE address = ? AND seq > ? ORDER BY seq');
  const deleteEntries = db.prepare('DELETE FROM journal WHERE address = ? AND seq <= ?');

  const currentVersion = (address: string) =>
    (selectSnapshot.get(address) as { version: number } | undefined)?.version ?? 0;
  const append = db.transaction((address: string, entry: unknown) => {
    const seq = (nextSeq.get(address) as { last_seq: number }).last_seq;
    insertEntry.run(address, seq, JSON.stringify(entry));
    return seq;
  });

  return {
    async getSnapshot(address): Promise<SnapshotRecord | undefined> {
      const row = selectSnapshot.get(address) as { version: number; data: string } | undefined;
      return row && { version: row.version, data: JSON.parse(row.data) };
    },

    async putSnapshot(address, data, expectedVersion) {
      const json = JSON.stringify(data);
      const now = Date.now();
      const changed =
        expectedVersion === 0
          ? insertSnapshot.run(address, json, now).changes
          : updateSnapshot.run(json, now, address, expectedVersion).changes;
      if (changed !== 1) throw new VersionConflictError(address, expectedVersion, currentVersion(address));
      return expectedVersion + 1;
    },

    async deleteSnapshot(address) {
      deleteSnapshot.run(address);
    },

    append: async (address, entry) => append(address, entry),

    async readJournal(address, afterSeq = 0): Promise<JournalEntry[]> {
      return (selectEntries.all(address, afterSeq) as { seq: number; entry: string }[]).map((row) => ({
        seq: row.seq,
        entry: JSON.parse(row.entry),
      }));
    },

    async truncateJournal(address, uptoSeq) {
      deleteEntries.run(address, uptoSeq);
    },

    channels: createChannelRepository(kysely),
    poker: createPokerRepository(kysely),
    library: createLibraryRepository(kysely, sqliteDialect),

    async close() {
      if (db.open) db.close();
    },
  };
}
