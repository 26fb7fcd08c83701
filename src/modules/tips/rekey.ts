// Key rotation: after a new key is put first in the key file, every sealed value and file still
// under an older key is sealed again under the new one, a tip at a time (its rows in one
// transaction; its files written anew before the rows point at them, the old files removed
// after). Safe to stop and run again: what is done is skipped. When it reports nothing left,
// the old key's line can be removed from the file.
import { withTransaction } from '../../storage/index.ts';
import { logTipAccess } from './access-log.ts';
import { openText, sealedKeyId, sealText } from './sealing.ts';
import { fileMetaContext, messageContext, tipContext, type TipsContext } from './tips-context.ts';
import { removeTipFiles, resealTipFile, storedKeyId } from './tip-files.ts';

export interface RekeyCounts {
  tips: number;
  values: number;
  files: number;
}

export async function resealTips(ctx: Pick<TipsContext, 'db' | 'store'>): Promise<RekeyCounts> {
  const keyring = ctx.store.keyring;
  const current = keyring.current.id;
  const counts: RekeyCounts = { tips: 0, values: 0, files: 0 };
  const reseal = (sealed: string, context: string) => sealText(keyring, openText(keyring, sealed, context), context);
  let after = '';
  for (;;) {
    const tips = await ctx.db.selectFrom('tips').select('id').where('id', '>', after).orderBy('id').limit(200).execute();
    if (tips.length === 0) break;
    after = tips[tips.length - 1]!.id;
    for (const { id } of tips) {
      const files = await ctx.db.selectFrom('tip_files').select(['id', 'stored_as', 'preview_as']).where('tip_id', '=', id).execute();
      // Files first, under new names: until the rows point at them the old ones stay valid.
      const moved: { id: string; storedAs: string; previewAs: string | null; old: (string | null)[] }[] = [];
      for (const f of files) {
        const fileStale = (await storedKeyId(ctx.store, f.stored_as)) !== current;
        const previewStale = f.preview_as !== null && (await storedKeyId(ctx.store, f.preview_as)) !== current;
        if (!fileStale && !previewStale) continue;
        moved.push({
          id: f.id,
          storedAs: fileStale ? await resealTipFile(ctx.store, f.stored_as, f.id, false) : f.stored_as,
          previewAs: previewStale ? await resealTipFile(ctx.store, f.preview_as!, f.id, true) : f.preview_as,
          old: [fileStale ? f.stored_as : null, previewStale ? f.preview_as : null],
        });
      }
      const values = await withTransaction(ctx.db, async (tx) => {
        let changed = 0;
        const tip = await tx.selectFrom('tips').select(['id', 'sealed']).where('id', '=', id).executeTakeFirst();
        if (!tip) return -1;
        if (sealedKeyId(tip.sealed) !== current) {
          await tx.updateTable('tips').set({ sealed: reseal(tip.sealed, tipContext(id)) }).where('id', '=', id).execute();
          changed++;
        }
        for (const m of await tx.selectFrom('tip_messages').select(['id', 'sealed']).where('tip_id', '=', id).execute()) {
          if (sealedKeyId(m.sealed) === current) continue;
          await tx.updateTable('tip_messages').set({ sealed: reseal(m.sealed, messageContext(m.id)) }).where('id', '=', m.id).execute();
          changed++;
        }
        for (const f of await tx.selectFrom('tip_files').select(['id', 'sealed_meta']).where('tip_id', '=', id).execute()) {
          const move = moved.find((m) => m.id === f.id);
          const meta = sealedKeyId(f.sealed_meta) === current ? {} : { sealed_meta: reseal(f.sealed_meta, fileMetaContext(f.id)) };
          if (!move && !meta.sealed_meta) continue;
          await tx.updateTable('tip_files').set({ ...meta, ...(move ? { stored_as: move.storedAs, preview_as: move.previewAs } : {}) }).where('id', '=', f.id).execute();
          if (meta.sealed_meta) changed++;
        }
        if (changed > 0 || moved.length > 0) await logTipAccess(tx, id, 'system', 'resealed', current);
        return changed;
      });
      if (values < 0) {
        // The tip went while we worked: its new files are strays now.
        await removeTipFiles(ctx.store, moved.flatMap((m) => [m.storedAs, m.previewAs]));
        continue;
      }
      await removeTipFiles(ctx.store, moved.flatMap((m) => m.old));
      if (values > 0 || moved.length > 0) counts.tips++;
      counts.values += values;
      counts.files += moved.reduce((n, m) => n + m.old.filter(Boolean).length, 0);
    }
  }
  return counts;
}
