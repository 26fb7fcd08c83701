// A cancel or withhold that arrives before the item it is about: kept, so the item, arriving
// later, is recorded as withdrawn (or withheld) and never appears on the site.
import { nowIso, type Queryable } from '../../storage/index.ts';
import type { CopyRank } from './copy-rank.ts';

export interface Tombstone {
  rank: CopyRank;
  pubStatus: 'canceled' | 'withheld';
  version: number | null;
  at: string;
}

/** The chunk's tombstones by wire id, in one query. */
export async function findTombstones(db: Queryable, sourceId: string, guids: string[]): Promise<Map<string, Tombstone>> {
  const found = new Map<string, Tombstone>();
  if (guids.length === 0) return found;
  const rows = await db.selectFrom('wire_tombstones').selectAll().where('source_id', '=', sourceId).where('guid', 'in', [...new Set(guids)]).execute();
  for (const row of rows) found.set(row.guid, { rank: row.rank, pubStatus: row.pub_status, version: row.version, at: row.at });
  return found;
}

/** Keeps the notice unless a higher-ranked one is already kept; returns the one that stands. */
export async function keepTombstone(db: Queryable, sourceId: string, guid: string, notice: Tombstone, kept: Tombstone | null): Promise<Tombstone> {
  if (kept && kept.rank >= notice.rank) return kept;
  const row = { rank: notice.rank, pub_status: notice.pubStatus, version: notice.version, at: notice.at, recorded_at: nowIso() };
  await db
    .insertInto('wire_tombstones')
    .values({ source_id: sourceId, guid, ...row })
    .onConflict((oc) => oc.columns(['source_id', 'guid']).doUpdateSet(row).where('wire_tombstones.rank', '<', notice.rank))
    .execute();
  return notice;
}

/** The item has arrived: its story carries the notice from now on. */
export async function dropTombstone(db: Queryable, sourceId: string, guid: string): Promise<void> {
  await db.deleteFrom('wire_tombstones').where('source_id', '=', sourceId).where('guid', '=', guid).execute();
}
