// Breaking alerts and digests, in every app process: rounds and digests are claimed in the
// database, so two processes never queue one twice. Alerts are looked for every few seconds
// (and at once when a story changes), digests every few minutes; whatever is queued is then
// sent by the email sender.
import { queueDueAlerts, queueDueDigests, type AlertReport } from '../modules/follows/index.ts';
import { loadSettings } from '../modules/settings/index.ts';
import type { Db } from '../storage/index.ts';
import { repeat, type RepeatingTask } from './repeat.ts';

export function startAlerts(db: Db, options: { intervalMs: number; onError(error: unknown): void; onQueued?(report: AlertReport): void }): RepeatingTask<AlertReport> {
  return repeat(
    async () => {
      const report = await queueDueAlerts(db);
      if (report.stories.length > 0) options.onQueued?.(report);
      return report;
    },
    options.intervalMs,
    options.onError,
  );
}

export function startDigests(db: Db, options: { intervalMs: number; onError(error: unknown): void; onQueued?(counts: { daily: number; weekly: number }): void }): RepeatingTask<{ daily: number; weekly: number }> {
  return repeat(
    async () => {
      const { timezone } = await loadSettings(db);
      const counts = await queueDueDigests(db, { timeZone: timezone });
      if (counts.daily + counts.weekly > 0) options.onQueued?.(counts);
      return counts;
    },
    options.intervalMs,
    options.onError,
  );
}
