// The tip access log: who looked at or did what to which tip, when. Append-only (the database
// refuses changes), it outlives the tip, and it never holds tip content: only ids, statuses and
// names of staff.
import { nowIso, timeOrderedId, type Queryable } from '../../storage/index.ts';

export const TIP_ACCESS_ACTIONS = [
  'submitted',
  'source-viewed',
  'source-added',
  'source-deleted',
  'viewed',
  'file-downloaded',
  'file-previewed',
  'assigned',
  'status-changed',
  'noted',
  'replied',
  'story-linked',
  'marked-duplicate',
  'deleted',
  'purged',
  'resealed',
] as const;
export type TipAccessAction = (typeof TIP_ACCESS_ACTIONS)[number];

/** Who did it: a staff member, the source (through the receipt), or the system. */
export type TipActor = { id: string; name: string } | 'source' | 'system';

export interface TipAccessEntry {
  at: string;
  actorName: string;
  action: TipAccessAction;
  detail: string | null;
}

export async function logTipAccess(db: Queryable, tipId: string, actor: TipActor, action: TipAccessAction, detail: string | null = null): Promise<void> {
  const who = actor === 'source' ? { id: null, name: 'the source' } : actor === 'system' ? { id: null, name: 'the system' } : actor;
  await db.insertInto('tip_access_log').values({ id: timeOrderedId(), at: nowIso(), tip_id: tipId, actor_id: who.id, actor_name: who.name, action, detail }).execute();
}

export async function tipAccessLog(db: Queryable, tipId: string): Promise<TipAccessEntry[]> {
  const rows = await db.selectFrom('tip_access_log').select(['at', 'actor_name', 'action', 'detail']).where('tip_id', '=', tipId).orderBy('at').orderBy('id').limit(500).execute();
  return rows.map((r) => ({ at: r.at, actorName: r.actor_name, action: r.action as TipAccessAction, detail: r.detail }));
}
