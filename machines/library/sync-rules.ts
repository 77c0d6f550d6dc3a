import { createHash } from 'node:crypto';
import type { AchievementRecord, GameDetails, GameRecord, KnownGame, OwnedGame } from './game-records.js';

/**
 * The pure rules of a sync job: which games to look at, what changed, how far along it is.
 */

/**
 * The store id of a game: a UUID derived from its library and platform id (name-based,
 * SHA-1, like UUIDv5), so the same game always gets the same id and a replayed step
 * cannot create a duplicate.
 */
export function gameIdFor(libraryId: string, platformGameId: string): string {
  const hex = createHash('sha1').update(`${libraryId}:${platformGameId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The games a sync fetches details for. A full sync looks at every owned game; an
 * incremental one only at games the store does not know or whose playtime or last-played
 * time moved since the last sync.
 */
export function selectGames(type: 'full' | 'incremental', owned: readonly OwnedGame[], known: readonly KnownGame[]): OwnedGame[] {
  if (type === 'full') return [...owned];
  const byId = new Map(known.map((k) => [k.platform_game_id, k]));
  return owned.filter((game) => {
    const stored = byId.get(game.platform_game_id);
    return !stored || stored.total_playtime_minutes !== game.playtime_minutes || stored.last_played_at !== game.last_played_at;
  });
}

/** Known games a full listing no longer contains (refunded, removed from the account). */
export function removedGames(owned: readonly OwnedGame[], known: readonly KnownGame[]): KnownGame[] {
  const present = new Set(owned.map((g) => g.platform_game_id));
  return known.filter((k) => !present.has(k.platform_game_id));
}

export interface FieldChange {
  old: unknown;
  new: unknown;
}

export type GameDiff =
  | { kind: 'added'; record: GameRecord }
  | {
      kind: 'updated';
      record: GameRecord;
      changes: Record<string, FieldChange>;
      /** `playtime_updated`, `achievement_unlocked`, `metadata_updated` (for the sync summary). */
      tags: string[];
      unlocked: AchievementRecord[];
    }
  | { kind: 'unchanged'; record: GameRecord };

const METADATA_FIELDS = ['title', 'developer', 'genres', 'metacritic', 'cover_image_url', 'release_year'] as const;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const unlockedCount = (achievements: readonly AchievementRecord[]) => achievements.filter((a) => a.unlocked_at !== null).length;

/**
 * Compare what the store has with what the platform says. Rarity drift of achievements
 * is stored but is not a change a player cares about; newly unlocked achievements are.
 */
export function diffGame(libraryId: string, existing: GameRecord | null, incoming: GameDetails): GameDiff {
  const record: GameRecord = { game_id: existing?.game_id ?? gameIdFor(libraryId, incoming.platform_game_id), ...incoming };
  if (!existing) return { kind: 'added', record };
  const changes: Record<string, FieldChange> = {};
  const tags: string[] = [];
  for (const field of METADATA_FIELDS) {
    if (!same(existing[field], incoming[field])) changes[field] = { old: existing[field], new: incoming[field] };
  }
  if (Object.keys(changes).length > 0) tags.push('metadata_updated');
  if (existing.total_playtime_minutes !== incoming.total_playtime_minutes) {
    changes.total_playtime_minutes = { old: existing.total_playtime_minutes, new: incoming.total_playtime_minutes };
  }
  if (existing.last_played_at !== incoming.last_played_at) {
    changes.last_played_at = { old: existing.last_played_at, new: incoming.last_played_at };
  }
  if (changes.total_playtime_minutes || changes.last_played_at) tags.push('playtime_updated');
  const wasUnlocked = new Set(existing.achievements.filter((a) => a.unlocked_at !== null).map((a) => a.achievement_id));
  const unlocked = incoming.achievements.filter((a) => a.unlocked_at !== null && !wasUnlocked.has(a.achievement_id));
  const before = unlockedCount(existing.achievements);
  const after = unlockedCount(incoming.achievements);
  if (before !== after) changes.achievements_unlocked = { old: before, new: after };
  if (unlocked.length > 0) tags.push('achievement_unlocked');
  if (Object.keys(changes).length === 0) return { kind: 'unchanged', record };
  return { kind: 'updated', record, changes, tags, unlocked };
}

export interface ProgressFigures {
  progress_percentage: number;
  rate_per_minute: number;
  estimated_completion: string | null;
}

/** Percentage, games per minute and ETA from counts and elapsed time (epoch ms). */
export function progressFigures(processed: number, total: number, startedAt: number, now: number): ProgressFigures {
  const percentage = total === 0 ? 100 : Math.floor((processed / total) * 100);
  const elapsedMin = Math.max(now - startedAt, 1) / 60_000;
  const rate = processed / elapsedMin;
  const remaining = total - processed;
  const eta = rate > 0 ? now + (remaining / rate) * 60_000 : null;
  return {
    progress_percentage: percentage,
    rate_per_minute: Math.round(rate * 10) / 10,
    estimated_completion: eta === null ? null : new Date(Math.round(eta)).toISOString(),
  };
}

/** Backoff before retry `attempt` (1-based): base · 2^(attempt-1). */
export const backoffMs = (baseMs: number, attempt: number) => baseMs * 2 ** Math.max(0, attempt - 1);
