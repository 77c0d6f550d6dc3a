import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { StoreTables } from '../kysely/tables.js';

/** Distinct SQL texts kept prepared; queries with `IN (…)` lists of many lengths make more. */
const MAX_CACHED_STATEMENTS = 512;

/**
 * Kysely over an open better-sqlite3 handle, for the shared repositories. Kysely prepares
 * each query it runs; the handle it gets keeps prepared statements by SQL text, so a hot
 * query (a message insert, a history page) is compiled by SQLite once, as before Kysely.
 * Closing stays with the store, which owns the handle.
 */
export function createSqliteKysely(db: Database.Database): Kysely<StoreTables> {
  const statements = new Map<string, Database.Statement>();
  const database: SqliteDatabase = {
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      if (db.open) db.close();
    },
  };
  return new Kysely<StoreTables>({ dialect: new SqliteDialect({ database }) });
}
