import type { Kysely } from 'kysely';
import type { PokerRepository } from '../poker-repository.js';
import type { StoreTables } from './tables.js';

/** The poker repository on either dialect (tables of the `poker` migration domain). */
export function createPokerRepository(db: Kysely<StoreTables>): PokerRepository {
  return {
    async listTables() {
      const rows = await db.selectFrom('poker_tables').select(['id', 'created_at']).orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, createdAt: Number(r.created_at) }));
    },
    async addTable(id, settings, now) {
      await db
        .insertInto('poker_tables')
        .values({ id, settings: JSON.stringify(settings), created_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async createSession(token, userId, now) {
      await db.insertInto('poker_sessions').values({ token, user_id: userId, last_used: now }).execute();
    },
    async touchSession(token, now) {
      await db.updateTable('poker_sessions').set({ last_used: now }).where('token', '=', token).execute();
    },
    async liveSessions(now, ttlMs) {
      const rows = await db.selectFrom('poker_sessions').select(['token', 'user_id', 'last_used']).where('last_used', '>=', now - ttlMs).execute();
      return rows.map((r) => ({ token: r.token, userId: r.user_id, lastUsed: Number(r.last_used) }));
    },
    async purgeExpired(now, ttlMs) {
      const cutoff = now - ttlMs;
      return db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('poker_presence')
          .where('user_id', 'in', (eb) => eb.selectFrom('poker_sessions').select('user_id').where('last_used', '<', cutoff))
          .where('user_id', 'not in', (eb) => eb.selectFrom('poker_sessions').select('user_id').where('last_used', '>=', cutoff))
          .execute();
        const result = await trx.deleteFrom('poker_sessions').where('last_used', '<', cutoff).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },
    async noteTable(userId, tableId) {
      await db.insertInto('poker_presence').values({ user_id: userId, table_id: tableId }).onConflict((oc) => oc.doNothing()).execute();
    },
    async tablesOf(userId) {
      const rows = await db.selectFrom('poker_presence').select('table_id').where('user_id', '=', userId).orderBy('table_id').execute();
      return rows.map((r) => r.table_id);
    },
  };
}
