// Cookies, form bodies and CSRF protection for every request that changes something.
//
// CSRF (see docs/decisions/0007-structure-plugins-hooks-codes.md): one hook checks every POST,
// PUT, PATCH and DELETE unless its route says `config: { csrf: false }` (the push API, which
// authenticates with a bearer secret and no cookie). Two checks, both must pass:
// - the browser's own word: a request whose Origin (or Sec-Fetch-Site) says it came from
//   another origin, another port of this host included, is refused;
// - a token in the form's hidden field: an HMAC, under a secret the site keeps in its
//   database, of the session cookie, or before sign-in of a random pre-session cookie. A token
//   from someone else's session is worthless, and signing in rotates it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { sessionCookieName } from '../session.ts';

const PRESESSION_COOKIE = 'mh_presession';
/** The pre-session cookie's name: __Host- prefixed over https, like the session's. */
export const presessionCookieName = (secure: boolean) => (secure ? `__Host-${PRESESSION_COOKIE}` : PRESESSION_COOKIE);
export const CSRF_FIELD = '_csrf';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the route authenticates without cookies and needs no CSRF token. */
    csrf?: boolean;
  }
  interface FastifyInstance {
    csrf: CsrfGuard;
  }
}

export class CsrfError extends AppError {
  constructor() {
    super('CSRF_INVALID', 'This form has expired or did not come from this site. Reload the page and try again.');
  }
}

export function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

const COOKIE_VALUE = /^[\w-]{32,128}$/;

/** The token for one binding (a session or pre-session cookie): what a form must send back. */
export function csrfTokenFor(secret: Buffer, binding: string): string {
  return createHmac('sha256', secret).update(binding).digest('base64url');
}

export class CsrfGuard {
  /** Every state-changing route and whether it is checked (the security suite reads this). */
  readonly routes: { method: string; url: string; checked: boolean }[] = [];

  constructor(
    private readonly secret: Buffer,
    private readonly secure: boolean,
    /** The public site's host: behind a proxy that rewrites Host, forms still come from there. */
    private readonly publicHost: string,
  ) {}

  /** What the request's token is bound to; with `reply`, starts a pre-session when there is none. */
  #binding(request: FastifyRequest, reply?: FastifyReply): string | null {
    const session = request.cookies[sessionCookieName(this.secure)];
    if (session && COOKIE_VALUE.test(session)) return `s:${session}`;
    const pre = request.cookies[presessionCookieName(this.secure)];
    if (pre && COOKIE_VALUE.test(pre)) return `p:${pre}`;
    if (!reply) return null;
    const fresh = randomBytes(24).toString('base64url');
    reply.setCookie(presessionCookieName(this.secure), fresh, cookieOptions(this.secure));
    // The same request may render a second form: it must see the cookie it was just given.
    request.cookies[presessionCookieName(this.secure)] = fresh;
    return `p:${fresh}`;
  }

  token(request: FastifyRequest, reply: FastifyReply): string {
    return csrfTokenFor(this.secret, this.#binding(request, reply) ?? '');
  }

  /** Throws CsrfError unless the request came from this site's own page with a valid token. */
  verify(request: FastifyRequest): void {
    if (!sameOrigin(request, this.publicHost)) throw new CsrfError();
    const binding = this.#binding(request);
    const body = request.body as Record<string, unknown> | undefined;
    // An upload streamed to disk is read after this check: its form carries the token in its action.
    const query = (request.headers['content-type'] ?? '').startsWith('multipart/form-data') ? (request.query as Record<string, unknown> | undefined) : undefined;
    const sent = typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : typeof query?.[CSRF_FIELD] === 'string' ? query[CSRF_FIELD] : request.headers['x-csrf-token'];
    if (!binding || typeof sent !== 'string') throw new CsrfError();
    const expected = Buffer.from(csrfTokenFor(this.secret, binding));
    const given = Buffer.from(sent);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new CsrfError();
  }
}

/**
 * Browsers say where a request comes from. A form on another origin (another port of the same
 * host counts) is refused; clients that say nothing (scripts, old browsers) rely on the token.
 */
function sameOrigin(request: FastifyRequest, publicHost: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = request.headers.origin;
  if (!origin) return true;
  if (origin === 'null') return false;
  try {
    const from = new URL(origin).host;
    return from === request.headers.host || from === publicHost;
  } catch {
    return false;
  }
}

export async function forms(app: FastifyInstance, options: { secret: Buffer; publicUrl: string }): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  const guard = new CsrfGuard(options.secret, options.publicUrl.startsWith('https:'), new URL(options.publicUrl).host);
  app.decorate('csrf', guard);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (STATE_CHANGING.has(method)) guard.routes.push({ method, url: route.url, checked: route.config?.csrf !== false });
    }
  });
  // One check for every state-changing route: a new POST route cannot forget it.
  app.addHook('preHandler', async (request) => {
    if (STATE_CHANGING.has(request.method) && request.routeOptions.config?.csrf !== false) guard.verify(request);
  });
}

/** The request's CSRF token for the forms on the page being rendered. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  return request.server.csrf.token(request, reply);
}
