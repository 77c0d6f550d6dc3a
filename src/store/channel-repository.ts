import type { ChannelInfo, ChatMessage } from '../../machines/channel/types.js';

/** A channel as the channel index stores it: what the channel actor knows of it. */
export type ChannelRecord = ChannelInfo;

/** A chat message as message history stores it (times are ISO-8601). */
export type ChannelMessageRecord = ChatMessage;

/** A page of history, oldest first, and whether older messages exist. */
export interface ChannelMessagePage {
  messages: ChannelMessageRecord[];
  has_more: boolean;
}

/** Channel domain tables: the channel index (who can see what) and message history. */
export interface ChannelRepository {
  /** Record a channel and its first members; saving an existing channel id changes nothing of it but adds members. */
  saveChannel(channel: ChannelRecord, members: readonly string[]): Promise<void>;
  /** Add a member (idempotent). */
  addMember(channelId: string, userId: string): Promise<void>;
  /** A channel and its members (sorted), or undefined when no channel has this id. */
  channel(channelId: string): Promise<{ channel: ChannelRecord; members: string[] } | undefined>;
  /** The id of every channel, in no particular order. */
  channelIds(): Promise<string[]>;
  /** Public channels plus the private ones `userId` belongs to, oldest first (ties by id). */
  visibleChannels(userId: string): Promise<ChannelRecord[]>;
  /**
   * A page of `visibleChannels`: up to `limit` channels after the channel `after` (an id from
   * an earlier page) in the same order, and whether more follow.
   */
  visibleChannelsPage(userId: string, options: { after?: string; limit: number }): Promise<{ channels: ChannelRecord[]; has_more: boolean }>;
  /** Everyone who is a member of a channel `userId` is a member of (without `userId`), in id order. */
  channelMates(userId: string): Promise<string[]>;
  /** Append a message to its channel's history (a second insert of the same id is ignored). */
  insertMessage(message: ChannelMessageRecord): Promise<void>;
  /** Replace a message's `content` and `edited_at`. */
  updateMessage(message: ChannelMessageRecord): Promise<void>;
  /** Hide a message from history and lookups. */
  deleteMessage(channelId: string, messageId: string): Promise<void>;
  /** A message of a channel that is not deleted. */
  getMessage(channelId: string, messageId: string): Promise<ChannelMessageRecord | undefined>;
  /** Up to `limit` messages in insertion order: the latest ones, or those inserted before the message `before`. */
  page(channelId: string, options: { before?: string; limit: number }): Promise<ChannelMessagePage>;
}
