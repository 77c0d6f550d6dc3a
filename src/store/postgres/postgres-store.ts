import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createChannelRepository } from '../kysely/channel-repository.js';
import { postgresDialect } from '../kysely/dialect.js';
import { createLibraryRepository } from '../kysely/library-repository.js';
import { createPokerRepository } from '../kysely/poker-repository.js';
import type { StoreTables } from '../kysely/tables.js';
import { mkdirSync } from 'node:fs';
import { createRepositoryCalls } from '../repository-calls.js';
import { createSecretBox } from '../secret-box.js';
import type { Store } from '../store.js';
import { resolveStoreKey } from '../store-key.js';
import { describeStartupError, describeTarget } from './connection-errors.js';
import { guardUnavailable } from './guard-unavailable.js';
import { applyPostgresMigrations } from './migrate.js';
import { POSTGRES_MIGRATIONS } from './schema.js';
import { createPostgresSnapshotJournal } from './snapshot-journal.js';

/** How to reach the database and how hard to use it. */
export interface PostgresStoreOptions {
  /** `postgres://user[:password]@host:port/database` */
  url: string;
  /** Connections in the pool (`DATABASE_POOL_MAX`). */
  poolMax?: number;
  /** Each statement is cancelled after this long (`DATABASE_STATEMENT_TIMEOUT_MS`; 0 = no limit). */
  statementTimeoutMs?: number;
  /** Waiting for a connection (a new one, or a free one from a busy pool) gives up after this long. */
  connectTimeoutMs?: number;
  /** Told about a pooled connection that broke while idle (the pool replaces it on next use). */
  onIdleError?: (error: Error) => void;
  /**
   * Where the key of the secret box lives when no `secret` is given (`DATA_DIR/store.key`).
   * Nodes that share one database MUST share `STORE_SECRET` instead, or they cannot read
   * each other's snapshots.
   */
  dataDir?: string;
  /** The secret snapshots and journal entries are encrypted with (`STORE_SECRET`). */
  secret?: string;
  production?: boolean;
}

const INT8 = 20;

/**
 * Open (creating and migrating on first use) the store on a PostgreSQL database: every
 * repository, and the snapshots and journals, so any node with the same URL serves the
 * same sessions and history. Rejects with one line saying what is wrong when the database
 * cannot be reached or refuses the login. While it runs, a call made when the database is
 * gone rejects with StoreUnavailableError, and the pool reconnects by itself once it is back.
 *
 * @example
 * const store = await createPostgresStore({ url: 'postgres://actorcade@db:5432/actorcade', poolMax: 10 });
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  if (!/^postgres(ql)?:\/\//.test(options.url)) throw new Error('database: DATABASE_URL must be a postgres:// URL');
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    // COUNT(*), BIGINT epoch-ms columns and sequence numbers: numbers, as on SQLite (all well below 2^53).
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // A connection the server drops (a restart) MUST NOT raise an unhandled 'error' event, which would end the
  // process: idle ones report to the pool, checked-out ones (between two queries) to their own listener. Either
  // way the pool discards the broken connection and opens a new one on next use.
  pool.on('error', (error) => options.onIdleError?.(error));
  pool.on('connect', (client) => client.on('error', (error) => options.onIdleError?.(error)));

  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(describeStartupError(error, options.url));
  }

  const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await applyPostgresMigrations(db, POSTGRES_MIGRATIONS);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new Error(`database: migrating ${describeTarget(options.url).database} failed: ${(error as Error).message}`);
  }

  const dataDir = options.dataDir ?? ':memory:';
  if (dataDir !== ':memory:') mkdirSync(dataDir, { recursive: true });
  const box = createSecretBox(resolveStoreKey(dataDir, options));
  const calls = createRepositoryCalls();

  let closed: Promise<void> | undefined;
  return {
    ...guardUnavailable(createPostgresSnapshotJournal(db, box, calls.settled), 'store'),
    channels: calls.track(guardUnavailable(createChannelRepository(db), 'channels')),
    poker: calls.track(guardUnavailable(createPokerRepository(db), 'poker')),
    library: calls.track(guardUnavailable(createLibraryRepository(db, postgresDialect), 'library')),
    callsInFlight: () => calls.inFlight,
    close() {
      closed ??= calls.settled().then(() => db.destroy());
      return closed;
    },
  };
}
