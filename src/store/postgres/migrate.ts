import { sql, type Kysely } from 'kysely';
import type { StoreTables } from '../kysely/tables.js';

/** The advisory lock key every node takes while it migrates (any fixed 64-bit number; "actorcad"). */
const MIGRATION_LOCK = 0x6163746f72636164n;

/**
 * Apply every domain's steps that `schema_migrations` does not list yet, in one
 * transaction under a transaction-scoped advisory lock: two nodes starting at the same
 * moment run this one after the other, and the second finds every step recorded. A
 * failing step rolls the whole migration back (PostgreSQL's DDL is transactional).
 */
export async function applyPostgresMigrations(db: Kysely<StoreTables>, migrations: Readonly<Record<string, readonly string[]>>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (domain TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (domain, version))`.execute(trx);
    const rows = await sql<{ domain: string; version: number }>`SELECT domain, version FROM schema_migrations`.execute(trx);
    const applied = new Set(rows.rows.map((row) => `${row.domain}/${row.version}`));
    for (const [domain, steps] of Object.entries(migrations)) {
      for (const [index, step] of steps.entries()) {
        const version = index + 1;
        if (applied.has(`${domain}/${version}`)) continue;
        await sql.raw(step).execute(trx);
        await sql`INSERT INTO schema_migrations (domain, version) VALUES (${domain}, ${version})`.execute(trx);
      }
    }
  });
}
