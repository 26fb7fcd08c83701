export { createDb, nowIso, withTransaction } from './database.ts';
export type { Database, Db, DbHandle, Queryable, Role, StoryStatus, Tx } from './database.ts';
export { migrateToLatest } from './migrator.ts';
export { isDatabaseUnavailable } from './availability.ts';
