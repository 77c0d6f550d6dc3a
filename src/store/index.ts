import type { PostgresStoreOptions } from './postgres/postgres-store.js';
import type { Store } from './store.js';
import type { SqliteStoreOptions } from './sqlite/sqlite-store.js';

export type { Store, SnapshotRecord, JournalEntry, JournalBatch, JournalAppend, SnapshotWrite, CommitResult, Recovery } from './store.js';
export { resolveStoreKey, type StoreKeyOptions } from './store-key.js';
export { createSecretBox, type SecretBox } from './secret-box.js';
export { VersionConflictError } from './version-conflict-error.js';
export { FencedError } from './fenced-error.js';
export { StoreUnavailableError } from './store-unavailable-error.js';
export type { PostgresStoreOptions } from './postgres/postgres-store.js';
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

/**
 * Open the store on PostgreSQL (see `PostgresStoreOptions`). The driver is loaded here,
 * on first use, like SQLite's.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const postgres = await import('./postgres/postgres-store.js');
  return postgres.createPostgresStore(options);
}

/** Where the store lives: PostgreSQL when a URL is given, else SQLite in the data directory. */
export interface StoreLocation {
  dataDir: string;
  databaseUrl?: string;
  databasePoolMax?: number;
  databaseStatementTimeoutMs?: number;
  databaseConnectTimeoutMs?: number;
  onIdleError?: (error: Error) => void;
  /** The secret snapshots and journals are encrypted with (`STORE_SECRET`); default: a key kept in `DATA_DIR`. */
  storeSecret?: string;
  /** `STORE_SYNC` (SQLite): `normal` or `full`. */
  storeSync?: string;
  production?: boolean;
}

/** Open the store `DATABASE_URL` names (PostgreSQL), or the embedded SQLite one in `DATA_DIR` when it is unset. */
export function openStore(location: StoreLocation): Promise<Store> {
  const key = { secret: location.storeSecret, production: location.production };
  if (!location.databaseUrl) return createSqliteStore(location.dataDir, { ...key, sync: location.storeSync });
  return createPostgresStore({
    ...key,
    dataDir: location.dataDir,
    url: location.databaseUrl,
    poolMax: location.databasePoolMax,
    statementTimeoutMs: location.databaseStatementTimeoutMs,
    connectTimeoutMs: location.databaseConnectTimeoutMs,
    onIdleError: location.onIdleError,
  });
}
