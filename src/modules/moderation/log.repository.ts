// The moderation log: append-only (the database refuses updates and deletes, see migration 004).
import { randomUUID } from 'node:crypto';
import { nowIso, type Queryable } from '../../storage/index.ts';

export interface Actor {
  id: string;
  name: string;
}

export interface LogEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
}

/** Actions by the system itself (the pipeline, readers' reports) have no actor. */
export const SYSTEM_ACTOR_NAME = 'Masthead (automatic)';

export async function appendLog(
  db: Queryable,
  entry: { actor: Actor | null; action: string; targetType: 'comment' | 'user' | 'story' | 'words' | 'settings'; targetId: string; reason?: string | null },
): Promise<void> {
  await db
    .insertInto('moderation_log')
    .values({
      // Time first so ids sort with the log; the random part keeps them unique across processes.
      id: `${Date.now().toString(36).padStart(9, '0')}-${randomUUID()}`,
      at: nowIso(),
      actor_id: entry.actor?.id ?? null,
      actor_name: entry.actor?.name ?? SYSTEM_ACTOR_NAME,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      reason: entry.reason ?? null,
    })
    .execute();
}

/** Newest first, 50 a page; `before` is the id of the last entry seen. */
export async function listLog(db: Queryable, options: { before?: string; limit?: number; targetId?: string } = {}): Promise<LogEntry[]> {
  let query = db.selectFrom('moderation_log').selectAll().orderBy('id', 'desc').limit(options.limit ?? 50);
  if (options.before) query = query.where('id', '<', options.before);
  if (options.targetId) query = query.where('target_id', '=', options.targetId);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, at: r.at, actorId: r.actor_id, actorName: r.actor_name, action: r.action, targetType: r.target_type, targetId: r.target_id, reason: r.reason }));
}
