import type {
  AchievementRecord,
  ConversationRow,
  GameQuery,
  GameRecord,
  GameRow,
  GenreTotal,
  KnownGame,
  LibraryRow,
  MessageRow,
  NewMessage,
  OperationRow,
  OperationUpdate,
  SyncType,
} from './library-records.js';

/**
 * The library domain's tables: libraries, games with playtime and achievements, sync
 * operations, assistant conversations and a small key/value table. Each method is
 * atomic: a concurrent reader sees all of a write or none of it.
 */
export interface LibraryRepository {
  createLibrary(input: { id: string; userId: string; name: string; platform: string; account: string; at: string }): Promise<LibraryRow>;
  library(id: string): Promise<LibraryRow | undefined>;
  /** A user's libraries, oldest first (ties by id). */
  libraries(userId: string): Promise<LibraryRow[]>;

  knownGames(libraryId: string): Promise<KnownGame[]>;
  /** A game by its platform id, with its achievements ordered by id; null when the library lacks it. */
  game(libraryId: string, platformGameId: string): Promise<GameRecord | null>;
  /** Insert or update a game, its playtime and its achievements (achievements missing from `record` are dropped). */
  saveGame(libraryId: string, record: GameRecord, at: string): Promise<void>;
  removeGames(libraryId: string, gameIds: readonly string[]): Promise<void>;
  /** Games matching a query, with their derived status and achievement counts, and how many match in all. */
  games(query: GameQuery): Promise<{ games: GameRow[]; total: number }>;
  /** Per-genre playtime and game counts across libraries, most played first. */
  genreTotals(libraryIds: readonly string[]): Promise<GenreTotal[]>;
  achievementTotals(libraryIds: readonly string[]): Promise<{ unlocked: number; total: number }>;
  /** Locked achievements of one game, most common first (the easiest to get next). */
  lockedAchievements(gameId: string, limit: number): Promise<AchievementRecord[]>;

  /** Create a pending operation unless one is active for the library (then resolve with that one). */
  createOperation(input: { id: string; libraryId: string; userId: string; type: SyncType; at: string }): Promise<{ created: boolean; operation: OperationRow }>;
  /** Record an operation's progress; a completed one also stamps its library's last (full) sync time. */
  updateOperation(update: OperationUpdate): Promise<void>;
  operation(id: string): Promise<OperationRow | undefined>;
  /** Operations still pending, running or rate limited, oldest first. */
  unfinishedOperations(): Promise<OperationRow[]>;

  conversation(id: string): Promise<ConversationRow | undefined>;
  /** Append a message (creating the conversation on its first one); messages keep their append order. */
  appendMessage(message: NewMessage): Promise<void>;
  /** The last `limit` messages of a conversation, oldest first. */
  recentMessages(conversationId: string, limit: number): Promise<MessageRow[]>;

  kvGet(key: string): Promise<string | undefined>;
  kvSet(key: string, value: string): Promise<void>;
}
