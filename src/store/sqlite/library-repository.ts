import type Database from 'better-sqlite3';
import {
  ACTIVE_STATUSES,
  type AchievementRecord,
  type ConversationRow,
  type GameRecord,
  type GenreTotal,
  type KnownGame,
  type LibraryRow,
  type MessageRow,
  type NewMessage,
  type OperationRow,
  type OperationUpdate,
} from '../library-records.js';
import type { LibraryRepository } from '../library-repository.js';

const PLAYING_WINDOW_DAYS = 14;

/**
 * The library repository on SQLite (tables from `SQLITE_MIGRATIONS.library`). Each
 * method is one statement or one transaction. Dialect-specific: `json_each` (genres are
 * a JSON array column) and `COLLATE NOCASE`.
 */
export function createSqliteLibraryRepository(db: Database.Database): LibraryRepository {
  const q = {
    insertLibrary: db.prepare(
      `INSERT INTO library_libraries (id, user_id, name, platform, platform_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    library: db.prepare(`SELECT l.*, (SELECT COUNT(*) FROM library_games g WHERE g.library_id = l.id) AS game_count FROM library_libraries l WHERE l.id = ?`),
    libraries: db.prepare(
      `SELECT l.*, (SELECT COUNT(*) FROM library_games g WHERE g.library_id = l.id) AS game_count FROM library_libraries l WHERE l.user_id = ? ORDER BY l.created_at, l.id`,
    ),
    known: db.prepare(
      `SELECT g.id AS game_id, g.platform_game_id, COALESCE(p.total_playtime_minutes, 0) AS total_playtime_minutes, p.last_played_at
       FROM library_games g LEFT JOIN library_playtime p ON p.game_id = g.id WHERE g.library_id = ?`,
    ),
    gameByPlatformId: db.prepare(
      `SELECT g.*, COALESCE(p.total_playtime_minutes, 0) AS total_playtime_minutes, p.last_played_at
       FROM library_games g LEFT JOIN library_playtime p ON p.game_id = g.id WHERE g.library_id = ? AND g.platform_game_id = ?`,
    ),
    achievements: db.prepare(`SELECT * FROM library_achievements WHERE game_id = ? ORDER BY achievement_id`),
    upsertGame: db.prepare(
      `INSERT INTO library_games (id, library_id, platform_game_id, title, developer, genres, metacritic, cover_image_url, release_year, added_at, updated_at)
       VALUES (@game_id, @library_id, @platform_game_id, @title, @developer, @genres, @metacritic, @cover_image_url, @release_year, @at, @at)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, developer = excluded.developer, genres = excluded.genres,
         metacritic = excluded.metacritic, cover_image_url = excluded.cover_image_url, release_year = excluded.release_year, updated_at = excluded.updated_at`,
    ),
    upsertPlaytime: db.prepare(
      `INSERT INTO library_playtime (game_id, total_playtime_minutes, last_played_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (game_id) DO UPDATE SET total_playtime_minutes = excluded.total_playtime_minutes, last_played_at = excluded.last_played_at, updated_at = excluded.updated_at`,
    ),
    upsertAchievement: db.prepare(
      `INSERT INTO library_achievements (game_id, achievement_id, title, description, icon_url, rarity_percentage, points, unlocked_at)
       VALUES (@game_id, @achievement_id, @title, @description, @icon_url, @rarity_percentage, @points, @unlocked_at)
       ON CONFLICT (game_id, achievement_id) DO UPDATE SET title = excluded.title, description = excluded.description, icon_url = excluded.icon_url,
         rarity_percentage = excluded.rarity_percentage, points = excluded.points, unlocked_at = excluded.unlocked_at`,
    ),
    deleteAchievementsNotIn: db.prepare(`DELETE FROM library_achievements WHERE game_id = ? AND achievement_id NOT IN (SELECT value FROM json_each(?))`),
    deleteGame: db.prepare(`DELETE FROM library_games WHERE id = ? AND library_id = ?`),
    activeOperation: db.prepare(
      `SELECT * FROM library_sync_operations WHERE library_id = ? AND status IN (${ACTIVE_STATUSES.map(() => '?').join(',')}) ORDER BY created_at LIMIT 1`,
    ),
    insertOperation: db.prepare(
      `INSERT INTO library_sync_operations (id, library_id, user_id, sync_type, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
    ),
    updateOperation: db.prepare(
      `UPDATE library_sync_operations SET status = @status, games_total = @games_total, games_processed = @games_processed,
         games_added = @games_added, games_updated = @games_updated, games_removed = @games_removed, errors_count = @errors_count,
         error_code = @error_code, error_message = @error_message, started_at = @started_at, finished_at = @finished_at, updated_at = @updated_at
       WHERE id = @id`,
    ),
    operation: db.prepare(`SELECT * FROM library_sync_operations WHERE id = ?`),
    unfinished: db.prepare(`SELECT * FROM library_sync_operations WHERE status IN (${ACTIVE_STATUSES.map(() => '?').join(',')}) ORDER BY created_at`),
    markSynced: db.prepare(`UPDATE library_libraries SET last_synced_at = ? WHERE id = ?`),
    markFullSynced: db.prepare(`UPDATE library_libraries SET last_synced_at = ?, last_full_sync_at = ? WHERE id = ?`),
    conversation: db.prepare(`SELECT * FROM library_conversations WHERE id = ?`),
    insertConversation: db.prepare(
      `INSERT INTO library_conversations (id, user_id, library_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
    touchConversation: db.prepare(`UPDATE library_conversations SET updated_at = ?, library_id = COALESCE(?, library_id) WHERE id = ?`),
    lastSeq: db.prepare(`SELECT COALESCE(MAX(seq), 0) AS seq FROM library_messages WHERE conversation_id = ?`),
    insertMessage: db.prepare(
      `INSERT INTO library_messages (conversation_id, seq, role, content, message_id, tools_used, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    recentMessages: db.prepare(`SELECT * FROM (SELECT * FROM library_messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq`),
    kvGet: db.prepare(`SELECT value FROM library_kv WHERE key = ?`),
    kvSet: db.prepare(`INSERT INTO library_kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
  };

  const toLibrary = (row: any): LibraryRow | undefined =>
    row && {
      library_id: row.id,
      user_id: row.user_id,
      name: row.name,
      platform: row.platform,
      platform_user_id: row.platform_user_id,
      created_at: row.created_at,
      last_synced_at: row.last_synced_at,
      last_full_sync_at: row.last_full_sync_at,
      game_count: row.game_count,
    };
  const toOperation = (row: any): OperationRow | undefined => row && { operation_id: row.id, ...withoutId(row) };
  const toAchievement = (row: any): AchievementRecord => ({
    achievement_id: row.achievement_id,
    title: row.title,
    description: row.description,
    icon_url: row.icon_url,
    rarity_percentage: row.rarity_percentage,
    points: row.points,
    unlocked_at: row.unlocked_at,
  });

  const saveGame = db.transaction((libraryId: string, record: GameRecord, at: string) => {
    q.upsertGame.run({ ...record, library_id: libraryId, genres: JSON.stringify(record.genres), at });
    q.upsertPlaytime.run(record.game_id, record.total_playtime_minutes, record.last_played_at, at);
    for (const a of record.achievements) q.upsertAchievement.run({ ...a, game_id: record.game_id });
    q.deleteAchievementsNotIn.run(record.game_id, JSON.stringify(record.achievements.map((a) => a.achievement_id)));
  });

  const removeGames = db.transaction((libraryId: string, gameIds: readonly string[]) => {
    for (const id of gameIds) q.deleteGame.run(id, libraryId);
  });
  const createOperation = db.transaction((input: { id: string; libraryId: string; userId: string; type: string; at: string }) => {
    const active = toOperation(q.activeOperation.get(input.libraryId, ...ACTIVE_STATUSES));
    if (active) return { created: false, operation: active };
    q.insertOperation.run(input.id, input.libraryId, input.userId, input.type, input.at, input.at);
    return { created: true, operation: toOperation(q.operation.get(input.id))! };
  });
  const updateOperation = db.transaction((u: OperationUpdate) => {
    q.updateOperation.run({
      id: u.id,
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
    });
    if (u.status === 'completed' && u.finished_at) {
      if (u.sync_type === 'full') q.markFullSynced.run(u.finished_at, u.finished_at, u.library_id);
      else q.markSynced.run(u.finished_at, u.library_id);
    }
  });
  const appendMessage = db.transaction((m: NewMessage) => {
    q.insertConversation.run(m.conversationId, m.userId, m.libraryId, m.at, m.at);
    q.touchConversation.run(m.at, m.libraryId, m.conversationId);
    const seq = (q.lastSeq.get(m.conversationId) as { seq: number }).seq + 1;
    q.insertMessage.run(m.conversationId, seq, m.role, m.content, m.messageId, JSON.stringify(m.toolsUsed), m.at);
  });
  const idList = (ids: readonly string[]) => ids.map(() => '?').join(',');

  return {
    async createLibrary(input) {
      q.insertLibrary.run(input.id, input.userId, input.name, input.platform, input.account, input.at);
      return toLibrary(q.library.get(input.id))!;
    },
    library: async (id) => toLibrary(q.library.get(id)),
    libraries: async (userId) => (q.libraries.all(userId) as any[]).map((r) => toLibrary(r)!),

    knownGames: async (libraryId) => q.known.all(libraryId) as KnownGame[],
    async game(libraryId, platformGameId) {
      const row = q.gameByPlatformId.get(libraryId, platformGameId) as any;
      if (!row) return null;
      return {
        game_id: row.id,
        platform_game_id: row.platform_game_id,
        title: row.title,
        developer: row.developer,
        genres: JSON.parse(row.genres),
        metacritic: row.metacritic,
        cover_image_url: row.cover_image_url,
        release_year: row.release_year,
        total_playtime_minutes: row.total_playtime_minutes,
        last_played_at: row.last_played_at,
        achievements: (q.achievements.all(row.id) as any[]).map(toAchievement),
      };
    },
    saveGame: async (libraryId, record, at) => saveGame(libraryId, record, at),
    removeGames: async (libraryId, gameIds) => removeGames(libraryId, gameIds),

    createOperation: async (input) => createOperation(input),
    updateOperation: async (update) => updateOperation(update),
    operation: async (id) => toOperation(q.operation.get(id)),
    unfinishedOperations: async () => (q.unfinished.all(...ACTIVE_STATUSES) as any[]).map((r) => toOperation(r)!),

    async games(query) {
      if (query.libraryIds.length === 0) return { games: [], total: 0 };
      const playingSince = new Date(query.now - PLAYING_WINDOW_DAYS * 86_400_000).toISOString();
      const where: string[] = [`g.library_id IN (${query.libraryIds.map(() => '?').join(',')})`];
      const params: unknown[] = [...query.libraryIds];
      if (query.genres?.length) {
        where.push(`EXISTS (SELECT 1 FROM json_each(g.genres) j WHERE lower(j.value) IN (${query.genres.map(() => '?').join(',')}))`);
        params.push(...query.genres.map((g) => g.toLowerCase()));
      }
      if (query.minMetacritic !== undefined) {
        where.push('g.metacritic >= ?');
        params.push(query.minMetacritic);
      }
      if (query.text) {
        where.push(`lower(g.title) LIKE ? ESCAPE '\\'`);
        params.push(`%${query.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
      const base = `
        WITH x AS (
          SELECT g.*, COALESCE(p.total_playtime_minutes, 0) AS total_playtime_minutes, p.last_played_at,
            (SELECT COUNT(*) FROM library_achievements a WHERE a.game_id = g.id AND a.unlocked_at IS NOT NULL) AS achievements_unlocked,
            (SELECT COUNT(*) FROM library_achievements a WHERE a.game_id = g.id) AS achievements_total
          FROM library_games g LEFT JOIN library_playtime p ON p.game_id = g.id
          WHERE ${where.join(' AND ')}
        ), y AS (
          SELECT x.*, CASE
            WHEN achievements_total > 0 AND achievements_unlocked = achievements_total THEN 'completed'
            WHEN total_playtime_minutes = 0 THEN 'unplayed'
            WHEN last_played_at >= ? THEN 'playing'
            ELSE 'played' END AS status
          FROM x
        )`;
      params.push(playingSince);
      const statusWhere = query.statuses?.length ? `WHERE status IN (${query.statuses.map(() => '?').join(',')})` : '';
      const statusParams = query.statuses ?? [];
      const order = {
        metacritic: 'metacritic IS NULL, metacritic DESC, title',
        playtime: 'total_playtime_minutes DESC, title',
        recent: 'last_played_at IS NULL, last_played_at DESC, title',
        title: 'title COLLATE NOCASE, id',
      }[query.sort ?? 'title'];
      // One read transaction: the count and the page come from the same state of the tables.
      const { total, rows } = db.transaction(() => ({
        total: (db.prepare(`${base} SELECT COUNT(*) AS n FROM y ${statusWhere}`).get(...params, ...statusParams) as { n: number }).n,
        rows: db
          .prepare(`${base} SELECT * FROM y ${statusWhere} ORDER BY ${order} LIMIT ? OFFSET ?`)
          .all(...params, ...statusParams, query.limit ?? 50, query.offset ?? 0) as any[],
      }))();
      return {
        total,
        games: rows.map((r) => ({
          game_id: r.id,
          library_id: r.library_id,
          platform_game_id: r.platform_game_id,
          title: r.title,
          developer: r.developer,
          genres: JSON.parse(r.genres),
          metacritic: r.metacritic,
          cover_image_url: r.cover_image_url,
          release_year: r.release_year,
          total_playtime_minutes: r.total_playtime_minutes,
          last_played_at: r.last_played_at,
          status: r.status,
          achievements_unlocked: r.achievements_unlocked,
          achievements_total: r.achievements_total,
          added_at: r.added_at,
          updated_at: r.updated_at,
        })),
      };
    },

    async genreTotals(libraryIds) {
      if (libraryIds.length === 0) return [];
      return db
        .prepare(
          `SELECT j.value AS genre, COUNT(*) AS games, SUM(COALESCE(p.total_playtime_minutes, 0)) AS minutes
           FROM library_games g JOIN json_each(g.genres) j LEFT JOIN library_playtime p ON p.game_id = g.id
           WHERE g.library_id IN (${idList(libraryIds)})
           GROUP BY j.value ORDER BY minutes DESC, games DESC`,
        )
        .all(...libraryIds) as GenreTotal[];
    },

    async achievementTotals(libraryIds) {
      if (libraryIds.length === 0) return { unlocked: 0, total: 0 };
      return db
        .prepare(
          `SELECT COUNT(a.unlocked_at) AS unlocked, COUNT(*) AS total FROM library_achievements a JOIN library_games g ON g.id = a.game_id
           WHERE g.library_id IN (${idList(libraryIds)})`,
        )
        .get(...libraryIds) as { unlocked: number; total: number };
    },

    async lockedAchievements(gameId, limit) {
      return (
        db
          .prepare(`SELECT * FROM library_achievements WHERE game_id = ? AND unlocked_at IS NULL ORDER BY rarity_percentage DESC LIMIT ?`)
          .all(gameId, limit) as any[]
      ).map(toAchievement);
    },

    conversation: async (id) => q.conversation.get(id) as ConversationRow | undefined,
    appendMessage: async (message) => appendMessage(message),
    async recentMessages(conversationId, limit) {
      return (q.recentMessages.all(conversationId, limit) as any[]).map(
        (r): MessageRow => ({ role: r.role, content: r.content, message_id: r.message_id, tools_used: JSON.parse(r.tools_used), created_at: r.created_at }),
      );
    },

    kvGet: async (key) => (q.kvGet.get(key) as { value: string } | undefined)?.value,
    kvSet: async (key, value) => void q.kvSet.run(key, value),
  };
}

function withoutId<T extends { id: unknown }>(row: T): Omit<T, 'id'> {
  const { id, ...rest } = row;
  void id;
  return rest;
}
