import type { Kysely, Transaction } from 'kysely';
import type { SecretBox } from '../secret-box.js';
import type { CommitResult, JournalBatch, Store } from '../store.js';
import type { StoreTables } from '../kysely/tables.js';
import { batchFences } from '../batch-fences.js';
import { FencedError } from '../fenced-error.js';
import { VersionConflictError } from '../version-conflict-error.js';

/** The snapshot and journal half of the store (everything but the repositories and `close`). */
export type SnapshotJournal = Pick<
  Store,
  'getSnapshot' | 'putSnapshot' | 'deleteSnapshot' | 'append' | 'readJournal' | 'truncateJournal' | 'commit' | 'recover'
>;

type Db = Kysely<StoreTables> | Transaction<StoreTables>;

/**
 * Snapshots with compare-and-set versions and per-address journals on PostgreSQL (tables
 * of the `core` migration domain), payloads sealed by `box` as on SQLite. The
 * compare-and-set is one conditional statement, so of two writers naming one version
 * exactly one changes a row; a journal append bumps the address's head row (which queues
 * concurrent appenders on it) and inserts under the number it got. A snapshot records the
 * head it covers and drops the entries up to it, in the same transaction.
 *
 * `barrier()` resolves once every repository write issued before it has settled: `commit`
 * awaits it first, so an acknowledgement the host holds behind a commit never overtakes
 * the domain row it announces (the pool runs writes on several connections).
 */
