// Staff in the browser, for admins: invite someone by email to a role (a single-use link that
// expires), change a role, deactivate an account (its sessions end at once) or bring it back,
// and reset a staff member's password. Each runs in one transaction and is written to the
// append-only staff log. The routes send the emails these return the links for.
import { AppError } from '../../errors.ts';
import { nowIso, timeOrderedId, withTransaction, type Queryable, type Tx } from '../../storage/index.ts';
import { queueAccountEmail } from './account-emails.ts';
import { AccountError, issueToken, newAccountFields, newSession, newToken, revokeEmailLinks, sha256, toUser, userRow, type User } from './accounts.service.ts';
import { ADMIN_ROLES, STAFF_ROLES, type Role, type StaffRole } from './domain.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

const INVITE_DAYS = 7;
const STAFF_RESET_HOURS = 24;
/** A password hash no password matches: an admin's reset locks the account until the link is used. */
const LOCKED_PASSWORD = 'locked$by-admin-reset';

export interface StaffActor {
  id: string;
  name: string;
  role: Role;
}

export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  deactivatedAt: string | null;
  createdAt: string;
}

export interface PendingInvite {
  email: string;
  displayName: string;
  role: StaffRole;
  invitedBy: string;
  expiresAt: string;
}

export interface StaffLogEntry {
  at: string;
  actorName: string;
  action: string;
  target: string;
  detail: string | null;
}

export const isStaffRole = (value: string): value is StaffRole => (STAFF_ROLES as readonly string[]).includes(value);

function mustBeAdmin(actor: StaffActor): void {
  if (!ADMIN_ROLES.includes(actor.role)) throw new AppError('ROLE_REQUIRED', 'Only an admin manages staff.');
}

async function writeLog(tx: Queryable, actor: StaffActor, action: string, target: { name: string; email: string; id: string | null }, detail: string | null = null): Promise<void> {
  await tx
    .insertInto('staff_log')
    .values({ id: timeOrderedId(), at: nowIso(), actor_id: actor.id, actor_name: actor.name, action, target: `${target.name} <${target.email}>`, target_user_id: target.id, detail })
    .execute();
}

/** Everyone with a newsroom role (and deactivated staff), the invitations still open, and the log. */
export async function listStaff(db: Queryable): Promise<{ members: StaffMember[]; invites: PendingInvite[]; log: StaffLogEntry[] }> {
  const [members, invites, log] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'role', 'deactivated_at', 'created_at'])
      .where((eb) => eb.or([eb('role', '!=', 'reader'), eb('deactivated_at', 'is not', null)]))
      .orderBy('display_name')
      .execute(),
    db
      .selectFrom('staff_invites as i')
      .leftJoin('users as u', 'u.id', 'i.invited_by')
      .select(['i.email', 'i.display_name', 'i.role', 'i.expires_at', 'u.display_name as invited_by'])
      .where('i.used_at', 'is', null)
      .where('i.expires_at', '>', nowIso())
      .orderBy('i.created_at', 'desc')
      .execute(),
    db.selectFrom('staff_log').select(['at', 'actor_name', 'action', 'target', 'detail']).orderBy('at', 'desc').orderBy('id', 'desc').limit(100).execute(),
  ]);
  return {
    members: members.map((m) => ({ id: m.id, email: m.email, displayName: m.display_name, role: m.role, deactivatedAt: m.deactivated_at, createdAt: m.created_at })),
    invites: invites.map((i) => ({ email: i.email, displayName: i.display_name, role: i.role, invitedBy: i.invited_by ?? 'a former admin', expiresAt: i.expires_at })),
    log: log.map((l) => ({ at: l.at, actorName: l.actor_name, action: l.action, target: l.target, detail: l.detail })),
  };
}

/**
 * An invitation to join the newsroom: a link valid for a week, used once. A new invitation to
 * the same address replaces an open one. An address that already has a reader account may be
 * invited too: its owner accepts with their own password.
 */
