import { sql, type Kysely, type Selectable } from 'kysely';
import {
  ACTIVE_STATUSES,
  type AchievementRecord,
  type ConversationRow,
  type LibraryRow,
  type MessageRow,
  type OperationRow,
  type SyncType,
} from '../library-records.js';
import type { LibraryRepository } from '../library-repository.js';
import type { SqlDialect } from './dialect.js';
import { queryGames } from './library-game-query.js';
import type { StoreTables } from './tables.js';

type Db = Kysely<StoreTables>;

const toLibrary = (row: Selectable<StoreTables['library_libraries']> & { game_count: unknown }): LibraryRow => ({
  library_id: row.id,
  user_id: row.user_id,
  name: row.name,
  platform: row.platform,
  platform_user_id: row.platform_user_id,
  created_at: row.created_at,
  last_synced_at: row.last_synced_at,
  last_full_sync_at: row.last_full_sync_at,
  game_count: Number(row.game_count),
});

const toOperation = ({ id, sync_type, ...row }: Selectable<StoreTables['library_sync_operations']>): OperationRow => ({
  operation_id: id,
  ...row,
  sync_type: sync_type as SyncType,
});

const toAchievement = (row: Selectable<StoreTables['library_achievements']>): AchievementRecord => ({
  achievement_id: row.achievement_id,
  title: row.title,
  description: row.description,
  icon_url: row.icon_url,
  rarity_percentage: row.rarity_percentage === null ? null : Number(row.rarity_percentage),
  points: row.points,
  unlocked_at: row.unlocked_at,
});

const librariesWithCount = (db: Db) =>
  db
    .selectFrom('library_libraries as l')
    .selectAll('l')
    .select((eb) => eb.selectFrom('library_games as g').select(eb.fn.countAll().as('n')).whereRef('g.library_id', '=', 'l.id').as('game_count'));

const withPlaytime = (db: Db) =>
  db
    .selectFrom('library_games as g')
    .leftJoin('library_playtime as p', 'p.game_id', 'g.id')
    .select((eb) => [eb.fn.coalesce('p.total_playtime_minutes', eb.lit(0)).as('total_playtime_minutes'), 'p.last_played_at']);

/**
 * The library repository on either dialect (tables of the `library` migration domain).
 * Each method is one statement or one transaction; the dialect's fragments cover reading
 * the JSON genre arrays and `NOCASE` ordering.
 */
