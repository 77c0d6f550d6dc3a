import type { SqliteStore, Store } from '../../store/index.js';
import type { ChannelInfo, ChatMessage } from '../../protocol/channel.js';

/** Channel domain tables: the channel index (who can see what) and message history. */
export interface ChannelRepo {
  saveChannel(channel: ChannelInfo, members: readonly string[]): Promise<void>;
  addMember(channelId: string, userId: string): Promise<void>;
  /** Public channels plus the private ones `userId` belongs to. */
  visibleChannels(userId: string): Promise<ChannelInfo[]>;
  insertMessage(message: ChatMessage): Promise<void>;
  updateMessage(message: ChatMessage): Promise<void>;
  deleteMessage(channelId: string, messageId: string): Promise<void>;
  getMessage(channelId: string, messageId: string): Promise<ChatMessage | undefined>;
  /** Newest-last page of up to `limit` messages older than `before` (a message id), or the latest. */
  page(channelId: string, options: { before?: string; limit: number }): Promise<{ messages: ChatMessage[]; has_more: boolean }>;
}

const MIGRATIONS = [
  `CREATE TABLE channels (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     is_private INTEGER NOT NULL,
     owner_id TEXT NOT NULL,
     created_at TEXT NOT NULL
   )`,
  `CREATE TABLE channel_members (
     channel_id TEXT NOT NULL REFERENCES channels(id),
     user_id TEXT NOT NULL,
     PRIMARY KEY (channel_id, user_id)
   )`,
  `CREATE INDEX channel_members_by_user ON channel_members (user_id)`,
  `CREATE TABLE channel_messages (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     channel_id TEXT NOT NULL,
     author_id TEXT NOT NULL,
     content TEXT NOT NULL,
     created_at TEXT NOT NULL,
     edited_at TEXT,
     deleted INTEGER NOT NULL DEFAULT 0
   )`,
  `CREATE INDEX channel_messages_by_channel ON channel_messages (channel_id, seq)`,
] as const;

interface ChannelRow {
  id: string;
  name: string;
  is_private: number;
  owner_id: string;
  created_at: string;
}

const toChannel = (row: ChannelRow): ChannelInfo => ({ ...row, is_private: row.is_private === 1 });
const MESSAGE_COLUMNS = 'id, channel_id, author_id, content, created_at, edited_at';

export async function createChannelRepo(store: Store): Promise<ChannelRepo> {
  await store.migrate('channel', MIGRATIONS);
  const db = (store as SqliteStore).db;
  if (!db) throw new Error('channel: the channel repository needs the SQLite store');

  const insertChannel = db.prepare(
    'INSERT OR IGNORE INTO channels (id, name, is_private, owner_id, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertMember = db.prepare('INSERT OR IGNORE INTO channel_members (channel_id, user_id) VALUES (?, ?)');
  const selectVisible = db.prepare(
    `SELECT c.* FROM channels c
     WHERE c.is_private = 0
        OR EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = ?)
     ORDER BY c.created_at, c.id`,
  );
  const insertMessage = db.prepare(
    `INSERT OR IGNORE INTO channel_messages (${MESSAGE_COLUMNS}) VALUES (@id, @channel_id, @author_id, @content, @created_at, @edited_at)`,
  );
  const updateMessage = db.prepare(
    'UPDATE channel_messages SET content = @content, edited_at = @edited_at WHERE id = @id AND channel_id = @channel_id',
  );
  const deleteMessage = db.prepare('UPDATE channel_messages SET deleted = 1 WHERE id = ? AND channel_id = ?');
  const selectMessage = db.prepare(
    `SELECT ${MESSAGE_COLUMNS} FROM channel_messages WHERE channel_id = ? AND id = ? AND deleted = 0`,
  );
  const selectLatest = db.prepare(
    `SELECT ${MESSAGE_COLUMNS} FROM channel_messages WHERE channel_id = ? AND deleted = 0 ORDER BY seq DESC LIMIT ?`,
  );
  const selectBefore = db.prepare(
    `SELECT ${MESSAGE_COLUMNS} FROM channel_messages
     WHERE channel_id = ? AND deleted = 0 AND seq < (SELECT seq FROM channel_messages WHERE id = ? AND channel_id = ?)
     ORDER BY seq DESC LIMIT ?`,
  );

  return {
    async saveChannel(channel, members) {
      db.transaction(() => {
        insertChannel.run(channel.id, channel.name, channel.is_private ? 1 : 0, channel.owner_id, channel.created_at);
        for (const member of members) insertMember.run(channel.id, member);
      })();
    },
    async addMember(channelId, userId) {
      insertMember.run(channelId, userId);
    },
    async visibleChannels(userId) {
      return (selectVisible.all(userId) as ChannelRow[]).map(toChannel);
    },
    async insertMessage(message) {
      insertMessage.run(message);
    },
    async updateMessage(message) {
      updateMessage.run(message);
    },
    async deleteMessage(channelId, messageId) {
      deleteMessage.run(messageId, channelId);
    },
    async getMessage(channelId, messageId) {
      return selectMessage.get(channelId, messageId) as ChatMessage | undefined;
    },
    async page(channelId, { before, limit }) {
      const rows = (
        before ? selectBefore.all(channelId, before, channelId, limit + 1) : selectLatest.all(channelId, limit + 1)
      ) as ChatMessage[];
      const has_more = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse(), has_more };
    },
  };
}