export function createPostgresSnapshotJournal(db: Kysely<StoreTables>, box: SecretBox, barrier: () => Promise<void>): SnapshotJournal {
  const currentVersion = async (address: string) =>
    (await db.selectFrom('snapshots').select('version').where('address', '=', address).executeTakeFirst())?.version ?? 0;

  const headOf = async (trx: Db, address: string) =>
    Number((await trx.selectFrom('journal_heads').select('last_seq').where('address', '=', address).executeTakeFirst())?.last_seq ?? 0);

  const appendOne = async (trx: Db, address: string, entry: unknown) => {
    const head = await trx
      .insertInto('journal_heads')
      .values({ address, last_seq: 1 })
      .onConflict((oc) => oc.column('address').doUpdateSet((eb) => ({ last_seq: eb('journal_heads.last_seq', '+', 1) })))
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    const seq = Number(head.last_seq);
    await trx.insertInto('journal').values({ address, seq, entry: box.seal(JSON.stringify(entry)) }).execute();
    return seq;
  };

  /** Write a snapshot covering the journal so far and drop what it covers; false on a lost compare-and-set. */
  const writeSnapshot = async (trx: Db, address: string, data: unknown, expectedVersion: number, now: number) => {
    const sealed = box.seal(JSON.stringify(data));
    const covered = await headOf(trx, address);
    const result =
      expectedVersion === 0
        ? await trx
            .insertInto('snapshots')
            .values({ address, version: 1, data: sealed, updated_at: now, journal_seq: covered })
            .onConflict((oc) => oc.column('address').doNothing())
            .executeTakeFirst()
        : await trx
            .updateTable('snapshots')
            .set((eb) => ({ version: eb('version', '+', 1), data: sealed, updated_at: now, journal_seq: covered }))
            .where('address', '=', address)
            .where('version', '=', expectedVersion)
            .executeTakeFirst();
    const changed = 'numInsertedOrUpdatedRows' in result ? result.numInsertedOrUpdatedRows : result.numUpdatedRows;
    if (changed !== 1n) return false;
    await trx.deleteFrom('journal').where('address', '=', address).where('seq', '<=', covered).execute();
    return true;
  };

  /**
   * Raise the address's fence to `fence` unless a newer one is stored; false when one is.
   * The upsert locks the fence row until the transaction ends, so a fenced commit and a
   * fenced recovery of one address queue behind each other (READ COMMITTED is enough).
   */
  const fenceHolds = async (trx: Db, address: string, fence: number | undefined) => {
    if (fence === undefined) return true;
    const row = await trx
      .insertInto('actor_fences')
      .values({ address, fence })
      .onConflict((oc) =>
        oc
          .column('address')
          .doUpdateSet((eb) => ({ fence: eb.ref('excluded.fence') }))
          .where((eb) => eb('excluded.fence', '>=', eb.ref('actor_fences.fence'))),
      )
      .returning('fence')
      .executeTakeFirst();
    return row !== undefined;
  };

  const readEntries = async (address: string, afterSeq: number, trx: Db = db) => {
    const rows = await trx.selectFrom('journal').select(['seq', 'entry']).where('address', '=', address).where('seq', '>', afterSeq).orderBy('seq').execute();
    return rows.map((row) => ({ seq: Number(row.seq), entry: JSON.parse(box.open(row.entry)) }));
  };

  return {
    async getSnapshot(address) {
      const row = await db.selectFrom('snapshots').select(['version', 'data']).where('address', '=', address).executeTakeFirst();
      return row && { version: row.version, data: JSON.parse(box.open(row.data)) };
    },

    async putSnapshot(address, data, expectedVersion, fence) {
      const written = await db.transaction().execute(async (trx) => {
        if (!(await fenceHolds(trx, address, fence))) throw new FencedError(address, fence!);
        return writeSnapshot(trx, address, data, expectedVersion, Date.now());
      });
      if (!written) throw new VersionConflictError(address, expectedVersion, await currentVersion(address));
      return expectedVersion + 1;
    },

    async deleteSnapshot(address) {
      await db.deleteFrom('snapshots').where('address', '=', address).execute();
    },

    append: (address, entry, fence) =>
      db.transaction().execute(async (trx) => {
        if (!(await fenceHolds(trx, address, fence))) throw new FencedError(address, fence!);
        return appendOne(trx, address, entry);
      }),

    readJournal: (address, afterSeq = 0) => readEntries(address, afterSeq),

    async truncateJournal(address, uptoSeq) {
      await db.deleteFrom('journal').where('address', '=', address).where('seq', '<=', uptoSeq).execute();
    },

    async commit(batch: JournalBatch): Promise<CommitResult> {
      await barrier();
      if (batch.snapshots.length === 0 && batch.appends.length === 0) return { versions: [] };
      return db.transaction().execute(async (trx) => {
        const now = Date.now();
        // Every fence of the batch is checked before anything is written: a refused address writes nothing.
        const fenced = new Set<string>();
        for (const [address, fence] of batchFences(batch)) if (!fenced.has(address) && !(await fenceHolds(trx, address, fence))) fenced.add(address);
        const lost = new Set<string>(fenced);
        const versions: (number | null)[] = [];
        for (const { address, data, expectedVersion } of batch.snapshots) {
          if (!lost.has(address) && (await writeSnapshot(trx, address, data, expectedVersion, now))) versions.push(expectedVersion + 1);
          else {
            lost.add(address);
            versions.push(null);
          }
        }
        for (const { address, entry } of batch.appends) if (!lost.has(address)) await appendOne(trx, address, entry);
        return fenced.size > 0 ? { versions, fenced: [...fenced] } : { versions };
      });
    },

    async recover(address, fence) {
      const read = async (trx: Db) => {
        const row = await trx.selectFrom('snapshots').select(['version', 'data', 'journal_seq']).where('address', '=', address).executeTakeFirst();
        return {
          snapshot: row && { version: row.version, data: JSON.parse(box.open(row.data)) },
          entries: await readEntries(address, Number(row?.journal_seq ?? 0), trx),
        };
      };
      if (fence === undefined) return read(db);
      // The fence is raised first and its row stays locked while the reads run: an older
      // owner's commit waits, then finds the newer fence and writes nothing.
      return db.transaction().execute(async (trx) => {
        if (!(await fenceHolds(trx, address, fence))) throw new FencedError(address, fence);
        return read(trx);
      });
    },
  };
}
