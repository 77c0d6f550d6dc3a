/** A table the registry knows (what `GET /api/tables` lists). */
export interface PokerTableRecord {
  id: string;
  createdAt: number;
}

/** A resume token and the user it brings back, with its last use (epoch ms). */
export interface PokerSessionRecord {
  token: string;
  userId: string;
  lastUsed: number;
}

/**
 * Poker's domain tables: the table registry, resume tokens (token → userId, so a
 * reconnecting socket keeps its identity and seat), and which tables each user joined
 * (so a resumed socket is re-attached to them). Times are epoch ms.
 */
export interface PokerRepository {
  /** Every table, oldest first (ties by id). */
  listTables(): Promise<PokerTableRecord[]>;
  /** Register a table; registering a known id changes nothing. */
  addTable(id: string, settings: unknown, now: number): Promise<void>;
  createSession(token: string, userId: string, now: number): Promise<void>;
  /** Mark a token used at `now` (no-op for an unknown token). */
  touchSession(token: string, now: number): Promise<void>;
  /** Every token used within `ttlMs` of `now`. */
  liveSessions(now: number, ttlMs: number): Promise<PokerSessionRecord[]>;
  /** Forget tokens unused for longer than `ttlMs`, and where users with no live token left sat; resolves with how many tokens went. */
  purgeExpired(now: number, ttlMs: number): Promise<number>;
  /** Remember that `userId` sat at or watched `tableId` (idempotent). */
  noteTable(userId: string, tableId: string): Promise<void>;
  /** The tables `userId` joined. */
  tablesOf(userId: string): Promise<string[]>;
}
