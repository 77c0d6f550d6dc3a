import type { Store } from './store.js';
import type { SqliteStoreOptions } from './sqlite/sqlite-store.js';

export type { Store, SnapshotRecord, JournalEntry, JournalBatch, JournalAppend, SnapshotWrite, CommitResult, Recovery } from './store.js';
export { resolveStoreKey, type StoreKeyOptions } from './store-key.js';
export { createSecretBox, type SecretBox } from './secret-box.js';
export { VersionConflictError } from './version-conflict-error.js';
export type { ChannelRepository, ChannelRecord, ChannelMessageRecord, ChannelMessagePage } from './channel-repository.js';
export type { PokerRepository, PokerTableRecord, PokerSessionRecord } from './poker-repository.js';
export type { LibraryRepository } from './library-repository.js';
export * from './library-records.js';
export { createSerialQueue, type SerialQueue } from './serial-queue.js';
export { inCallOrder } from './in-call-order.js';

/**
 * Open (creating and migrating on first run) the embedded SQLite store in `dataDir`;
 * `':memory:'` for a throwaway one. The native driver is loaded here, on first use, so
 * importing the store's types and helpers never loads it.
 */
export async function createSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const sqlite = await import('./sqlite/sqlite-store.js');
  return sqlite.createSqliteStore(dataDir, options);
}
