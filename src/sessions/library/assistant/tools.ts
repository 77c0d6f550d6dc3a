import type { GameRow, GameStatus, LibraryRepository } from '../../../store/index.js';

/**
 * The assistant's tools: read-only queries of the user's libraries in the store. Both
 * providers use them (the local one by intent, a remote model by tool calling).
 */

export interface ToolScope {
  userId: string;
  libraryId: string | null;
}

export class ToolError extends Error {}

export interface SearchParams {
  query?: string;
  genres?: string[];
  status_filter?: GameStatus[];
  rating_filter?: { min_metacritic?: number };
  sort?: 'metacritic' | 'playtime' | 'recent' | 'title';
  limit?: number;
}

export interface LibraryStats {
  libraries: number;
  games: number;
  by_status: Record<GameStatus, number>;
  total_playtime_hours: number;
  achievements_unlocked: number;
  achievements_total: number;
  top_genres: { genre: string; games: number; hours: number }[];
  most_played: { title: string; hours: number } | null;
}

export interface Recommendation {
  game: GameRow;
  score: number;
  reason: string;
}

export interface AchievementProgress {
  game: GameRow;
  completion_percentage: number;
  next: { title: string; description: string; rarity_percentage: number | null }[];
}

/** JSON schemas of the tools, as OpenAI-compatible tool definitions. */
export const TOOL_DEFINITIONS = [
  {
    type: 'function',
    function: {
      name: 'search_games',
      description: "Search the user's game library. Status: unplayed (never played), playing (played in the last 14 days), played, completed (every achievement).",
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'Part of a title' },
          genres: { type: 'array', items: { type: 'string' }, description: 'e.g. RPG, Strategy, Shooter' },
          status_filter: { type: 'array', items: { type: 'string', enum: ['unplayed', 'playing', 'played', 'completed'] } },
          rating_filter: { type: 'object', properties: { min_metacritic: { type: 'integer' } } },
          sort: { type: 'string', enum: ['metacritic', 'playtime', 'recent', 'title'] },
          limit: { type: 'integer', minimum: 1, maximum: 25 },
        },
      },
    },
  },
  {
    type: 'function',
    function: { name: 'get_library_stats', description: 'Totals of the library: games by status, playtime, achievements, favourite genres.', parameters: { type: 'object', properties: {} } },
  },
  {
    type: 'function',
    function: {
      name: 'get_recommendations',
      description: 'Games to play next, from ratings and the genres the user plays most.',
      parameters: { type: 'object', properties: { genres: { type: 'array', items: { type: 'string' } }, limit: { type: 'integer', minimum: 1, maximum: 10 } } },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_achievement_progress',
      description: 'Games closest to 100% achievements, with the easiest locked achievements.',
      parameters: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 10 } } },
    },
  },
] as const;

export type ToolName = (typeof TOOL_DEFINITIONS)[number]['function']['name'];
export const TOOL_NAMES = TOOL_DEFINITIONS.map((t) => t.function.name) as readonly string[];

const clamp = (n: unknown, min: number, max: number, fallback: number) =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;
const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

