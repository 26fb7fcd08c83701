// Who is asking: the signed-in user behind the session cookie, and staff checks for the desk.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { sessionUser, type User } from '../modules/accounts/index.ts';
import type { Role } from '../storage/index.ts';
import type { WebContext } from './web-context.ts';

export const SESSION_COOKIE = 'mh_session';

export function currentUser(web: WebContext, request: FastifyRequest): Promise<User | null> {
  return sessionUser(web.db, request.cookies[SESSION_COOKIE]);
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your account cannot open this page.') {
    super('ROLE_REQUIRED', message);
  }
}

export class SignInRequired extends AppError {
  constructor(readonly next: string) {
    super('SIGN_IN_REQUIRED', 'Sign in to continue.');
  }
}

/** The signed-in user when their role is one of `roles`; otherwise sign-in (401) or 403. */
export async function requireRole(web: WebContext, request: FastifyRequest, roles: readonly Role[]): Promise<User> {
  const user = await currentUser(web, request);
  if (!user) throw new SignInRequired(request.url);
  if (!roles.includes(user.role)) throw new ForbiddenError();
  return user;
}

export const MODERATORS: readonly Role[] = ['moderator', 'editor', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];
export const isStaffRole = (role: Role) => role !== 'reader';
