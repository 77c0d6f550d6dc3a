import type Database from 'better-sqlite3';
import type { PokerRepository, PokerSessionRecord, PokerTableRecord } from '../poker-repository.js';

/** The poker repository on SQLite (tables from `SQLITE_MIGRATIONS.poker`). */
export function createSqlitePokerRepository(db: Database.Database): PokerRepository {
  const list = db.prepare('SELECT id, created_at AS createdAt FROM poker_tables ORDER BY created_at, id');
  const add = db.prepare('INSERT INTO poker_tables (id, settings, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const createSession = db.prepare('INSERT INTO poker_sessions (token, user_id, last_used) VALUES (?, ?, ?)');
  const touch = db.prepare('UPDATE poker_sessions SET last_used = ? WHERE token = ?');
  const live = db.prepare('SELECT token, user_id AS userId, last_used AS lastUsed FROM poker_sessions WHERE last_used >= ?');
  const purgePresence = db.prepare(
    'DELETE FROM poker_presence WHERE user_id IN (SELECT user_id FROM poker_sessions WHERE last_used < ?) AND user_id NOT IN (SELECT user_id FROM poker_sessions WHERE last_used >= ?)',
  );
  const purgeSessions = db.prepare('DELETE FROM poker_sessions WHERE last_used < ?');
  const note = db.prepare('INSERT INTO poker_presence (user_id, table_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const tablesOf = db.prepare('SELECT table_id AS tableId FROM poker_presence WHERE user_id = ? ORDER BY table_id');

  const purge = db.transaction((cutoff: number) => {
    purgePresence.run(cutoff, cutoff);
    return purgeSessions.run(cutoff).changes;
  });

  return {
    listTables: async () => list.all() as PokerTableRecord[],
    addTable: async (id, settings, now) => void add.run(id, JSON.stringify(settings), now),
    createSession: async (token, userId, now) => void createSession.run(token, userId, now),
    touchSession: async (token, now) => void touch.run(now, token),
    liveSessions: async (now, ttlMs) => live.all(now - ttlMs) as PokerSessionRecord[],
    purgeExpired: async (now, ttlMs) => purge(now - ttlMs),
    noteTable: async (userId, tableId) => void note.run(userId, tableId),
    tablesOf: async (userId) => (tablesOf.all(userId) as { tableId: string }[]).map((r) => r.tableId),
  };
}
