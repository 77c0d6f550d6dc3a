/**
 * The library domain's stored shapes (seed 001). Times are ISO-8601 strings. A game and its
 * achievements are the shapes the sync machine writes (machines/library/game-records.ts).
 */

import type { GameRecord } from '../../machines/library/game-records.js';
import type { OperationRow as SyncOperationRecord } from '../../machines/library/sync-events.js';

export type { AchievementRecord, GameRecord, KnownGame } from '../../machines/library/game-records.js';

export interface LibraryRow {
  library_id: string;
  user_id: string;
  name: string;
  platform: string;
  platform_user_id: string;
  created_at: string;
  last_synced_at: string | null;
  last_full_sync_at: string | null;
  game_count: number;
}

export type GameStatus = 'unplayed' | 'playing' | 'played' | 'completed';

/** A stored game as the REST API lists it: the record without its achievements, plus library bookkeeping. */
export interface GameRow extends Omit<GameRecord, 'achievements'> {
  library_id: string;
  status: GameStatus;
  achievements_unlocked: number;
  achievements_total: number;
  added_at: string;
  updated_at: string;
}

export type SyncType = 'full' | 'incremental';

export interface OperationRow {
  operation_id: string;
  library_id: string;
  user_id: string;
  sync_type: SyncType;
  status: string;
  games_total: number;
  games_processed: number;
  games_added: number;
  games_updated: number;
  games_removed: number;
  errors_count: number;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

/** The progress of an operation as a sync job reports it (`id` is the operation id). */
export type OperationUpdate = SyncOperationRecord;

/** Sync statuses of an operation that still runs (one per library at a time). */
export const ACTIVE_STATUSES = ['pending', 'in_progress', 'rate_limited'] as const;

export interface GameQuery {
  libraryIds: readonly string[];
  /** Any of these genres, case-insensitively. */
  genres?: readonly string[];
  statuses?: readonly GameStatus[];
  minMetacritic?: number;
  /** Part of the title, case-insensitively. */
  text?: string;
  /** `title` (default): by title case-insensitively; the others descending, missing values last, then by title. */
  sort?: 'metacritic' | 'playtime' | 'recent' | 'title';
  limit?: number;
  offset?: number;
  /** "Playing" means played within the last 14 days of `now` (epoch ms). */
  now: number;
}

export interface GenreTotal {
  genre: string;
  games: number;
  minutes: number;
}

export interface ConversationRow {
  id: string;
  user_id: string;
  library_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface MessageRow {
  role: 'user' | 'assistant';
  content: string;
  message_id: string | null;
  tools_used: string[];
  created_at: string;
}

export interface NewMessage {
  conversationId: string;
  userId: string;
  libraryId: string | null;
  role: 'user' | 'assistant';
  content: string;
  messageId: string | null;
  toolsUsed: string[];
  at: string;
}
