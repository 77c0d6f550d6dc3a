import type Database from 'better-sqlite3';
import type { Store } from '../../store/index.js';

/**
 * Poker's domain tables: the table registry (what GET /api/tables lists), resume tokens
 * (token → userId, so a reconnecting socket keeps its identity and seat), and which
 * tables each user joined (so a resumed socket is re-attached to them).
 */
export interface PokerRepository {
  listTables(): { id: string; createdAt: number }[];
  hasTable(id: string): boolean;
  addTable(id: string, settings: unknown, now: number): void;
  createSession(token: string, userId: string, now: number): void;
  /** The user of a live token (refreshing its last use), or undefined when unknown or expired. */
  resumeSession(token: string, now: number, ttlMs: number): string | undefined;
  /** Forget tokens unused for longer than `ttlMs` (and where their users sat). */
  purgeExpired(now: number, ttlMs: number): number;
  noteTable(userId: string, tableId: string): void;
  tablesOf(userId: string): string[];
}

const MIGRATIONS = [
  `CREATE TABLE poker_tables (id TEXT PRIMARY KEY, settings TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  `CREATE TABLE poker_sessions (token TEXT PRIMARY KEY, user_id TEXT NOT NULL, last_used INTEGER NOT NULL)`,
  `CREATE TABLE poker_presence (user_id TEXT NOT NULL, table_id TEXT NOT NULL, PRIMARY KEY (user_id, table_id))`,
  `CREATE INDEX poker_sessions_last_used ON poker_sessions (last_used)`,
];

export async function createPokerRepository(store: Store): Promise<PokerRepository> {
  await store.migrate('poker', MIGRATIONS);
  const db = (store as unknown as { db: Database.Database }).db;
  const list = db.prepare('SELECT id, created_at AS createdAt FROM poker_tables ORDER BY created_at, id');
  const has = db.prepare('SELECT 1 FROM poker_tables WHERE id = ?');
  const add = db.prepare('INSERT OR IGNORE INTO poker_tables (id, settings, created_at) VALUES (?, ?, ?)');
  const createSession = db.prepare('INSERT INTO poker_sessions (token, user_id, last_used) VALUES (?, ?, ?)');
  const findSession = db.prepare('SELECT user_id AS userId, last_used AS lastUsed FROM poker_sessions WHERE token = ?');
  const touch = db.prepare('UPDATE poker_sessions SET last_used = ? WHERE token = ?');
  const drop = db.prepare('DELETE FROM poker_sessions WHERE token = ?');
  const purgePresence = db.prepare(
    'DELETE FROM poker_presence WHERE user_id IN (SELECT user_id FROM poker_sessions WHERE last_used < ?) AND user_id NOT IN (SELECT user_id FROM poker_sessions WHERE last_used >= ?)',
  );
  const purgeSessions = db.prepare('DELETE FROM poker_sessions WHERE last_used < ?');
  const note = db.prepare('INSERT OR IGNORE INTO poker_presence (user_id, table_id) VALUES (?, ?)');
  const tablesOf = db.prepare('SELECT table_id AS tableId FROM poker_presence WHERE user_id = ?');
  return {
    listTables: () => list.all() as { id: string; createdAt: number }[],
    hasTable: (id) => has.get(id) !== undefined,
    addTable: (id, settings, now) => void add.run(id, JSON.stringify(settings), now),
    createSession: (token, userId, now) => void createSession.run(token, userId, now),
    resumeSession(token, now, ttlMs) {
      const row = findSession.get(token) as { userId: string; lastUsed: number } | undefined;
      if (!row) return undefined;
      if (now - row.lastUsed > ttlMs) {
        drop.run(token);
        return undefined;
      }
      touch.run(now, token);
      return row.userId;
    },
    purgeExpired(now, ttlMs) {
      const cutoff = now - ttlMs;
      return db.transaction(() => {
        purgePresence.run(cutoff, cutoff);
        return purgeSessions.run(cutoff).changes;
      })();
    },
    noteTable: (userId, tableId) => void note.run(userId, tableId),
    tablesOf: (userId) => (tablesOf.all(userId) as { tableId: string }[]).map((r) => r.tableId),
  };
}
