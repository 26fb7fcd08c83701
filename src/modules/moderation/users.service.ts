// Moderators' actions on accounts: warn, suspend for a time, pre-moderate, ban, reinstate.
import { AppError, type ErrorCode } from '../../errors.ts';
import type { Queryable } from '../../storage/index.ts';
import type { ModStatus } from './domain.ts';
import { appendLog, type Actor } from './log.repository.ts';

export type UserAction = 'warn' | 'suspend' | 'premod' | 'ban' | 'reinstate';
export const USER_ACTIONS: readonly UserAction[] = ['warn', 'suspend', 'premod', 'ban', 'reinstate'];

export class ModerationError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
  }
}

export async function actOnUser(
  db: Queryable,
  actor: Actor,
  userId: string,
  action: UserAction,
  options: { reason: string; hours?: number; now?: Date },
): Promise<void> {
  const target = await db.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
  if (!target) throw new ModerationError('USER_NOT_FOUND', 'No such user.');
  if (target.role !== 'reader' && action !== 'warn') throw new ModerationError('STAFF_NOT_MODERATED', 'Staff accounts are managed by an admin, not from the moderation desk.');
  const reason = options.reason.trim().slice(0, 500);
  if (action !== 'reinstate' && reason === '') throw new ModerationError('USER_ACTION_REASON_REQUIRED', 'Give a reason: the user and the log will show it.');
  const now = options.now ?? new Date();
  let changes: { mod_status?: ModStatus; suspended_until?: string | null; warning?: string | null } = {};
  let logged = reason;
  switch (action) {
    case 'warn':
      changes = { warning: reason };
      break;
    case 'suspend': {
      const hours = options.hours ?? 0;
      if (!(hours >= 1 && hours <= 24 * 365)) throw new ModerationError('SUSPENSION_OUT_OF_RANGE', 'Suspend for 1 hour to 365 days.');
      const until = new Date(now.getTime() + hours * 3600_000).toISOString();
      changes = { mod_status: 'suspended', suspended_until: until };
      logged = `${reason} (until ${until})`;
      break;
    }
    case 'premod':
      changes = { mod_status: 'premod', suspended_until: null };
      break;
    case 'ban':
      changes = { mod_status: 'banned', suspended_until: null };
      break;
    case 'reinstate':
      changes = { mod_status: 'active', suspended_until: null, warning: null };
      break;
  }
  await db.updateTable('users').set(changes).where('id', '=', userId).execute();
  await appendLog(db, { actor, action: `${action} user`, targetType: 'user', targetId: userId, reason: logged || null });
}

/** Shown once to the user on their next visit to a comment form, then cleared. */
export async function takeWarning(db: Queryable, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('warning').where('id', '=', userId).executeTakeFirst();
  if (!row?.warning) return null;
  await db.updateTable('users').set({ warning: null }).where('id', '=', userId).execute();
  return row.warning;
}
