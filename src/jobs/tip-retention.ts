// Deletes closed tips past their retention period, stray sealed files and spent challenges, once
// a day in every process (the first a minute after start); deleting what is gone deletes nothing.
// Logs counts only: never a tip's words, and not even which tips.
import { purgeOldTips, type TipPurgeCounts, type TipsContext } from '../modules/tips/index.ts';
import { repeat, type RepeatingTask } from './repeat.ts';

export function startTipRetention(ctx: TipsContext, options: { retentionDays: number; intervalMs: number; onError(error: unknown): void; onPurged?(counts: TipPurgeCounts): void }): RepeatingTask<TipPurgeCounts> {
  return repeat(
    async () => {
      const counts = await purgeOldTips(ctx, options.retentionDays);
      if (counts.tips + counts.strayFiles + counts.challenges > 0) options.onPurged?.(counts);
      return counts;
    },
    options.intervalMs,
    options.onError,
  );
}
