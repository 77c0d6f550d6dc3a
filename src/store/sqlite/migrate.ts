import type Database from 'better-sqlite3';

/**
 * Apply a domain's steps that `schema_migrations` does not list yet. One IMMEDIATE
 * transaction takes SQLite's write lock before reading what is applied, so two processes
 * opening one data directory at the same moment apply each step once: the second waits
 * (busy_timeout), then finds the steps recorded.
 */
export function applyMigrations(db: Database.Database, domain: string, steps: readonly string[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    domain TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (domain, version))`);
  const applied = db.prepare('SELECT version FROM schema_migrations WHERE domain = ?');
  const record = db.prepare('INSERT INTO schema_migrations (domain, version) VALUES (?, ?)');
  db.transaction(() => {
    const done = new Set((applied.all(domain) as { version: number }[]).map((row) => row.version));
    steps.forEach((sql, index) => {
      const version = index + 1;
      if (done.has(version)) return;
      db.exec(sql);
      record.run(domain, version);
    });
  }).immediate();
}