export async function inviteStaff(db: Queryable, actor: StaffActor, input: { email: string; displayName: string; role: string }): Promise<{ token: string; email: string; displayName: string; role: StaffRole; expiresAt: string }> {
  mustBeAdmin(actor);
  if (!isStaffRole(input.role)) throw new AppError('STAFF_ROLE_INVALID', 'Choose a role: reporter, moderator, editor or admin.');
  const role = input.role;
  // The same checks as a new account's, with a placeholder password (the invitee chooses theirs).
  const { email, displayName } = newAccountFields({ email: input.email, displayName: input.displayName, password: newToken() });
  return withTransaction(db, async (tx) => {
    const existing = await tx.selectFrom('users').select(['role', 'deactivated_at']).where('email', '=', email).executeTakeFirst();
    if (existing && existing.role !== 'reader' && !existing.deactivated_at) throw new AppError('STAFF_ALREADY', `${email} is already on the staff (${existing.role}); change the role in the list instead.`);
    await tx.deleteFrom('staff_invites').where('email', '=', email).where('used_at', 'is', null).execute();
    const token = newToken();
    const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000).toISOString();
    await tx.insertInto('staff_invites').values({ token_sha256: sha256(token), email, display_name: displayName, role, invited_by: actor.id, created_at: nowIso(), expires_at: expiresAt, used_at: null }).execute();
    await writeLog(tx, actor, 'invite', { name: displayName, email, id: null }, `as ${role}`);
    await queueAccountEmail(tx, 'staff.invite', email, token, { name: displayName, inviter: actor.name, role, expiresAt });
    return { token, email, displayName, role, expiresAt };
  });
}

async function openInvite(db: Queryable, token: string) {
  const row = await db.selectFrom('staff_invites').selectAll().where('token_sha256', '=', sha256(String(token))).executeTakeFirst();
  if (!row || row.used_at || row.expires_at < nowIso()) return null;
  return row;
}

/** What the invitation page shows: who is invited, to what, and whether they already have an account. */
export async function findInvite(db: Queryable, token: string): Promise<{ email: string; displayName: string; role: StaffRole; hasAccount: boolean } | null> {
  const row = await openInvite(db, token);
  if (!row) return null;
  const account = await db.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirst();
  return { email: row.email, displayName: row.display_name, role: row.role, hasAccount: account !== undefined };
}

/**
 * Accepts an invitation: a new, verified account with the role and the password the invitee
 * chose, or (when the address has an account) that account given the role, on its own password.
 * The link is used once; the invitee is signed in.
 */
export async function acceptInvite(db: Queryable, token: string, input: { displayName: string; password: string }): Promise<{ user: User; session: string }> {
  return withTransaction(db, async (tx) => {
    const invite = await openInvite(tx, token);
    const invalid = 'That invitation is not valid any more. Ask the admin who sent it for a new one.';
    if (!invite) throw new AppError('INVITE_INVALID', invalid);
    const claimed = await tx.updateTable('staff_invites').set({ used_at: nowIso() }).where('token_sha256', '=', invite.token_sha256).where('used_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('INVITE_INVALID', invalid);
    const existing = await tx.selectFrom('users').selectAll().where('email', '=', invite.email).executeTakeFirst();
    let userId: string;
    if (existing) {
      if (!(await verifyPassword(input.password, existing.password_hash))) throw new AppError('INVITE_PASSWORD_WRONG', 'That is not the password of the account with this address.');
      await tx.updateTable('users').set({ role: invite.role, deactivated_at: null, email_verified_at: existing.email_verified_at ?? nowIso() }).where('id', '=', existing.id).execute();
      userId = existing.id;
    } else {
      const fields = newAccountFields({ email: invite.email, displayName: input.displayName.trim() || invite.display_name, password: input.password });
      const row = userRow(fields, await hashPassword(input.password), invite.role, true);
      await tx.insertInto('users').values(row).execute();
      userId = row.id;
    }
    const user = await tx.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'email_verified_at']).where('id', '=', userId).executeTakeFirstOrThrow();
    await tx
      .insertInto('staff_log')
      .values({ id: timeOrderedId(), at: nowIso(), actor_id: user.id, actor_name: user.display_name, action: 'accept invitation', target: `${user.display_name} <${user.email}>`, target_user_id: user.id, detail: `as ${invite.role}` })
      .execute();
    return { user: toUser(user), session: await newSession(tx, user.id) };
  });
}