export function createLibraryRepository(db: Db, dialect: SqlDialect): LibraryRepository {
  const operationById = (trx: Db, id: string) => trx.selectFrom('library_sync_operations').selectAll().where('id', '=', id).executeTakeFirst();

  return {
    async createLibrary(input) {
      await db
        .insertInto('library_libraries')
        .values({ id: input.id, user_id: input.userId, name: input.name, platform: input.platform, platform_user_id: input.account, created_at: input.at })
        .execute();
      return toLibrary((await librariesWithCount(db).where('l.id', '=', input.id).executeTakeFirstOrThrow()));
    },
    async library(id) {
      const row = await librariesWithCount(db).where('l.id', '=', id).executeTakeFirst();
      return row && toLibrary(row);
    },
    async libraries(userId) {
      const rows = await librariesWithCount(db).where('l.user_id', '=', userId).orderBy('l.created_at').orderBy('l.id').execute();
      return rows.map(toLibrary);
    },

    async knownGames(libraryId) {
      const rows = await withPlaytime(db).select(['g.id as game_id', 'g.platform_game_id']).where('g.library_id', '=', libraryId).execute();
      return rows.map((r) => ({ ...r, total_playtime_minutes: Number(r.total_playtime_minutes) }));
    },

    async game(libraryId, platformGameId) {
      const row = await withPlaytime(db).selectAll('g').where('g.library_id', '=', libraryId).where('g.platform_game_id', '=', platformGameId).executeTakeFirst();
      if (!row) return null;
      const achievements = await db.selectFrom('library_achievements').selectAll().where('game_id', '=', row.id).orderBy('achievement_id').execute();
      return {
        game_id: row.id,
        platform_game_id: row.platform_game_id,
        title: row.title,
        developer: row.developer,
        genres: JSON.parse(row.genres),
        metacritic: row.metacritic,
        cover_image_url: row.cover_image_url,
        release_year: row.release_year,
        total_playtime_minutes: Number(row.total_playtime_minutes),
        last_played_at: row.last_played_at,
        achievements: achievements.map(toAchievement),
      };
    },

    async saveGame(libraryId, record, at) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('library_games')
          .values({
            id: record.game_id,
            library_id: libraryId,
            platform_game_id: record.platform_game_id,
            title: record.title,
            developer: record.developer,
            genres: JSON.stringify(record.genres),
            metacritic: record.metacritic,
            cover_image_url: record.cover_image_url,
            release_year: record.release_year,
            added_at: at,
            updated_at: at,
          })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              title: eb.ref('excluded.title'),
              developer: eb.ref('excluded.developer'),
              genres: eb.ref('excluded.genres'),
              metacritic: eb.ref('excluded.metacritic'),
              cover_image_url: eb.ref('excluded.cover_image_url'),
              release_year: eb.ref('excluded.release_year'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
        await trx
          .insertInto('library_playtime')
          .values({ game_id: record.game_id, total_playtime_minutes: record.total_playtime_minutes, last_played_at: record.last_played_at, updated_at: at })
          .onConflict((oc) =>
            oc.column('game_id').doUpdateSet((eb) => ({
              total_playtime_minutes: eb.ref('excluded.total_playtime_minutes'),
              last_played_at: eb.ref('excluded.last_played_at'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
        // One row per id, the last one winning: a multi-row upsert may not touch a row twice on PostgreSQL.
        const achievements = [...new Map(record.achievements.map((a) => [a.achievement_id, a])).values()];
        if (achievements.length > 0) {
          await trx
            .insertInto('library_achievements')
            .values(achievements.map((a) => ({ ...a, game_id: record.game_id })))
            .onConflict((oc) =>
              oc.columns(['game_id', 'achievement_id']).doUpdateSet((eb) => ({
                title: eb.ref('excluded.title'),
                description: eb.ref('excluded.description'),
                icon_url: eb.ref('excluded.icon_url'),
                rarity_percentage: eb.ref('excluded.rarity_percentage'),
                points: eb.ref('excluded.points'),
                unlocked_at: eb.ref('excluded.unlocked_at'),
              })),
            )
            .execute();
        }
        let drop = trx.deleteFrom('library_achievements').where('game_id', '=', record.game_id);
        if (achievements.length > 0) drop = drop.where('achievement_id', 'not in', achievements.map((a) => a.achievement_id));
        await drop.execute();
      });
    },

    async removeGames(libraryId, gameIds) {
      if (gameIds.length === 0) return;
      await db.deleteFrom('library_games').where('library_id', '=', libraryId).where('id', 'in', [...gameIds]).execute();
    },

    games: (query) => queryGames(db, dialect, query),

    async genreTotals(libraryIds) {
      if (libraryIds.length === 0) return [];
      const result = await sql<{ genre: string; games: unknown; minutes: unknown }>`
        SELECT j.value AS genre, COUNT(*) AS games, SUM(COALESCE(p.total_playtime_minutes, 0)) AS minutes
        FROM library_games g CROSS JOIN ${dialect.jsonArrayElements(sql.ref('g.genres'), 'j')}
          LEFT JOIN library_playtime p ON p.game_id = g.id
        WHERE g.library_id IN (${sql.join([...libraryIds])})
        GROUP BY j.value ORDER BY minutes DESC, games DESC, genre`.execute(db);
      return result.rows.map((r) => ({ genre: r.genre, games: Number(r.games), minutes: Number(r.minutes) }));
    },

    async achievementTotals(libraryIds) {
      if (libraryIds.length === 0) return { unlocked: 0, total: 0 };
      const row = await db
        .selectFrom('library_achievements as a')
        .innerJoin('library_games as g', 'g.id', 'a.game_id')
        .select((eb) => [eb.fn.count('a.unlocked_at').as('unlocked'), eb.fn.countAll().as('total')])
        .where('g.library_id', 'in', [...libraryIds])
        .executeTakeFirstOrThrow();
      return { unlocked: Number(row.unlocked), total: Number(row.total) };
    },

    async lockedAchievements(gameId, limit) {
      const rows = await db
        .selectFrom('library_achievements')
        .selectAll()
        .where('game_id', '=', gameId)
        .where('unlocked_at', 'is', null)
        // SQLite sorts NULL lowest and PostgreSQL highest: say where unknown rarities go.
        .orderBy('rarity_percentage', (ob) => ob.desc().nullsLast())
        .orderBy('achievement_id')
        .limit(limit)
        .execute();
      return rows.map(toAchievement);
    },

    async createOperation(input) {
      return db.transaction().execute(async (trx) => {
        // Two creators for one library queue on its row, so at most one operation is active.
        if (dialect.rowLocks) await trx.selectFrom('library_libraries').select('id').where('id', '=', input.libraryId).forUpdate().execute();
        const active = await trx
          .selectFrom('library_sync_operations')
          .selectAll()
          .where('library_id', '=', input.libraryId)
          .where('status', 'in', [...ACTIVE_STATUSES])
          .orderBy('created_at')
          .limit(1)
          .executeTakeFirst();
        if (active) return { created: false, operation: toOperation(active) };
        await trx
          .insertInto('library_sync_operations')
          .values({ id: input.id, library_id: input.libraryId, user_id: input.userId, sync_type: input.type, status: 'pending', created_at: input.at, updated_at: input.at })
          .execute();
        return { created: true, operation: toOperation((await operationById(trx, input.id))!) };
      });
    },

    async updateOperation(u) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('library_sync_operations')
          .set({
            status: u.status,
            games_total: u.games_total,
            games_processed: u.games_processed,
            games_added: u.games_added,
            games_updated: u.games_updated,
            games_removed: u.games_removed,
            errors_count: u.errors_count,
            error_code: u.error_code,
            error_message: u.error_message,
            started_at: u.started_at,
            finished_at: u.finished_at,
            updated_at: u.updated_at,
          })
          .where('id', '=', u.id)
          .execute();
        if (u.status === 'completed' && u.finished_at) {
          await trx
            .updateTable('library_libraries')
            .set(u.sync_type === 'full' ? { last_synced_at: u.finished_at, last_full_sync_at: u.finished_at } : { last_synced_at: u.finished_at })
            .where('id', '=', u.library_id)
            .execute();
        }
      });
    },

    async operation(id) {
      const row = await operationById(db, id);
      return row && toOperation(row);
    },

    async unfinishedOperations() {
      const rows = await db.selectFrom('library_sync_operations').selectAll().where('status', 'in', [...ACTIVE_STATUSES]).orderBy('created_at').execute();
      return rows.map(toOperation);
    },

    async conversation(id): Promise<ConversationRow | undefined> {
      return db.selectFrom('library_conversations').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async appendMessage(m) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('library_conversations')
          .values({ id: m.conversationId, user_id: m.userId, library_id: m.libraryId, created_at: m.at, updated_at: m.at })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        // On PostgreSQL this update also holds the conversation's row until commit, so two
        // appends to one conversation number their messages one after the other.
        await trx
          .updateTable('library_conversations')
          .set((eb) => ({ updated_at: m.at, library_id: eb.fn.coalesce(eb.val(m.libraryId), eb.ref('library_id')) }))
          .where('id', '=', m.conversationId)
          .execute();
        const last = await trx
          .selectFrom('library_messages')
          .select((eb) => eb.fn.coalesce(eb.fn.max('seq'), eb.lit(0)).as('seq'))
          .where('conversation_id', '=', m.conversationId)
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('library_messages')
          .values({
            conversation_id: m.conversationId,
            seq: Number(last.seq) + 1,
            role: m.role,
            content: m.content,
            message_id: m.messageId,
            tools_used: JSON.stringify(m.toolsUsed),
            created_at: m.at,
          })
          .execute();
      });
    },

    async recentMessages(conversationId, limit) {
      const rows = await db
        .selectFrom((eb) =>
          eb.selectFrom('library_messages').selectAll().where('conversation_id', '=', conversationId).orderBy('seq', 'desc').limit(limit).as('r'),
        )
        .selectAll()
        .orderBy('seq')
        .execute();
      return rows.map((r): MessageRow => ({ role: r.role as MessageRow['role'], content: r.content, message_id: r.message_id, tools_used: JSON.parse(r.tools_used), created_at: r.created_at }));
    },

    async kvGet(key) {
      return (await db.selectFrom('library_kv').select('value').where('key', '=', key).executeTakeFirst())?.value;
    },
    async kvSet(key, value) {
      await db
        .insertInto('library_kv')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
        .execute();
    },
  };
}
