import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { VersionConflictError, type JournalEntry, type SnapshotRecord, type Store } from './types.js';

/** The embedded default store, with its database open for domain repositories. */
export interface SqliteStore extends Store {
  readonly db: Database.Database;
}

const CORE_MIGRATIONS = [
  `CREATE TABLE snapshots (
     address TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     data TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   )`,
  `CREATE TABLE journal (
     address TEXT NOT NULL,
     seq INTEGER NOT NULL,
     entry TEXT NOT NULL,
     PRIMARY KEY (address, seq)
   )`,
] as const;

/**
 * Open (creating on first run) the SQLite store in `dataDir`; `':memory:'` for a
 * throwaway one.
 */
export async function createSqliteStore(dataDir: string): Promise<SqliteStore> {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'actorcade.sqlite');
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    domain TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (domain, version))`);

  const migrate = (domain: string, steps: readonly string[]) => {
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations WHERE domain = ?').all(domain) as { version: number }[]).map(
        (row) => row.version,
      ),
    );
    const record = db.prepare('INSERT INTO schema_migrations (domain, version) VALUES (?, ?)');
    steps.forEach((sql, index) => {
      const version = index + 1;
      if (applied.has(version)) return;
      db.transaction(() => {
        db.exec(sql);
        record.run(domain, version);
      })();
    });
  };
  migrate('core', CORE_MIGRATIONS);

  const selectSnapshot = db.prepare('SELECT version, data FROM snapshots WHERE address = ?');
  const insertSnapshot = db.prepare(
    'INSERT INTO snapshots (address, version, data, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT (address) DO NOTHING',
  );
  const updateSnapshot = db.prepare(
    'UPDATE snapshots SET version = version + 1, data = ?, updated_at = ? WHERE address = ? AND version = ?',
  );
  const deleteSnapshot = db.prepare('DELETE FROM snapshots WHERE address = ?');
  const lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM journal WHERE address = ?');
  const insertEntry = db.prepare('INSERT INTO journal (address, seq, entry) VALUES (?, ?, ?)');
  const selectEntries = db.prepare('SELECT seq, entry FROM journal WHERE address = ? AND seq > ? ORDER BY seq');
  const deleteEntries = db.prepare('DELETE FROM journal WHERE address = ? AND seq <= ?');

  const currentVersion = (address: string) =>
    (selectSnapshot.get(address) as { version: number } | undefined)?.version ?? 0;

  return {
    db,

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

    append: async (address, entry) =>
      db.transaction(() => {
        const seq = (lastSeq.get(address) as { seq: number }).seq + 1;
        insertEntry.run(address, seq, JSON.stringify(entry));
        return seq;
      })(),

    async readJournal(address, afterSeq = 0): Promise<JournalEntry[]> {
      return (selectEntries.all(address, afterSeq) as { seq: number; entry: string }[]).map((row) => ({
        seq: row.seq,
        entry: JSON.parse(row.entry),
      }));
    },

    async truncateJournal(address, uptoSeq) {
      deleteEntries.run(address, uptoSeq);
    },

    async migrate(domain, steps) {
      migrate(domain, steps);
    },

    async close() {
      if (db.open) db.close();
    },
  };
}
