import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { GameQuery, GameRow } from '../library-records.js';
import type { SqlDialect } from './dialect.js';
import type { StoreTables } from './tables.js';

const PLAYING_WINDOW_DAYS = 14;

const ORDER: Record<NonNullable<GameQuery['sort']>, (d: SqlDialect) => RawBuilder<unknown>> = {
  // Every order ends on the game id, so equal keys (one game in two libraries) page the same on every dialect.
  metacritic: () => sql`metacritic IS NULL, metacritic DESC, title, id`,
  playtime: () => sql`total_playtime_minutes DESC, title, id`,
  recent: () => sql`last_played_at IS NULL, last_played_at DESC, title, id`,
  title: (d) => sql`${d.nocase(sql.ref('title'))}, id`,
};

const escapeLike = (text: string) => text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `LibraryRepository.games` on either dialect: the games of some libraries with their
 * derived status (completed / unplayed / playing / played) and achievement counts,
 * filtered, sorted and paged, and how many match in all — the count and the page read in
 * one transaction, so both come from the same state of the tables.
 */
export async function queryGames(db: Kysely<StoreTables>, dialect: SqlDialect, query: GameQuery): Promise<{ games: GameRow[]; total: number }> {
  if (query.libraryIds.length === 0) return { games: [], total: 0 };
  const playingSince = new Date(query.now - PLAYING_WINDOW_DAYS * 86_400_000).toISOString();
  const where: RawBuilder<unknown>[] = [sql`g.library_id IN (${sql.join(query.libraryIds)})`];
  if (query.genres?.length) {
    const genres = query.genres.map((g) => g.toLowerCase());
    where.push(
      sql`EXISTS (SELECT 1 FROM ${dialect.jsonArrayElements(sql.ref('g.genres'), 'j')} WHERE ${dialect.nocase(sql.ref('j.value'))} IN (${sql.join(genres)}))`,
    );
  }
  if (query.minMetacritic !== undefined) where.push(sql`g.metacritic >= ${query.minMetacritic}`);
  if (query.text) where.push(sql`${dialect.nocase(sql.ref('g.title'))} LIKE ${`%${escapeLike(query.text)}%`} ESCAPE ${sql.lit('\\')}`);
  const statusWhere = query.statuses?.length ? sql`WHERE status IN (${sql.join([...query.statuses])})` : sql``;
  const base = sql`
    WITH x AS (
      SELECT g.*, COALESCE(p.total_playtime_minutes, 0) AS total_playtime_minutes, p.last_played_at,
        (SELECT COUNT(*) FROM library_achievements a WHERE a.game_id = g.id AND a.unlocked_at IS NOT NULL) AS achievements_unlocked,
        (SELECT COUNT(*) FROM library_achievements a WHERE a.game_id = g.id) AS achievements_total
      FROM library_games g LEFT JOIN library_playtime p ON p.game_id = g.id
      WHERE ${sql.join(where, sql` AND `)}
    ), y AS (
      SELECT x.*, CASE
        WHEN achievements_total > 0 AND achievements_unlocked = achievements_total THEN 'completed'
        WHEN total_playtime_minutes = 0 THEN 'unplayed'
        WHEN last_played_at >= ${playingSince} THEN 'playing'
        ELSE 'played' END AS status
      FROM x
    )`;
  const order = ORDER[query.sort ?? 'title'](dialect);
  const { total, rows } = await db.transaction().execute(async (trx) => {
    const count = await sql<{ n: number }>`${base} SELECT COUNT(*) AS n FROM y ${statusWhere}`.execute(trx);
    const page = await sql<any>`${base} SELECT * FROM y ${statusWhere} ORDER BY ${order} LIMIT ${query.limit ?? 50} OFFSET ${query.offset ?? 0}`.execute(trx);
    return { total: Number(count.rows[0].n), rows: page.rows };
  });
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
      total_playtime_minutes: Number(r.total_playtime_minutes),
      last_played_at: r.last_played_at,
      status: r.status,
      achievements_unlocked: Number(r.achievements_unlocked),
      achievements_total: Number(r.achievements_total),
      added_at: r.added_at,
      updated_at: r.updated_at,
    })),
  };
}
