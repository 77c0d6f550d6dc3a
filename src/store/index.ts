import type { PostgresStoreOptions } from './postgres/postgres-store.js';
import type { Store } from './store.js';

export type { Store, SnapshotRecord, JournalEntry } from './store.js';
export { VersionConflictError } from './version-conflict-error.js';
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
export async function createSqliteStore(dataDir: string): Promise<Store> {
  const sqlite = await import('./sqlite/sqlite-store.js');
  return sqlite.createSqliteStore(dataDir);
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
}

/** Open the store `DATABASE_URL` names (PostgreSQL), or the embedded SQLite one in `DATA_DIR` when it is unset. */
export function openStore(location: StoreLocation): Promise<Store> {
  if (!location.databaseUrl) return createSqliteStore(location.dataDir);
  return createPostgresStore({
    url: location.databaseUrl,
    poolMax: location.databasePoolMax,
    statementTimeoutMs: location.databaseStatementTimeoutMs,
    connectTimeoutMs: location.databaseConnectTimeoutMs,
    onIdleError: location.onIdleError,
  });
}
