/**
 * The PostgreSQL schema, per domain, with the same domains and tables as SQLite's
 * (`sqlite/schema.ts`), one statement per step, recorded in `schema_migrations (domain,
 * version)`. Steps are append-only. Text columns are `COLLATE "C"` so ordering and
 * comparisons (ids, ISO-8601 times, titles) are by code point, as on SQLite, whatever
 * locale the database was created with. Epoch-ms columns are `BIGINT`.
 */
const TEXT = 'TEXT COLLATE "C"';

export const POSTGRES_MIGRATIONS: Readonly<Record<string, readonly string[]>> = {
  core: [
    `CREATE TABLE snapshots (address ${TEXT} PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL, updated_at BIGINT NOT NULL)`,
    `CREATE TABLE journal (address ${TEXT} NOT NULL, seq BIGINT NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (address, seq))`,
    // The last sequence number per address, so numbers never repeat after a truncation.
    `CREATE TABLE journal_heads (address ${TEXT} PRIMARY KEY, last_seq BIGINT NOT NULL)`,
    // The journal sequence a snapshot covers: recovery replays only the entries after it.
    `ALTER TABLE snapshots ADD COLUMN journal_seq BIGINT NOT NULL DEFAULT 0`,
    // The newest ownership fence seen per address (cluster mode): older writers are refused.
    `CREATE TABLE actor_fences (address ${TEXT} PRIMARY KEY, fence BIGINT NOT NULL)`,
  ],
  channel: [
    `CREATE TABLE channels (
       id ${TEXT} PRIMARY KEY,
       name ${TEXT} NOT NULL,
       is_private INTEGER NOT NULL,
       owner_id ${TEXT} NOT NULL,
       created_at ${TEXT} NOT NULL
     )`,
    `CREATE TABLE channel_members (
       channel_id ${TEXT} NOT NULL REFERENCES channels (id),
       user_id ${TEXT} NOT NULL,
       PRIMARY KEY (channel_id, user_id)
     )`,
    `CREATE INDEX channel_members_by_user ON channel_members (user_id)`,
    `CREATE TABLE channel_messages (
       seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       id ${TEXT} NOT NULL UNIQUE,
       channel_id ${TEXT} NOT NULL,
       author_id ${TEXT} NOT NULL,
       content TEXT NOT NULL,
       created_at ${TEXT} NOT NULL,
       edited_at ${TEXT},
       deleted INTEGER NOT NULL DEFAULT 0
     )`,
    `CREATE INDEX channel_messages_by_channel ON channel_messages (channel_id, seq)`,
  ],
  poker: [
    `CREATE TABLE poker_tables (id ${TEXT} PRIMARY KEY, settings TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    `CREATE TABLE poker_sessions (token ${TEXT} PRIMARY KEY, user_id ${TEXT} NOT NULL, last_used BIGINT NOT NULL)`,
    `CREATE TABLE poker_presence (user_id ${TEXT} NOT NULL, table_id ${TEXT} NOT NULL, PRIMARY KEY (user_id, table_id))`,
    `CREATE INDEX poker_sessions_last_used ON poker_sessions (last_used)`,
  ],
  library: [
    `CREATE TABLE library_libraries (
       id ${TEXT} PRIMARY KEY,
       user_id ${TEXT} NOT NULL,
       name ${TEXT} NOT NULL,
       platform ${TEXT} NOT NULL,
       platform_user_id ${TEXT} NOT NULL,
       created_at ${TEXT} NOT NULL,
       last_synced_at ${TEXT},
       last_full_sync_at ${TEXT}
     )`,
    `CREATE INDEX library_libraries_user ON library_libraries (user_id)`,
    `CREATE TABLE library_games (
       id ${TEXT} PRIMARY KEY,
       library_id ${TEXT} NOT NULL REFERENCES library_libraries (id) ON DELETE CASCADE,
       platform_game_id ${TEXT} NOT NULL,
       title ${TEXT} NOT NULL,
       developer ${TEXT},
       genres TEXT NOT NULL DEFAULT '[]',
       metacritic INTEGER,
       cover_image_url TEXT,
       release_year INTEGER,
       added_at ${TEXT} NOT NULL,
       updated_at ${TEXT} NOT NULL,
       UNIQUE (library_id, platform_game_id)
     )`,
    `CREATE TABLE library_playtime (
       game_id ${TEXT} PRIMARY KEY REFERENCES library_games (id) ON DELETE CASCADE,
       total_playtime_minutes INTEGER NOT NULL DEFAULT 0,
       last_played_at ${TEXT},
       updated_at ${TEXT} NOT NULL
     )`,
    `CREATE TABLE library_achievements (
       game_id ${TEXT} NOT NULL REFERENCES library_games (id) ON DELETE CASCADE,
       achievement_id ${TEXT} NOT NULL,
       title TEXT NOT NULL,
       description TEXT NOT NULL DEFAULT '',
       icon_url TEXT,
       rarity_percentage DOUBLE PRECISION,
       points INTEGER,
       unlocked_at ${TEXT},
       PRIMARY KEY (game_id, achievement_id)
     )`,
    `CREATE TABLE library_sync_operations (
       id ${TEXT} PRIMARY KEY,
       library_id ${TEXT} NOT NULL REFERENCES library_libraries (id) ON DELETE CASCADE,
       user_id ${TEXT} NOT NULL,
       sync_type ${TEXT} NOT NULL,
       status ${TEXT} NOT NULL,
       games_total INTEGER NOT NULL DEFAULT 0,
       games_processed INTEGER NOT NULL DEFAULT 0,
       games_added INTEGER NOT NULL DEFAULT 0,
       games_updated INTEGER NOT NULL DEFAULT 0,
       games_removed INTEGER NOT NULL DEFAULT 0,
       errors_count INTEGER NOT NULL DEFAULT 0,
       error_code ${TEXT},
       error_message TEXT,
       created_at ${TEXT} NOT NULL,
       started_at ${TEXT},
       finished_at ${TEXT},
       updated_at ${TEXT} NOT NULL
     )`,
    `CREATE INDEX library_sync_operations_status ON library_sync_operations (status)`,
    `CREATE TABLE library_conversations (
       id ${TEXT} PRIMARY KEY,
       user_id ${TEXT} NOT NULL,
       library_id ${TEXT},
       created_at ${TEXT} NOT NULL,
       updated_at ${TEXT} NOT NULL
     )`,
    `CREATE TABLE library_messages (
       conversation_id ${TEXT} NOT NULL REFERENCES library_conversations (id) ON DELETE CASCADE,
       seq INTEGER NOT NULL,
       role ${TEXT} NOT NULL,
       content TEXT NOT NULL,
       message_id ${TEXT},
       tools_used TEXT NOT NULL DEFAULT '[]',
       created_at ${TEXT} NOT NULL,
       PRIMARY KEY (conversation_id, seq)
     )`,
    `CREATE TABLE library_kv (key ${TEXT} PRIMARY KEY, value TEXT NOT NULL)`,
  ],
};
