// Fixed-window counters for brute-force limits, kept where every app process sees them: in the
// database by default, in Redis when REDIS_URL is set (see redis.ts).
import { sql } from 'kysely';
import type { Db } from './database.ts';

export interface AttemptCount {
  /** Attempts in the current window, this one included. */
  hits: number;
  /** Seconds until the window ends and the count starts again. */
  retryAfterSeconds: number;
}

export interface AttemptCounter {
  hit(key: string, windowMs: number): Promise<AttemptCount>;
  /** Reads without counting. */
  peek(key: string, windowMs: number): Promise<AttemptCount>;
  reset(key: string): Promise<void>;
}

export function databaseAttemptCounter(db: Db): AttemptCounter {
  const remaining = (windowStart: string, windowMs: number, now: number) => Math.max(1, Math.ceil((Date.parse(windowStart) + windowMs - now) / 1000));
  return {
    async hit(key, windowMs) {
      const now = Date.now();
      const at = new Date(now).toISOString();
      const expired = new Date(now - windowMs).toISOString();
      // One statement: a new window starts when the old one has ended, else the count goes up.
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: at, hits: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql<number>`case when rate_limits.window_start <= ${expired} then 1 else rate_limits.hits + 1 end`,
            window_start: sql<string>`case when rate_limits.window_start <= ${expired} then ${at} else rate_limits.window_start end`,
          }),
        )
        .returning(['hits', 'window_start'])
        .executeTakeFirstOrThrow();
      return { hits: Number(row.hits), retryAfterSeconds: remaining(row.window_start, windowMs, now) };
    },
    async peek(key, windowMs) {
      const now = Date.now();
      const row = await db.selectFrom('rate_limits').select(['hits', 'window_start']).where('key', '=', key).executeTakeFirst();
      if (!row || Date.parse(row.window_start) + windowMs <= now) return { hits: 0, retryAfterSeconds: 0 };
      return { hits: Number(row.hits), retryAfterSeconds: remaining(row.window_start, windowMs, now) };
    },
    async reset(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },
  };
}

/**
 * Counters whose window ended before `before` count nothing any more: the cleanup job drops
 * them. Keys under a long-lived prefix (an account's known addresses) keep their own horizon.
 */
export async function purgeStaleAttempts(db: Db, before: Date, longLived?: { prefix: string; before: Date }): Promise<number> {
  let short = db.deleteFrom('rate_limits').where('window_start', '<', before.toISOString());
  if (longLived) short = short.where('key', 'not like', `${longLived.prefix}%`);
  let deleted = Number((await short.executeTakeFirst()).numDeletedRows);
  if (longLived) {
    const long = await db.deleteFrom('rate_limits').where('key', 'like', `${longLived.prefix}%`).where('window_start', '<', longLived.before.toISOString()).executeTakeFirst();
    deleted += Number(long.numDeletedRows);
  }
  return deleted;
}
