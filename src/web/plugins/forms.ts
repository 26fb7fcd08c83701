// Cookies, form bodies and CSRF protection for the pages that change something.
// CSRF: a random token in an HttpOnly, SameSite=Lax cookie that each form repeats in a hidden
// field (double submit); a POST whose field does not match is refused with 403.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';

export const CSRF_COOKIE = 'mh_csrf';
export const CSRF_FIELD = '_csrf';

export class CsrfError extends AppError {
  constructor() {
    super('CSRF_INVALID', 'This form has expired or did not come from this site. Reload the page and try again.');
  }
}

export async function forms(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
}

export function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

/** The request's CSRF token, setting the cookie when the browser has none yet. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[\w-]{32,64}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, cookieOptions(secure));
  return token;
}

export function checkCsrf(request: FastifyRequest): void {
  const cookie = request.cookies[CSRF_COOKIE];
  const body = request.body as Record<string, unknown> | undefined;
  const field = typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : '';
  if (!cookie || !field || cookie.length !== field.length || !timingSafeEqual(Buffer.from(cookie), Buffer.from(field))) {
    throw new CsrfError();
  }
}
