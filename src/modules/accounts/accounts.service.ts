// Accounts: sign-up with email verification, sign-in to a server-side session, sign-out.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { nowIso, type Queryable, type Role } from '../../storage/index.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

export const SESSION_DAYS = 30;
const VERIFY_HOURS = 48;
const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,190}\.[a-z]{2,}$/i;

export class AccountError extends AppError {
  constructor(message: string) {
    super('account', message, 400, true);
  }
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  emailVerified: boolean;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

function toUser(row: { id: string; email: string; display_name: string; role: Role; email_verified_at: string | null }): User {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role, emailVerified: row.email_verified_at !== null };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(
  db: Queryable,
  input: { email: string; displayName: string; password: string; role?: Role; verified?: boolean },
): Promise<User> {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email)) throw new AccountError('Enter a valid email address.');
  const displayName = input.displayName.trim().replace(/\s+/g, ' ');
  if (displayName.length < 2 || displayName.length > 60 || /[\p{Cc}<>]/u.test(displayName)) {
    throw new AccountError('Choose a display name of 2 to 60 characters, without < or >.');
  }
  const problem = passwordProblem(input.password, { email, name: displayName });
  if (problem) throw new AccountError(problem);
  const taken = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (taken) throw new AccountError('That email address already has an account. Sign in instead.');
  const row = {
    id: randomUUID(),
    email,
    display_name: displayName,
    password_hash: await hashPassword(input.password),
    role: input.role ?? 'reader',
    email_verified_at: input.verified ? nowIso() : null,
    created_at: nowIso(),
  };
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

/** A one-time link token for verifying the account's email address. */
export async function issueVerifyToken(db: Queryable, userId: string): Promise<string> {
  const token = newToken();
  await db
    .insertInto('email_tokens')
    .values({ token_sha256: sha256(token), user_id: userId, purpose: 'verify-email', expires_at: later(VERIFY_HOURS * 3600_000), used_at: null })
    .execute();
  return token;
}

export async function verifyEmail(db: Queryable, token: string): Promise<User> {
  const row = await db
    .selectFrom('email_tokens')
    .selectAll()
    .where('token_sha256', '=', sha256(token))
    .where('purpose', '=', 'verify-email')
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at < nowIso()) throw new AccountError('That verification link is not valid any more. Sign in to get a new one.');
  const at = nowIso();
  await db.updateTable('email_tokens').set({ used_at: at }).where('token_sha256', '=', row.token_sha256).execute();
  await db.updateTable('users').set({ email_verified_at: at }).where('id', '=', row.user_id).where('email_verified_at', 'is', null).execute();
  const user = await findUserById(db, row.user_id);
  if (!user) throw new AccountError('That account no longer exists.');
  return user;
}

export async function findUserById(db: Queryable, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'email_verified_at']).where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** A new session for the right email and password; null otherwise (the caller says which was wrong: neither). */
export async function signIn(db: Queryable, email: string, password: string): Promise<{ token: string; user: User } | null> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  // Hash anyway when there is no such user, so timing does not tell which emails have accounts.
  const ok = await verifyPassword(password, row?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  if (!row || !ok) return null;
  const token = newToken();
  await db.insertInto('sessions').values({ token_sha256: sha256(token), user_id: row.id, created_at: nowIso(), expires_at: later(SESSION_DAYS * 86_400_000) }).execute();
  return { token, user: toUser(row) };
}

export async function sessionUser(db: Queryable, token: string | undefined): Promise<User | null> {
  if (!token || token.length > 100) return null;
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.email', 'u.display_name', 'u.role', 'u.email_verified_at', 's.expires_at'])
    .where('s.token_sha256', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.expires_at < nowIso()) return null;
  return toUser(row);
}

export async function signOut(db: Queryable, token: string | undefined): Promise<void> {
  if (token) await db.deleteFrom('sessions').where('token_sha256', '=', sha256(token)).execute();
}

export async function signOutEverywhere(db: Queryable, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
