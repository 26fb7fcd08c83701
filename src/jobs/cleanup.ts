// Removes rows that can no longer mean anything: expired sessions and email links,
// brute-force counters whose window ended a day ago (the longest window is an hour), and
// outbox rows of messages finished more than 30 days ago. Every app
// process may run it; deleting what is already gone deletes nothing. Logs counts only.
import { KNOWN_ADDRESS_MS, KNOWN_ADDRESS_PREFIX, purgeExpiredAccountRows } from '../modules/accounts/index.ts';
import { purgeFinishedEmail } from '../modules/notify/index.ts';
import { purgeStaleAttempts, type Db } from '../storage/index.ts';
import { repeat, type RepeatingTask } from './repeat.ts';

export interface CleanupCounts {
  sessions: number;
  emailTokens: number;
  rateLimits: number;
  emails: number;
}

export async function cleanUp(db: Db, now: Date = new Date()): Promise<CleanupCounts> {
  const accounts = await purgeExpiredAccountRows(db, now);
  const rateLimits = await purgeStaleAttempts(db, new Date(now.getTime() - 24 * 3600_000), { prefix: KNOWN_ADDRESS_PREFIX, before: new Date(now.getTime() - KNOWN_ADDRESS_MS) });
  const emails = await purgeFinishedEmail(db, now);
  return { ...accounts, rateLimits, emails };
}

export function startCleanup(db: Db, options: { intervalMs: number; onError(error: unknown): void; onCleaned?(counts: CleanupCounts): void }): RepeatingTask<CleanupCounts> {
  return repeat(
    async () => {
      const counts = await cleanUp(db);
      if (counts.sessions + counts.emailTokens + counts.rateLimits + counts.emails > 0) options.onCleaned?.(counts);
      return counts;
    },
    options.intervalMs,
    options.onError,
  );
}
