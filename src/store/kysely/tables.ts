import type { Generated } from 'kysely';

/**
 * The store's tables as Kysely sees them: one row type per table, the same on SQLite and
 * PostgreSQL (`sqlite/schema.ts`, `postgres/schema.ts` create them). Booleans are integers
 * 0/1 and JSON values are text on both, so one query serves both dialects unchanged.
 */
export interface StoreTables {
  snapshots: { address: string; version: number; data: string; updated_at: number; journal_seq: number };
  journal: { address: string; seq: number; entry: string };
  journal_heads: { address: string; last_seq: number };
  actor_fences: { address: string; fence: number };

  channels: { id: string; name: string; is_private: number; owner_id: string; created_at: string };
  channel_members: { channel_id: string; user_id: string };
  channel_messages: {
    seq: Generated<number>;
    id: string;
    channel_id: string;
    author_id: string;
    content: string;
    created_at: string;
    edited_at: string | null;
    deleted: Generated<number>;
  };

  poker_tables: { id: string; settings: string; created_at: number };
  poker_sessions: { token: string; user_id: string; last_used: number };
  poker_presence: { user_id: string; table_id: string };

  library_libraries: {
    id: string;
    user_id: string;
    name: string;
    platform: string;
    platform_user_id: string;
    created_at: string;
    last_synced_at: string | null;
    last_full_sync_at: string | null;
  };
  library_games: {
    id: string;
    library_id: string;
    platform_game_id: string;
    title: string;
    developer: string | null;
    /** A JSON array of strings. */
    genres: string;
    metacritic: number | null;
    cover_image_url: string | null;
    release_year: number | null;
    added_at: string;
    updated_at: string;
  };
  library_playtime: { game_id: string; total_playtime_minutes: number; last_played_at: string | null; updated_at: string };
  library_achievements: {
    game_id: string;
    achievement_id: string;
    title: string;
    description: string;
    icon_url: string | null;
    rarity_percentage: number | null;
    points: number | null;
    unlocked_at: string | null;
  };
  library_sync_operations: {
    id: string;
    library_id: string;
    user_id: string;
    sync_type: string;
    status: string;
    games_total: Generated<number>;
    games_processed: Generated<number>;
    games_added: Generated<number>;
    games_updated: Generated<number>;
    games_removed: Generated<number>;
    errors_count: Generated<number>;
    error_code: string | null;
    error_message: string | null;
    created_at: string;
    started_at: string | null;
    finished_at: string | null;
    updated_at: string;
  };
  library_conversations: { id: string; user_id: string; library_id: string | null; created_at: string; updated_at: string };
  library_messages: {
    conversation_id: string;
    seq: number;
    role: string;
    content: string;
    message_id: string | null;
    /** A JSON array of strings. */
    tools_used: string;
    created_at: string;
  };
  library_kv: { key: string; value: string };
}
