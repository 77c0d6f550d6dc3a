/**
 * Plain-JSON shapes of library data as sync jobs see them, shared by the sync machine,
 * the platform adapters and the repository. Times are ISO-8601 strings.
 */

/** One game as a platform lists it (cheap: one request for the whole library). */
export interface OwnedGame {
  platform_game_id: string;
  title: string;
  playtime_minutes: number;
  last_played_at: string | null;
}

export interface AchievementRecord {
  achievement_id: string;
  title: string;
  description: string;
  icon_url: string | null;
  rarity_percentage: number | null;
  points: number | null;
  unlocked_at: string | null;
}

/** Everything the store keeps about one game (what a details request returns, plus ids). */
export interface GameRecord {
  game_id: string;
  platform_game_id: string;
  title: string;
  developer: string | null;
  genres: string[];
  metacritic: number | null;
  cover_image_url: string | null;
  release_year: number | null;
  total_playtime_minutes: number;
  last_played_at: string | null;
  achievements: AchievementRecord[];
}

/** A game's details from the platform (no `game_id`: that is the store's). */
export type GameDetails = Omit<GameRecord, 'game_id'>;

/** What the store knows of a game before a sync looks at it (for incremental selection). */
export interface KnownGame {
  game_id: string;
  platform_game_id: string;
  total_playtime_minutes: number;
  last_played_at: string | null;
}
