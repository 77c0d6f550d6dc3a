import type { Kysely } from 'kysely';
import type { Store } from '../store.js';
import type { StoreTables } from '../kysely/tables.js';
import { VersionConflictError } from '../version-conflict-error.js';

/** The snapshot and journal half of the store (everything but the repositories and `close`). */
export type SnapshotJournal = Pick<Store, 'getSnapshot' | 'putSnapshot' | 'deleteSnapshot' | 'append' | 'readJournal' | 'truncateJournal'>;

/**
 * Snapshots with compare-and-set versions and per-address journals on PostgreSQL (tables
 * of the `core` migration domain). The compare-and-set is one conditional statement, so
 * of two writers naming one version exactly one changes a row; a journal append bumps the
 * address's head row (which queues concurrent appenders on it) and inserts under the
 * number it got, in one transaction.
 */
export function createPostgresSnapshotJournal(db: Kysely<StoreTables>): SnapshotJournal {
  const currentVersion = async (address: string) =>
    (await db.selectFrom('snapshots').select('version').where('address', '=', address).executeTakeFirst())?.version ?? 0;

  return {
    async getSnapshot(address) {
      const row = await db.selectFrom('snapshots').select(['version', 'data']).where('address', '=', address).executeTakeFirst();
      return row && { version: row.version, data: JSON.parse(row.data) };
    },

    async putSnapshot(address, data, expectedVersion) {
      const json = JSON.stringify(data);
      const now = Date.now();
      const result =
        expectedVersion === 0
          ? await db
              .insertInto('snapshots')
              .values({ address, version: 1, data: json, updated_at: now })
              .onConflict((oc) => oc.column('address').doNothing())
              .executeTakeFirst()
          : await db
              .updateTable('snapshots')
              .set((eb) => ({ version: eb('version', '+', 1), data: json, updated_at: now }))
              .where('address', '=', address)
              .where('version', '=', expectedVersion)
              .executeTakeFirst();
      const changed = 'numInsertedOrUpdatedRows' in result ? result.numInsertedOrUpdatedRows : result.numUpdatedRows;
      if (changed !== 1n) throw new VersionConflictError(address, expectedVersion, await currentVersion(address));
      return expectedVersion + 1;
    },

    async deleteSnapshot(address) {
      await db.deleteFrom('snapshots').where('address', '=', address).execute();
    },

    async append(address, entry) {
      return db.transaction().execute(async (trx) => {
        const head = await trx
          .insertInto('journal_heads')
          .values({ address, last_seq: 1 })
          .onConflict((oc) => oc.column('address').doUpdateSet((eb) => ({ last_seq: eb('journal_heads.last_seq', '+', 1) })))
          .returning('last_seq')
          .executeTakeFirstOrThrow();
        const seq = Number(head.last_seq);
        await trx.insertInto('journal').values({ address, seq, entry: JSON.stringify(entry) }).execute();
        return seq;
      });
    },

    async readJournal(address, afterSeq = 0) {
      const rows = await db.selectFrom('journal').select(['seq', 'entry']).where('address', '=', address).where('seq', '>', afterSeq).orderBy('seq').execute();
      return rows.map((row) => ({ seq: Number(row.seq), entry: JSON.parse(row.entry) }));
    },

    async truncateJournal(address, uptoSeq) {
      await db.deleteFrom('journal').where('address', '=', address).where('seq', '<=', uptoSeq).execute();
    },
  };
}
