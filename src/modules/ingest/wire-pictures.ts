// A photo wire's picture items, kept by their wire id once stored in the media library, so a
// text item (or package) that names the picture by id shows it without fetching it again.
import { nowIso, type Queryable } from '../../storage/index.ts';
import type { CopyRank } from './copy-rank.ts';

export async function findWirePicture(db: Queryable, sourceId: string, guid: string): Promise<{ mediaId: string; rank: CopyRank } | null> {
  const row = await db.selectFrom('wire_pictures').select(['media_id', 'rank']).where('source_id', '=', sourceId).where('guid', '=', guid).executeTakeFirst();
  return row ? { mediaId: row.media_id, rank: row.rank } : null;
}

/** Records the picture item's stored media; a newer copy of the item replaces an older one. */
export async function keepWirePicture(db: Queryable, sourceId: string, guid: string, mediaId: string, rank: CopyRank): Promise<void> {
  const row = { media_id: mediaId, rank, recorded_at: nowIso() };
  await db
    .insertInto('wire_pictures')
    .values({ source_id: sourceId, guid, ...row })
    .onConflict((oc) => oc.columns(['source_id', 'guid']).doUpdateSet(row).where('wire_pictures.rank', '<', rank))
    .execute();
}
