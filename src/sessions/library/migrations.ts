/** The library domain's tables (applied once each, in order, by `store.migrate('library', …)`). */
export const LIBRARY_MIGRATIONS = [
  `CREATE TABLE library_libraries (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     platform TEXT NOT NULL,
     platform_user_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     last_synced_at TEXT,
     last_full_sync_at TEXT
   );
   CREATE INDEX library_libraries_user ON library_libraries (user_id);`,
  `CREATE TABLE library_games (
     id TEXT PRIMARY KEY,
     library_id TEXT NOT NULL REFERENCES library_libraries (id) ON DELETE CASCADE,
     platform_game_id TEXT NOT NULL,
     title TEXT NOT NULL,
     developer TEXT,
     genres TEXT NOT NULL DEFAULT '[]',
     metacritic INTEGER,
     cover_image_url TEXT,
     release_year INTEGER,
     added_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (library_id, platform_game_id)
   );`,
  `CREATE TABLE library_playtime (
     game_id TEXT PRIMARY KEY REFERENCES library_games (id) ON DELETE CASCADE,
     total_playtime_minutes INTEGER NOT NULL DEFAULT 0,
     last_played_at TEXT,
     updated_at TEXT NOT NULL
   );`,
  `CREATE TABLE library_achievements (
     game_id TEXT NOT NULL REFERENCES library_games (id) ON DELETE CASCADE,
     achievement_id TEXT NOT NULL,
     title TEXT NOT NULL,
     description TEXT NOT NULL DEFAULT '',
     icon_url TEXT,
     rarity_percentage REAL,
     points INTEGER,
     unlocked_at TEXT,
     PRIMARY KEY (game_id, achievement_id)
   );`,
  `CREATE TABLE library_sync_operations (
     id TEXT PRIMARY KEY,
     library_id TEXT NOT NULL REFERENCES library_libraries (id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     sync_type TEXT NOT NULL,
     status TEXT NOT NULL,
     games_total INTEGER NOT NULL DEFAULT 0,
     games_processed INTEGER NOT NULL DEFAULT 0,
     games_added INTEGER NOT NULL DEFAULT 0,
     games_updated INTEGER NOT NULL DEFAULT 0,
     games_removed INTEGER NOT NULL DEFAULT 0,
     errors_count INTEGER NOT NULL DEFAULT 0,
     error_code TEXT,
     error_message TEXT,
     created_at TEXT NOT NULL,
     started_at TEXT,
     finished_at TEXT,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX library_sync_operations_status ON library_sync_operations (status);`,
  `CREATE TABLE library_conversations (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     library_id TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE library_messages (
     conversation_id TEXT NOT NULL REFERENCES library_conversations (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     role TEXT NOT NULL,
     content TEXT NOT NULL,
     message_id TEXT,
     tools_used TEXT NOT NULL DEFAULT '[]',
     created_at TEXT NOT NULL,
     PRIMARY KEY (conversation_id, seq)
   );`,
  `CREATE TABLE library_kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
] as const;
