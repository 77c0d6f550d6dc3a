import type { Kysely } from 'kysely';
import type { ChannelMessageRecord, ChannelRecord, ChannelRepository } from '../channel-repository.js';
import type { StoreTables } from './tables.js';

const MESSAGE_COLUMNS = ['id', 'channel_id', 'author_id', 'content', 'created_at', 'edited_at'] as const;

const toChannel = (row: StoreTables['channels']): ChannelRecord => ({ ...row, is_private: Number(row.is_private) === 1 });

/** The channel repository on either dialect (tables of the `channel` migration domain). */
export function createChannelRepository(db: Kysely<StoreTables>): ChannelRepository {
  const messages = () => db.selectFrom('channel_messages').select(MESSAGE_COLUMNS);

  const visible = (userId: string) =>
    db
      .selectFrom('channels as c')
      .select(['c.id', 'c.name', 'c.is_private', 'c.owner_id', 'c.created_at'])
      .where((eb) =>
        eb.or([
          eb('c.is_private', '=', 0),
          eb.exists(
            eb
              .selectFrom('channel_members as m')
              .select(eb.lit(1).as('one'))
              .whereRef('m.channel_id', '=', 'c.id')
              .where('m.user_id', '=', userId),
          ),
        ]),
      )
      .orderBy('c.created_at')
      .orderBy('c.id');

  return {
    async saveChannel(channel, members) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('channels')
          .values({ ...channel, is_private: channel.is_private ? 1 : 0 })
          .onConflict((oc) => oc.doNothing())
          .execute();
        if (members.length > 0) {
          await trx
            .insertInto('channel_members')
            .values(members.map((user_id) => ({ channel_id: channel.id, user_id })))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      });
    },

    async addMember(channelId, userId) {
      await db.insertInto('channel_members').values({ channel_id: channelId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
    },

    async channel(channelId) {
      const row = await db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
      if (!row) return undefined;
      const members = await db.selectFrom('channel_members').select('user_id').where('channel_id', '=', channelId).orderBy('user_id').execute();
      return { channel: toChannel(row), members: members.map((m) => m.user_id) };
    },

    async channelIds() {
      return (await db.selectFrom('channels').select('id').execute()).map((row) => row.id);
    },

    async visibleChannels(userId) {
      return (await visible(userId).execute()).map(toChannel);
    },

    async visibleChannelsPage(userId, { after, limit }) {
      let query = visible(userId);
      if (after !== undefined) {
        const cursor = await db.selectFrom('channels').select(['created_at', 'id']).where('id', '=', after).executeTakeFirst();
        // An unknown cursor (a channel that never existed) pages from the start rather than failing.
        if (cursor) {
          query = query.where((eb) =>
            eb.or([eb('c.created_at', '>', cursor.created_at), eb.and([eb('c.created_at', '=', cursor.created_at), eb('c.id', '>', cursor.id)])]),
          );
        }
      }
      const rows = await query.limit(limit + 1).execute();
      return { channels: rows.slice(0, limit).map(toChannel), has_more: rows.length > limit };
    },

    async channelMates(userId) {
      const rows = await db
        .selectFrom('channel_members as mine')
        .innerJoin('channel_members as other', 'other.channel_id', 'mine.channel_id')
        .select('other.user_id')
        .distinct()
        .where('mine.user_id', '=', userId)
        .where('other.user_id', '<>', userId)
        .orderBy('other.user_id')
        .execute();
      return rows.map((row) => row.user_id);
    },

    async insertMessage(m) {
      await db
        .insertInto('channel_messages')
        .values({ id: m.id, channel_id: m.channel_id, author_id: m.author_id, content: m.content, created_at: m.created_at, edited_at: m.edited_at })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    async updateMessage(m) {
      await db
        .updateTable('channel_messages')
        .set({ content: m.content, edited_at: m.edited_at })
        .where('id', '=', m.id)
        .where('channel_id', '=', m.channel_id)
        .execute();
    },

    async deleteMessage(channelId, messageId) {
      await db.updateTable('channel_messages').set({ deleted: 1 }).where('id', '=', messageId).where('channel_id', '=', channelId).execute();
    },

    async getMessage(channelId, messageId): Promise<ChannelMessageRecord | undefined> {
      return messages().where('channel_id', '=', channelId).where('id', '=', messageId).where('deleted', '=', 0).executeTakeFirst();
    },

    async page(channelId, { before, limit }) {
      let query = messages().where('channel_id', '=', channelId).where('deleted', '=', 0);
      if (before) {
        query = query.where('seq', '<', (eb) =>
          eb.selectFrom('channel_messages').select('seq').where('id', '=', before).where('channel_id', '=', channelId),
        );
      }
      const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
      return { messages: rows.slice(0, limit).reverse(), has_more: rows.length > limit };
    },
  };
}