/** The account an admin acts on: never their own, so the site always keeps the admin acting. */
async function target(tx: Tx, actor: StaffActor, userId: string) {
  if (userId === actor.id) throw new AppError('STAFF_SELF_CHANGE', 'Ask another admin to change your own account.');
  const row = await tx.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'deactivated_at']).where('id', '=', userId).executeTakeFirst();
  if (!row) throw new AppError('STAFF_NOT_FOUND', 'There is no such account.');
  return row;
}

/** A new role (or `reader`: off the staff). It applies on the person's next page. */
export async function changeRole(db: Queryable, actor: StaffActor, userId: string, role: string): Promise<void> {
  mustBeAdmin(actor);
  if (role !== 'reader' && !isStaffRole(role)) throw new AppError('STAFF_ROLE_INVALID', 'Choose a role: reporter, moderator, editor, admin, or reader to take someone off the staff.');
  await withTransaction(db, async (tx) => {
    const user = await target(tx, actor, userId);
    if (user.role === role) return;
    await tx.updateTable('users').set({ role: role as Role }).where('id', '=', userId).execute();
    await writeLog(tx, actor, 'change role', { name: user.display_name, email: user.email, id: user.id }, `${user.role} → ${role}`);
  });
}

/** Switches an account off: it cannot sign in, and every session and emailed link ends now. */
export async function deactivateStaff(db: Queryable, actor: StaffActor, userId: string): Promise<void> {
  mustBeAdmin(actor);
  await withTransaction(db, async (tx) => {
    const user = await target(tx, actor, userId);
    if (user.deactivated_at) return;
    await tx.updateTable('users').set({ deactivated_at: nowIso() }).where('id', '=', userId).execute();
    const ended = await tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    await revokeEmailLinks(tx, userId);
    await writeLog(tx, actor, 'deactivate', { name: user.display_name, email: user.email, id: user.id }, `${Number(ended.numDeletedRows)} session(s) ended`);
  });
}

export async function reactivateStaff(db: Queryable, actor: StaffActor, userId: string): Promise<void> {
  mustBeAdmin(actor);
  await withTransaction(db, async (tx) => {
    const user = await target(tx, actor, userId);
    if (!user.deactivated_at) return;
    await tx.updateTable('users').set({ deactivated_at: null }).where('id', '=', userId).execute();
    await writeLog(tx, actor, 'reactivate', { name: user.display_name, email: user.email, id: user.id });
  });
}

/**
 * For a staff password that may be known to someone else: the old password stops working, every
 * session ends, and the person gets a link (valid a day) to choose a new one.
 */
export async function resetStaffPassword(db: Queryable, actor: StaffActor, userId: string): Promise<{ email: string; displayName: string; token: string }> {
  mustBeAdmin(actor);
  return withTransaction(db, async (tx) => {
    const user = await target(tx, actor, userId);
    if (user.deactivated_at) throw new AccountError('ACCOUNT_DEACTIVATED', 'Reactivate the account before resetting its password.');
    await tx.updateTable('users').set({ password_hash: LOCKED_PASSWORD }).where('id', '=', userId).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await revokeEmailLinks(tx, userId);
    const token = await issueToken(tx, userId, 'reset-password', STAFF_RESET_HOURS);
    await writeLog(tx, actor, 'reset password', { name: user.display_name, email: user.email, id: user.id }, 'sessions ended; a reset link was sent');
    await queueAccountEmail(tx, 'staff.reset', user.email, token, { name: user.display_name });
    return { email: user.email, displayName: user.display_name, token };
  });
}