export function createTools(repo: LibraryRepository, now: () => number = Date.now) {
  async function libraryIds(scope: ToolScope): Promise<string[]> {
    if (scope.libraryId) {
      const library = await repo.library(scope.libraryId);
      if (!library || library.user_id !== scope.userId) throw new ToolError(`library ${scope.libraryId} was not found`);
      return [library.library_id];
    }
    return (await repo.libraries(scope.userId)).map((l) => l.library_id);
  }

  const all = (ids: string[], extra: Partial<Parameters<LibraryRepository['games']>[0]> = {}) =>
    repo.games({ libraryIds: ids, limit: 100_000, now: now(), ...extra });

  return {
    async search_games(scope: ToolScope, params: SearchParams) {
      const statuses = (params.status_filter ?? []).filter((s): s is GameStatus => ['unplayed', 'playing', 'played', 'completed'].includes(s));
      const result = await repo.games({
        libraryIds: await libraryIds(scope),
        genres: params.genres ?? [],
        statuses,
        minMetacritic: typeof params.rating_filter?.min_metacritic === 'number' ? params.rating_filter.min_metacritic : undefined,
        text: typeof params.query === 'string' && params.query.trim() ? params.query.trim() : undefined,
        sort: params.sort ?? 'metacritic',
        limit: clamp(params.limit, 1, 25, 10),
        now: now(),
      });
      return result;
    },

    async get_library_stats(scope: ToolScope): Promise<LibraryStats> {
      const ids = await libraryIds(scope);
      const [{ games }, achievements, genreTotals] = await Promise.all([all(ids), repo.achievementTotals(ids), repo.genreTotals(ids)]);
      const byStatus: Record<GameStatus, number> = { unplayed: 0, playing: 0, played: 0, completed: 0 };
      let minutes = 0;
      let top: GameRow | null = null;
      for (const g of games) {
        byStatus[g.status]++;
        minutes += g.total_playtime_minutes;
        if (!top || g.total_playtime_minutes > top.total_playtime_minutes) top = g;
      }
      return {
        libraries: ids.length,
        games: games.length,
        by_status: byStatus,
        total_playtime_hours: hours(minutes),
        achievements_unlocked: achievements.unlocked,
        achievements_total: achievements.total,
        top_genres: genreTotals.slice(0, 5).map((g) => ({ genre: g.genre, games: g.games, hours: hours(g.minutes) })),
        most_played: top && top.total_playtime_minutes > 0 ? { title: top.title, hours: hours(top.total_playtime_minutes) } : null,
      };
    },

    /** Unplayed or barely played games, scored by rating and by the user's genre affinity. */
    async get_recommendations(scope: ToolScope, params: { genres?: string[]; limit?: number }): Promise<Recommendation[]> {
      const ids = await libraryIds(scope);
      const genreTotals = await repo.genreTotals(ids);
      const totalMinutes = genreTotals.reduce((sum, g) => sum + g.minutes, 0) || 1;
      const affinity = new Map(genreTotals.map((g) => [g.genre.toLowerCase(), g.minutes / totalMinutes]));
      const { games } = await all(ids, { genres: params.genres ?? [] });
      const candidates = games.filter((g) => g.status === 'unplayed' || (g.total_playtime_minutes < 120 && g.status !== 'completed'));
      return candidates
        .map((game) => {
          const best = game.genres.reduce<{ genre: string; share: number }>(
            (acc, genre) => ((affinity.get(genre.toLowerCase()) ?? 0) > acc.share ? { genre, share: affinity.get(genre.toLowerCase())! } : acc),
            { genre: '', share: 0 },
          );
          const rating = game.metacritic ?? 70;
          const score = Math.round((rating + 60 * best.share) * 10) / 10;
          const played = game.status === 'unplayed' ? 'not started yet' : `only ${game.total_playtime_minutes} minutes played`;
          const reason = best.genre ? `${played}; you spend a lot of time on ${best.genre} games` : played;
          return { game, score, reason };
        })
        .sort((a, b) => b.score - a.score || a.game.title.localeCompare(b.game.title))
        .slice(0, clamp(params.limit, 1, 10, 5));
    },

    async get_achievement_progress(scope: ToolScope, params: { limit?: number }): Promise<AchievementProgress[]> {
      const { games } = await all(await libraryIds(scope));
      const closest = games
        .filter((g) => g.achievements_total > 0 && g.achievements_unlocked > 0 && g.achievements_unlocked < g.achievements_total)
        .map((game) => ({ game, completion_percentage: Math.round((game.achievements_unlocked / game.achievements_total) * 1000) / 10 }))
        .sort((a, b) => b.completion_percentage - a.completion_percentage || a.game.title.localeCompare(b.game.title))
        .slice(0, clamp(params.limit, 1, 10, 5));
      return Promise.all(
        closest.map(async ({ game, completion_percentage }) => ({
          game,
          completion_percentage,
          next: (await repo.lockedAchievements(game.game_id, 2)).map((a) => ({ title: a.title, description: a.description, rarity_percentage: a.rarity_percentage })),
        })),
      );
    },

    /** Every game of the scope (the local provider matches titles against it). */
    async titles(scope: ToolScope): Promise<GameRow[]> {
      return (await all(await libraryIds(scope))).games;
    },
  };
}

export type Tools = ReturnType<typeof createTools>;
