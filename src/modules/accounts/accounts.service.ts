// Accounts: sign-up with email verification, sign-in to a server-side session, sign-out.
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError, type ErrorCode } from '../../errors.ts';
import { nowIso, precompiled, withTransaction, type Queryable } from '../../storage/index.ts';
import { queueAccountEmail } from './account-emails.ts';
import type { Role } from './domain.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { sha256Hex, visibleText } from '../text/index.ts';

/** A session lasts at most this long after sign-in… */
export const SESSION_DAYS = 30;
/** …and ends sooner when unused this long (security review #10.21: an idle timeout). */
export const SESSION_IDLE_DAYS = 14;
const DAY = 86_400_000;
const VERIFY_HOURS = 48;
const RESET_HOURS = 1;
const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,190}\.[a-z]{2,}$/i;

/** Whether a (normalised) address is one the site sends to: the account's rule, used by the newsletter too. */
export const isEmailAddress = (email: string): boolean => EMAIL.test(email);

export class AccountError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
  }
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  emailVerified: boolean;
}

/** Shared with the staff service (staff.service.ts), not outside the module. */
/** A token as the database keeps it. */
export const sha256 = sha256Hex;
export const newToken = () => randomBytes(32).toString('base64url');
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

export function toUser(row: { id: string; email: string; display_name: string; role: Role; email_verified_at: string | null }): User {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role, emailVerified: row.email_verified_at !== null };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The checked, normalised form of a new account's fields; throws with the reason a field is refused. */
export function newAccountFields(input: { email: string; displayName: string; password: string }): { email: string; displayName: string } {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email)) throw new AccountError('EMAIL_INVALID', 'Enter a valid email address.');
  const displayName = visibleText(input.displayName).trim().replace(/\s+/g, ' ');
  if (displayName.length < 2 || displayName.length > 60 || /[\p{Cc}<>]/u.test(displayName)) {
    throw new AccountError('DISPLAY_NAME_INVALID', 'Choose a display name of 2 to 60 characters, without < or >.');
  }
  const problem = passwordProblem(input.password, { email, name: displayName });
  if (problem) throw new AccountError('PASSWORD_WEAK', problem);
  return { email, displayName };
}

export function userRow(fields: { email: string; displayName: string }, passwordHash: string, role: Role, verified: boolean) {
  return {
    id: randomUUID(),
    email: fields.email,
    display_name: fields.displayName,
    password_hash: passwordHash,
    role,
    email_verified_at: verified ? nowIso() : null,
    created_at: nowIso(),
  };
}

