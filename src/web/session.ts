// Who is asking: the signed-in user behind the session cookie, and staff checks for the desk.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { sessionUser, type User } from '../modules/accounts/index.ts';
import type { Role } from '../modules/accounts/index.ts';
import type { WebContext } from './web-context.ts';

const SESSION_COOKIE = 'mh_session';

/**
 * Over https the session cookie is named with the __Host- prefix, which browsers accept only
 * from a secure origin, for the whole host and no domain: a page on another port or a sibling
 * subdomain cannot plant or overwrite it (security review #10.21).
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

const secureSite = (request: FastifyRequest) => request.server.config.publicUrl.startsWith('https:');

/** The session token the request carries, under the name this site uses. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies[sessionCookieName(secureSite(request))];
}
/** Readable by scripts; says only that this browser signed in (never trusted by the server). */
export const SIGNED_IN_HINT_COOKIE = 'mh_signed_in';

export function currentUser(web: WebContext, request: FastifyRequest): Promise<User | null> {
  return sessionUser(web.db, sessionTokenOf(request));
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

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, set by a requireRole hook before the handler runs. */
    staff: User | null;
  }
}

/**
 * A preHandler hook for a route or a whole area: lets the request through when the signed-in
 * user's role is one of `roles` (setting request.staff); otherwise sign-in (401) or 403.
 */
export function requireRole(web: WebContext, roles: readonly Role[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const user = request.staff ?? (await currentUser(web, request));
    if (!user) throw new SignInRequired(request.url);
    if (!roles.includes(user.role)) {
      const needed = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}` : roles[0];
      throw new ForbiddenError(`This page needs the ${needed} role; your account has the ${user.role} role.`);
    }
    request.staff = user;
  };
}

/** The staff member a requireRole hook let through. */
export function staffOf(request: FastifyRequest): User {
  if (!request.staff) throw new Error(`no requireRole hook ran before ${request.method} ${request.url}`);
  return request.staff;
}

export { ADMIN_ROLES as ADMINS, EDITOR_ROLES as EDITORS, MODERATOR_ROLES as MODERATORS, WRITER_ROLES as WRITERS } from '../modules/accounts/index.ts';
export const isStaffRole = (role: Role) => role !== 'reader';
