import type Database from 'better-sqlite3';

/** Apply a domain's steps that `schema_migrations` does not list yet, each in its own transaction. */
export function applyMigrations(db: Database.Database, domain: string, steps: readonly string[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    domain TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (domain, version))`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations WHERE domain = ?').all(domain) as { version: number }[]).map((row) => row.version),
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
}
