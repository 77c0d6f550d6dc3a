import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRepositoryCalls } from '../repository-calls.js';
import { createSecretBox } from '../secret-box.js';
import { resolveStoreKey, type StoreKeyOptions } from '../store-key.js';
import type { CommitResult, JournalBatch, JournalEntry, SnapshotRecord, Store } from '../store.js';
import { batchFences } from '../batch-fences.js';
import { FencedError } from '../fenced-error.js';
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
 * their tables through the store's repositories. Snapshots and journal entries are sealed
 * with AES-256-GCM (see `resolveStoreKey`): the file alone reveals no deck and no role.
 *
 * @example
 * const store = await createSqliteStore(process.env.DATA_DIR ?? './data');
 */
export interface SqliteStoreOptions extends StoreKeyOptions {
  /** `full`: every commit is fsynced (a power cut loses nothing); `normal` (default): a killed process loses nothing. */
  sync?: string;
}

export async function createSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Promise<Store> {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'actorcade.sqlite');
  }
  const box = createSecretBox(resolveStoreKey(dataDir, options));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit is in the WAL (the OS's page cache) before the call returns,
  // so a killed process (kill -9, OOM) loses nothing; FULL also fsyncs every commit, for a
  // power cut or a kernel crash, at the price of a disk flush per event-loop turn.
  const sync = (options.sync ?? process.env.STORE_SYNC ?? 'normal').toLowerCase();
  if (sync !== 'normal' && sync !== 'full') throw new Error(`STORE_SYNC: expected normal or full, got ${sync}`);
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  // Another process opening the same directory at the same moment waits for its migration.
  db.pragma('busy_timeout = 5000');
  for (const [domain, steps] of Object.entries(SQLITE_MIGRATIONS)) applyMigrations(db, domain, steps);

  // The repositories' shared queries (src/store/kysely) run on the same handle.
  const kysely = createSqliteKysely(db);
  const calls = createRepositoryCalls();

  const selectSnapshot = db.prepare('SELECT version, data, journal_seq FROM snapshots WHERE address = ?');
  const insertSnapshot = db.prepare(
    'INSERT INTO snapshots (address, version, data, updated_at, journal_seq) VALUES (?, 1, ?, ?, ?) ON CONFLICT (address) DO NOTHING',
  );
  const updateSnapshot = db.prepare(
    'UPDATE snapshots SET version = version + 1, data = ?, updated_at = ?, journal_seq = ? WHERE address = ? AND version = ?',
  );
  const deleteSnapshot = db.prepare('DELETE FROM snapshots WHERE address = ?');
  const selectHead = db.prepare('SELECT last_seq FROM journal_heads WHERE address = ?');
  const nextSeq = db.prepare(
    'INSERT INTO journal_heads (address, last_seq) VALUES (?, 1) ON CONFLICT (address) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq',
  );
  const insertEntry = db.prepare('INSERT INTO journal (address, seq, entry) VALUES (?, ?, ?)');
  const selectEntries = db.prepare('SELECT seq, entry FROM journal WHERE address = ? AND seq > ? ORDER BY seq');
  const deleteEntries = db.prepare('DELETE FROM journal WHERE address = ? AND seq <= ?');
  // Raises the address's fence to the given one unless a newer one is stored: a row comes back only when it was not older.
  const raiseFence = db.prepare(
    'INSERT INTO actor_fences (address, fence) VALUES (?, ?) ON CONFLICT (address) DO UPDATE SET fence = excluded.fence WHERE excluded.fence >= actor_fences.fence RETURNING fence',
  );

  const currentVersion = (address: string) =>
    (selectSnapshot.get(address) as { version: number } | undefined)?.version ?? 0;
  const headOf = (address: string) => (selectHead.get(address) as { last_seq: number } | undefined)?.last_seq ?? 0;
  const appendOne = (address: string, entry: unknown) => {
    const seq = (nextSeq.get(address) as { last_seq: number }).last_seq;
    insertEntry.run(address, seq, box.seal(JSON.stringify(entry)));
    return seq;
  };
  /** Write a snapshot covering the journal so far and drop what it covers; false on a lost compare-and-set. */
  const writeSnapshot = (address: string, data: unknown, expectedVersion: number, now: number) => {
    const sealed = box.seal(JSON.stringify(data));
    const covered = headOf(address);
    const changed =
      expectedVersion === 0
        ? insertSnapshot.run(address, sealed, now, covered).changes
        : updateSnapshot.run(sealed, now, covered, address, expectedVersion).changes;
    if (changed !== 1) return false;
    deleteEntries.run(address, covered);
    return true;
  };
  /** False when the store has seen a newer fence for the address; no fence: unchecked. */
  const fenceHolds = (address: string, fence: number | undefined) => fence === undefined || raiseFence.get(address, fence) !== undefined;
  const append = db.transaction((address: string, entry: unknown, fence: number | undefined) => {
    if (!fenceHolds(address, fence)) throw new FencedError(address, fence!);
    return appendOne(address, entry);
  });
  const putSnapshot = db.transaction((address: string, data: unknown, expectedVersion: number, fence: number | undefined) => {
    if (!fenceHolds(address, fence)) throw new FencedError(address, fence!);
    return writeSnapshot(address, data, expectedVersion, Date.now());
  });
  const commit = db.transaction((batch: JournalBatch): CommitResult => {
    const now = Date.now();
    // Every fence of the batch is checked before anything is written: a refused address writes nothing.
    const fenced = new Set<string>();
    for (const [address, fence] of batchFences(batch)) if (!fenced.has(address) && !fenceHolds(address, fence)) fenced.add(address);
    const lost = new Set<string>(fenced);
    const versions = batch.snapshots.map(({ address, data, expectedVersion }) => {
      if (!lost.has(address) && writeSnapshot(address, data, expectedVersion, now)) return expectedVersion + 1;
      lost.add(address);
      return null;
    });
    for (const { address, entry } of batch.appends) if (!lost.has(address)) appendOne(address, entry);
    return fenced.size > 0 ? { versions, fenced: [...fenced] } : { versions };
  });
  const readEntries = (address: string, afterSeq: number): JournalEntry[] =>
    (selectEntries.all(address, afterSeq) as { seq: number; entry: string }[]).map((row) => ({
      seq: row.seq,
      entry: JSON.parse(box.open(row.entry)),
    }));
  const readSnapshot = (address: string) => selectSnapshot.get(address) as { version: number; data: string; journal_seq: number } | undefined;
  const recover = db.transaction((address: string, fence: number | undefined) => {
    if (!fenceHolds(address, fence)) throw new FencedError(address, fence!);
    const row = readSnapshot(address);
    return {
      snapshot: row && { version: row.version, data: JSON.parse(box.open(row.data)) },
      entries: readEntries(address, row?.journal_seq ?? 0),
    };
  });

  return {
    async getSnapshot(address): Promise<SnapshotRecord | undefined> {
      const row = readSnapshot(address);
      return row && { version: row.version, data: JSON.parse(box.open(row.data)) };
    },

    async putSnapshot(address, data, expectedVersion, fence) {
      if (!putSnapshot(address, data, expectedVersion, fence)) {
        throw new VersionConflictError(address, expectedVersion, currentVersion(address));
      }
      return expectedVersion + 1;
    },

    async deleteSnapshot(address) {
      deleteSnapshot.run(address);
    },

    append: async (address, entry, fence) => append(address, entry, fence),

    async readJournal(address, afterSeq = 0): Promise<JournalEntry[]> {
      return readEntries(address, afterSeq);
    },

    async truncateJournal(address, uptoSeq) {
      deleteEntries.run(address, uptoSeq);
    },

    // A barrier, even empty: every repository call made before it has settled (SQLite writes as it settles).
    async commit(batch) {
      await calls.settled();
      return batch.snapshots.length === 0 && batch.appends.length === 0 ? { versions: [] } : commit(batch);
    },

    recover: async (address, fence) => recover(address, fence),

    channels: calls.track(createChannelRepository(kysely)),
    poker: calls.track(createPokerRepository(kysely)),
    library: calls.track(createLibraryRepository(kysely, sqliteDialect)),
    callsInFlight: () => calls.inFlight,

    async close() {
      await calls.settled();
      if (db.open) db.close();
    },
  };
}