/** An account made by staff or the CLI, where saying an address is taken tells nobody anything new. */
export async function createUser(
  db: Queryable,
  input: { email: string; displayName: string; password: string; role?: Role; verified?: boolean },
): Promise<User> {
  const fields = newAccountFields(input);
  const taken = await db.selectFrom('users').select('id').where('email', '=', fields.email).executeTakeFirst();
  if (taken) throw new AccountError('EMAIL_TAKEN', 'That email address already has an account. Sign in instead.');
  const row = userRow(fields, await hashPassword(input.password), input.role ?? 'reader', input.verified ?? false);
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

type TokenPurpose = 'verify-email' | 'reset-password' | 'change-email';

export async function issueToken(db: Queryable, userId: string, purpose: TokenPurpose, hours: number, detail: string | null = null): Promise<string> {
  const token = newToken();
  await db
    .insertInto('email_tokens')
    .values({ token_sha256: sha256(token), user_id: userId, purpose, expires_at: later(hours * 3600_000), used_at: null, detail })
    .execute();
  return token;
}

/** Marks a link's token used and returns it; throws with `invalid` when it is unknown, used or expired. */
async function takeToken(db: Queryable, token: string, purpose: TokenPurpose, invalid: string) {
  const row = await db.selectFrom('email_tokens').selectAll().where('token_sha256', '=', sha256(String(token))).where('purpose', '=', purpose).executeTakeFirst();
  if (!row || row.used_at || row.expires_at < nowIso()) throw new AccountError('TOKEN_INVALID', invalid);
  const taken = await db.updateTable('email_tokens').set({ used_at: nowIso() }).where('token_sha256', '=', row.token_sha256).where('used_at', 'is', null).executeTakeFirst();
  // Two clicks at once: only one of them uses the link.
  if (Number(taken.numUpdatedRows) !== 1) throw new AccountError('TOKEN_INVALID', invalid);
  return row;
}

/** A one-time link token for verifying the account's email address. */
export function issueVerifyToken(db: Queryable, userId: string): Promise<string> {
  return issueToken(db, userId, 'verify-email', VERIFY_HOURS);
}

/**
 * Opening the confirmation link proves the address and signs its owner in: a new session,
 * made with the confirmation in one transaction.
 */
export async function verifyEmail(db: Queryable, token: string): Promise<{ user: User; session: string }> {
  return withTransaction(db, async (tx) => {
    const row = await takeToken(tx, token, 'verify-email', 'That confirmation link is not valid any more. Sign in to get a new one.');
    await tx.updateTable('users').set({ email_verified_at: nowIso() }).where('id', '=', row.user_id).where('email_verified_at', 'is', null).execute();
    const user = await findUserById(tx, row.user_id);
    if (!user) throw new AccountError('ACCOUNT_GONE', 'That account no longer exists.');
    return { user, session: await newSession(tx, user.id) };
  });
}

export async function newSession(db: Queryable, userId: string): Promise<string> {
  const token = newToken();
  await db.insertInto('sessions').values({ token_sha256: sha256(token), user_id: userId, created_at: nowIso(), expires_at: later(SESSION_IDLE_DAYS * DAY) }).execute();
  return token;
}

export async function findUserById(db: Queryable, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'email_verified_at']).where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** A reset link for the account with this email, or null when there is none (the caller says the same either way). */
export async function requestPasswordReset(db: Queryable, email: string): Promise<{ user: User; token: string } | null> {
  return withTransaction(db, async (tx) => {
    const row = await tx.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'email_verified_at']).where('email', '=', normaliseEmail(email)).where('deactivated_at', 'is', null).executeTakeFirst();
    if (!row) return null;
    const token = await issueToken(tx, row.id, 'reset-password', RESET_HOURS);
    await queueAccountEmail(tx, 'account.reset', row.email, token, { name: row.display_name });
    return { user: toUser(row), token };
  });
}

/** A new confirmation link for an account whose address is not confirmed yet, emailed; false when it already is. */
export async function resendVerification(db: Queryable, userId: string): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const row = await tx.selectFrom('users').select(['id', 'email', 'display_name', 'email_verified_at']).where('id', '=', userId).executeTakeFirst();
    if (!row || row.email_verified_at) return false;
    const token = await issueVerifyToken(tx, row.id);
    await queueAccountEmail(tx, 'account.verify', row.email, token, { name: row.display_name });
    return true;
  });
}

/**
 * Every emailed link the account has outstanding (reset, verification, change of address)
 * stops working: after a password reset or change, or signing out everywhere, whoever had
 * the old password must not keep a way back in (security review #10.7, #10.13).
 */
export async function revokeEmailLinks(tx: Queryable, userId: string): Promise<void> {
  await tx.deleteFrom('email_tokens').where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Sets a new password from a reset link and ends every session: whoever had the old one is out. */
export async function resetPassword(db: Queryable, token: string, password: string): Promise<User> {
  return withTransaction(db, async (tx) => {
    const row = await takeToken(tx, token, 'reset-password', 'That reset link is not valid any more. Ask for a new one.');
    const user = await tx.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
    if (!user) throw new AccountError('ACCOUNT_GONE', 'That account no longer exists.');
    if (user.deactivated_at) throw new AccountError('ACCOUNT_DEACTIVATED', 'This account has been deactivated. Ask the newsroom’s admin if you need it again.');
    const problem = passwordProblem(password, { email: user.email, name: user.display_name });
    if (problem) throw new AccountError('PASSWORD_WEAK', problem);
    // Opening the emailed link proves the address too.
    await tx.updateTable('users').set({ password_hash: await hashPassword(password), email_verified_at: user.email_verified_at ?? nowIso() }).where('id', '=', user.id).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await revokeEmailLinks(tx, user.id);
    return toUser(user);
  });
}

async function checkPassword(db: Queryable, userId: string, password: string) {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row) throw new AccountError('ACCOUNT_GONE', 'That account no longer exists.');
  if (!(await verifyPassword(password, row.password_hash))) throw new AccountError('PASSWORD_WRONG', 'Your current password is not right.');
  return row;
}

