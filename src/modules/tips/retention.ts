// Keeping tips no longer than needed: a closed tip (used, declined, duplicate, spam) is deleted,
// with its messages and files, once it has been closed for the retention period; sealed files
// that no row names (left by a crash between writing a file and its row) go after a day; spent
// proof-of-work challenges go when they expire. Each tip goes in its own transaction with a line
// in the access log. Returns counts only, which is all the job logs.
import { withTransaction } from '../../storage/index.ts';
import { logTipAccess } from './access-log.ts';
import { purgeSpentChallenges } from './challenge.ts';
import { CLOSED_TIP_STATUSES } from './domain.ts';
import type { TipsContext } from './tips-context.ts';
import { removeTipFiles, storedTipFileNames } from './tip-files.ts';
import { removeTipRows } from './tips.service.ts';

export interface TipPurgeCounts {
  tips: number;
  files: number;
  strayFiles: number;
  challenges: number;
}

const DAY = 86_400_000;
const BATCH = 200;

export async function purgeOldTips(ctx: Pick<TipsContext, 'db' | 'store' | 'events'>, retentionDays: number, now: Date = new Date()): Promise<TipPurgeCounts> {
  const counts: TipPurgeCounts = { tips: 0, files: 0, strayFiles: 0, challenges: 0 };
  const before = new Date(now.getTime() - retentionDays * DAY).toISOString();
  for (;;) {
    const due = await ctx.db.selectFrom('tips').select('id').where('status', 'in', CLOSED_TIP_STATUSES).where('closed_at', '<', before).orderBy('closed_at').limit(BATCH).execute();
    for (const { id } of due) {
      const files = await withTransaction(ctx.db, async (tx) => {
        // Re-checked inside: a tip reopened since the list was read stays.
        const still = await tx.selectFrom('tips').select('id').where('id', '=', id).where('status', 'in', CLOSED_TIP_STATUSES).where('closed_at', '<', before).executeTakeFirst();
        if (!still) return null;
        const names = await removeTipRows(tx, id);
        await logTipAccess(tx, id, 'system', 'purged', `closed before ${before.slice(0, 10)}`);
        return names;
      });
      if (!files) continue;
      await removeTipFiles(ctx.store, files);
      counts.tips++;
      counts.files += files.filter(Boolean).length;
      ctx.events.emit({ type: 'tip.changed', tipId: id, change: 'purged' });
    }
    if (due.length < BATCH) break;
  }
  counts.strayFiles = await removeStrayFiles(ctx, now);
  counts.challenges = await purgeSpentChallenges(ctx.db, now);
  return counts;
}

async function removeStrayFiles(ctx: Pick<TipsContext, 'db' | 'store'>, now: Date): Promise<number> {
  // Only files a day old: a file being written now has no row yet.
  const old = (await storedTipFileNames(ctx.store)).filter((f) => f.modifiedMs < now.getTime() - DAY).map((f) => f.name);
  let removed = 0;
  for (let at = 0; at < old.length; at += 500) {
    const names = old.slice(at, at + 500);
    const known = await ctx.db.selectFrom('tip_files').select(['stored_as', 'preview_as']).where((eb) => eb.or([eb('stored_as', 'in', names), eb('preview_as', 'in', names)])).execute();
    const named = new Set(known.flatMap((k) => [k.stored_as, k.preview_as]));
    const stray = names.filter((n) => !named.has(n));
    await removeTipFiles(ctx.store, stray);
    removed += stray.length;
  }
  return removed;
}
