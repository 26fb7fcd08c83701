export { createDb, nowIso, withTransaction } from './database.ts';
export type { Broadcast, CommentStatus, Database, Db, DbHandle, ModStatus, Queryable, Role, StoryStatus, ThreadMode, Tx, WordList } from './database.ts';
export { migrateToLatest } from './migrator.ts';
export { isDatabaseUnavailable } from './availability.ts';
export { localBroadcast } from './local-broadcast.ts';
export { databaseAttemptCounter } from './attempt-counter.ts';
export type { AttemptCount, AttemptCounter } from './attempt-counter.ts';
export { openRedis } from './redis.ts';
export type { RedisServices } from './redis.ts';