/** A new password for a signed-in user; every other session ends. */
export async function changePassword(db: Queryable, userId: string, current: string, next: string, keepSession: string | undefined): Promise<void> {
  const row = await checkPassword(db, userId, current);
  const problem = passwordProblem(next, { email: row.email, name: row.display_name });
  if (problem) throw new AccountError('PASSWORD_WEAK', problem);
  await withTransaction(db, async (tx) => {
    await tx.updateTable('users').set({ password_hash: await hashPassword(next) }).where('id', '=', userId).execute();
    let others = tx.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepSession) others = others.where('token_sha256', '!=', sha256(keepSession));
    await others.execute();
    await revokeEmailLinks(tx, userId);
  });
}

/** A confirmation link for a new address; the address changes only when it is opened. */
export async function requestEmailChange(db: Queryable, userId: string, password: string, newEmail: string): Promise<{ email: string; token: string }> {
  await checkPassword(db, userId, password);
  const email = normaliseEmail(newEmail);
  if (!EMAIL.test(email)) throw new AccountError('EMAIL_INVALID', 'Enter a valid email address.');
  const taken = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (taken) throw new AccountError(taken.id === userId ? 'EMAIL_UNCHANGED' : 'EMAIL_TAKEN', taken.id === userId ? 'That is already your email address.' : 'That email address already has an account.');
  return withTransaction(db, async (tx) => {
    const user = await tx.selectFrom('users').select(['email', 'display_name']).where('id', '=', userId).executeTakeFirstOrThrow();
    const token = await issueToken(tx, userId, 'change-email', VERIFY_HOURS, email);
    // To the new address, the link; to the old one, a notice that someone asked.
    await queueAccountEmail(tx, 'account.email-new', email, token, { name: user.display_name });
    await queueAccountEmail(tx, 'account.email-old', user.email, token, { name: user.display_name, newEmail: email }, false);
    return { email, token };
  });
}

export async function confirmEmailChange(db: Queryable, token: string): Promise<User> {
  return withTransaction(db, async (tx) => {
    const row = await takeToken(tx, token, 'change-email', 'That confirmation link is not valid any more. Ask for the change again.');
    const email = row.detail ?? '';
    const taken = await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new AccountError('EMAIL_TAKEN', 'That email address already has an account.');
    await tx.updateTable('users').set({ email, email_verified_at: nowIso() }).where('id', '=', row.user_id).execute();
    const user = await findUserById(tx, row.user_id);
    if (!user) throw new AccountError('ACCOUNT_GONE', 'That account no longer exists.');
    return user;
  });
}

/**
 * Deletes the account, its sessions and links. Its comments stay in their threads under
 * "Deleted account" (the foreign key sets their author to null), so replies keep their context.
 */
