// The moderation log: append-only (the database refuses updates and deletes, see migration 004).
import { BadRequestError } from '../../errors.ts';
import { decodeCursor, encodeCursor, nowIso, timeOrderedId, type Queryable } from '../../storage/index.ts';

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
      id: timeOrderedId(),
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

/** The cursor for the entries after (older than) this one. */
export const logCursor = (entry: LogEntry): string => encodeCursor([entry.at, entry.id]);

/** Newest first (the (at, id) index), 50 a page; `before` is a cursor from logCursor. */
export async function listLog(db: Queryable, options: { before?: string; limit?: number; targetId?: string } = {}): Promise<LogEntry[]> {
  let query = db.selectFrom('moderation_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 50);
  const before = options.before ? decodeCursor(options.before, ['time', 'id']) : null;
  if (options.before && !before) throw new BadRequestError('The page link is not valid.');
  if (before) query = query.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(before[0], before[1])));
  if (options.targetId) query = query.where('target_id', '=', options.targetId);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, at: r.at, actorId: r.actor_id, actorName: r.actor_name, action: r.action, targetType: r.target_type, targetId: r.target_id, reason: r.reason }));
}
