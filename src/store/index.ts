export * from './types.js';
export { createSqliteStore, type SqliteStore } from './sqlite-store.js';
