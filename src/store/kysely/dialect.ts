import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * What the shared queries cannot write the same way on SQLite and PostgreSQL, each as a
 * small named fragment. Everything else (placeholders, upserts with `excluded`,
 * `RETURNING`, CTEs) Kysely compiles for the dialect itself.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** A FROM item `alias` with one text column `value` per element of a JSON array stored as text. */
  jsonArrayElements(column: Expression<string> | RawBuilder<string>, alias: string): RawBuilder<unknown>;
  /** `text` folded as SQLite's `NOCASE` folds it (ASCII letters only), for comparing and ordering. */
  nocase(text: Expression<string> | RawBuilder<string>): RawBuilder<string>;
  /**
   * Whether `SELECT … FOR UPDATE` exists and is needed: PostgreSQL runs transactions side by
   * side; SQLite has one writer and no row locks.
   */
  readonly rowLocks: boolean;
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  jsonArrayElements: (column, alias) => sql`json_each(${column}) AS ${sql.id(alias)}`,
  nocase: (text) => sql<string>`lower(${text})`,
  rowLocks: false,
};

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  jsonArrayElements: (column, alias) => sql`json_array_elements_text(${column}::json) AS ${sql.id(alias)}(value)`,
  // lower() folds every letter the database's locale knows; NOCASE folds only ASCII.
  nocase: (text) => sql<string>`translate(${text}, ${sql.lit(UPPER)}, ${sql.lit(UPPER.toLowerCase())})`,
  rowLocks: true,
};
