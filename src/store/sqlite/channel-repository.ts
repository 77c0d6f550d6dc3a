import type Database from 'better-sqlite3';
import type { ChannelMessageRecord, ChannelRecord, ChannelRepository } from '../channel-repository.js';

interface ChannelRow {
  id: string;
  name: string;
  is_private: number;
  owner_id: string;
  created_at: string;
}

const toChannel = (row: ChannelRow): ChannelRecord => ({ ...row, is_private: row.is_private === 1 });
const MESSAGE_COLUMNS = 'id, channel_id, author_id, content, created_at, edited_at';

/** The channel repository on SQLite (tables from `SQLITE_MIGRATIONS.channel`). */
export function createSqliteChannelRepository(db: Database.Database): ChannelRepository {
  const insertChannel = db.prepare(
    'INSERT INTO channels (id, name, is_private, owner_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const insertMember = db.prepare('INSERT INTO channel_members (channel_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const selectVisible = db.prepare(
    `SELECT c.id, c.name, c.is_private, c.owner_id, c.created_at FROM channels c
     WHERE c.is_private = 0
        OR EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = ?)
     ORDER BY c.created_at, c.id`,
  );
  const insertMessage = db.prepare(
    `INSERT INTO channel_messages (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const updateMessage = db.prepare('UPDATE channel_messages SET content = ?, edited_at = ? WHERE id = ? AND channel_id = ?');
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
  const saveChannel = db.transaction((channel: ChannelRecord, members: readonly string[]) => {
    insertChannel.run(channel.id, channel.name, channel.is_private ? 1 : 0, channel.owner_id, channel.created_at);
    for (const member of members) insertMember.run(channel.id, member);
  });

  return {
    async saveChannel(channel, members) {
      saveChannel(channel, members);
    },
    async addMember(channelId, userId) {
      insertMember.run(channelId, userId);
    },
    async visibleChannels(userId) {
      return (selectVisible.all(userId) as ChannelRow[]).map(toChannel);
    },
    async insertMessage(m) {
      insertMessage.run(m.id, m.channel_id, m.author_id, m.content, m.created_at, m.edited_at);
    },
    async updateMessage(m) {
      updateMessage.run(m.content, m.edited_at, m.id, m.channel_id);
    },
    async deleteMessage(channelId, messageId) {
      deleteMessage.run(messageId, channelId);
    },
    async getMessage(channelId, messageId) {
      return selectMessage.get(channelId, messageId) as ChannelMessageRecord | undefined;
    },
    async page(channelId, { before, limit }) {
      const rows = (
        before ? selectBefore.all(channelId, before, channelId, limit + 1) : selectLatest.all(channelId, limit + 1)
      ) as ChannelMessageRecord[];
      return { messages: rows.slice(0, limit).reverse(), has_more: rows.length > limit };
    },
  };
}
