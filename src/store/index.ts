export type { Store, SnapshotRecord, JournalEntry } from './store.js';
export { VersionConflictError } from './version-conflict-error.js';
export type { ChannelRepository, ChannelRecord, ChannelMessageRecord, ChannelMessagePage } from './channel-repository.js';
export type { PokerRepository, PokerTableRecord, PokerSessionRecord } from './poker-repository.js';
export type { LibraryRepository } from './library-repository.js';
export * from './library-records.js';
export { createSqliteStore } from './sqlite/sqlite-store.js';
export { createSerialQueue, type SerialQueue } from './serial-queue.js';
export { inCallOrder } from './in-call-order.js';