export async function deleteAccount(db: Queryable, userId: string, password: string): Promise<void> {
  const row = await checkPassword(db, userId, password);
  if (row.role === 'admin') {
    const admins = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('role', '=', 'admin').executeTakeFirst();
    if (Number(admins?.n ?? 0) <= 1) throw new AccountError('LAST_ADMIN', 'You are the only admin. Make someone else an admin before deleting this account.');
  }
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

/** A new session for the right email and password; null otherwise (the caller says which was wrong: neither). */
export async function signIn(db: Queryable, email: string, password: string): Promise<{ token: string; user: User } | null> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  // Hash anyway when there is no such user, so timing does not tell which emails have accounts.
  const ok = await verifyPassword(password, row?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  if (!row || !ok) return null;
  // Only someone who knows the password learns the account is switched off.
  if (row.deactivated_at) throw new AccountError('ACCOUNT_DEACTIVATED', 'This account has been deactivated. Ask the newsroom’s admin if you need it again.');
  return { token: await newSession(db, row.id), user: toUser(row) };
}

// Every signed-in request asks this: compiled once (storage/precompiled.ts).
const sessionRow = precompiled((db: Queryable, tokenHash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.email', 'u.display_name', 'u.role', 'u.email_verified_at', 's.expires_at', 's.created_at'])
    .where('s.token_sha256', '=', tokenHash)
    .where('u.deactivated_at', 'is', null),
);

export async function sessionUser(db: Queryable, token: string | undefined): Promise<User | null> {
  if (!token || token.length > 100) return null;
  const hash = sha256(token);
  const [row] = await sessionRow(db, hash);
  const now = Date.now();
  if (!row || Date.parse(row.expires_at) < now) return null;
  // Use keeps a session alive for SESSION_IDLE_DAYS more, up to SESSION_DAYS after sign-in;
  // written at most once a day per session, so reading pages costs no write.
  if (Date.parse(row.expires_at) - now < (SESSION_IDLE_DAYS - 1) * DAY) {
    const extended = Math.min(now + SESSION_IDLE_DAYS * DAY, Date.parse(row.created_at) + SESSION_DAYS * DAY);
    if (extended > Date.parse(row.expires_at)) await db.updateTable('sessions').set({ expires_at: new Date(extended).toISOString() }).where('token_sha256', '=', hash).execute();
  }
  return toUser(row);
}

export async function signOut(db: Queryable, token: string | undefined): Promise<void> {
  if (token) await db.deleteFrom('sessions').where('token_sha256', '=', sha256(token)).execute();
}

/** Ends every session and every outstanding emailed link, in one transaction. */
export async function signOutEverywhere(db: Queryable, userId: string): Promise<number> {
  return withTransaction(db, async (tx) => {
    const result = await tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    await revokeEmailLinks(tx, userId);
    return Number(result.numDeletedRows);
  });
}

export interface EmailPreferences {
  replies: boolean;
  decisions: boolean;
}

export async function emailPreferences(db: Queryable, userId: string): Promise<EmailPreferences> {
  const row = await db.selectFrom('users').select(['notify_replies', 'notify_decisions']).where('id', '=', userId).executeTakeFirst();
  return { replies: Number(row?.notify_replies ?? 0) === 1, decisions: Number(row?.notify_decisions ?? 0) === 1 };
}

export async function setEmailPreferences(db: Queryable, userId: string, preferences: EmailPreferences): Promise<void> {
  await db.updateTable('users').set({ notify_replies: preferences.replies ? 1 : 0, notify_decisions: preferences.decisions ? 1 : 0 }).where('id', '=', userId).execute();
}

/** Expired sessions and email links are worthless: the cleanup job removes them, counting each. */
export async function purgeExpiredAccountRows(db: Queryable, now: Date = new Date()): Promise<{ sessions: number; emailTokens: number }> {
  const at = now.toISOString();
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<', at).executeTakeFirst();
  const emailTokens = await db.deleteFrom('email_tokens').where('expires_at', '<', at).executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), emailTokens: Number(emailTokens.numDeletedRows) };
}

/**
 * What a sign-up did, for the email the route sends: a new account and its confirmation link,
 * or, when the address already has an account, a reset link for its owner. The reader sees the
 * same page either way, so the form cannot be used to learn who has an account (#10.17).
 */
export type SignUpResult = { outcome: 'created'; user: User; token: string } | { outcome: 'existing'; user: User; token: string };

/** A reader signs up: the account and its confirmation link are made together, or neither is. */
export async function signUp(db: Queryable, input: { email: string; displayName: string; password: string }): Promise<SignUpResult> {
  const fields = newAccountFields(input);
  // Hashed either way, so a known address costs the same time as a new one.
  const passwordHash = await hashPassword(input.password);
  return withTransaction(db, async (tx) => {
    const existing = await tx.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'email_verified_at']).where('email', '=', fields.email).executeTakeFirst();
    // One email either way: the page never says whether the address had an account (#10.17).
    if (existing) {
      const token = await issueToken(tx, existing.id, 'reset-password', RESET_HOURS);
      await queueAccountEmail(tx, 'account.registered', existing.email, token, { name: existing.display_name });
      return { outcome: 'existing', user: toUser(existing), token };
    }
    const row = userRow(fields, passwordHash, 'reader', false);
    await tx.insertInto('users').values(row).execute();
    const token = await issueVerifyToken(tx, row.id);
    await queueAccountEmail(tx, 'account.verify', row.email, token, { name: row.display_name });
    return { outcome: 'created', user: toUser(row), token };
  });
}
