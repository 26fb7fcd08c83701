// Sign up, verify email, sign in, sign out. Never cached; every POST carries the CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AccountError,
  createUser,
  issueVerifyToken,
  SESSION_DAYS,
  signIn,
  signOut,
  signOutEverywhere,
  verifyEmail,
  type User,
} from '../../modules/accounts/index.ts';
import type { Mailer } from '../../modules/notify/index.ts';
import { withTransaction } from '../../storage/index.ts';
import { checkCsrf, cookieOptions, csrfToken } from '../plugins/forms.ts';
import { AccountPage, SignInPage, SignUpPage, VerifiedPage } from '../views/account.tsx';
import { renderDocument } from '../views/layout.tsx';
import { currentUser as userOf, SESSION_COOKIE } from '../session.ts';
import type { WebContext } from '../web-context.ts';


type Form = Record<string, string | undefined>;

/** Only same-site paths: a next= parameter cannot send anyone elsewhere. */
function safeNext(value: string | undefined): string {
  return value && /^\/(?![/\\])[\w\-/.?=&%]*$/.test(value) ? value : '/account';
}

export function accountRoutes(app: FastifyInstance, web: WebContext, mailer: Mailer): void {
  const secure = web.config.publicUrl.startsWith('https:');
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));
  const currentUser = (request: FastifyRequest): Promise<User | null> => userOf(web, request);
  const startSession = (reply: FastifyReply, token: string) => reply.setCookie(SESSION_COOKIE, token, cookieOptions(secure, SESSION_DAYS * 86_400));

  app.get('/account/sign-up', async (request, reply) => {
    const ctx = await web.site.load(web.db);
    return page(reply, <SignUpPage ctx={ctx} csrf={csrfToken(request, reply, secure)} error={null} values={{}} />);
  });

  app.post<{ Body: Form }>('/account/sign-up', async (request, reply) => {
    checkCsrf(request);
    const { email = '', name = '', password = '' } = request.body ?? {};
    try {
      const { user, token } = await withTransaction(web.db, async (tx) => {
        const created = await createUser(tx, { email, displayName: name, password });
        return { user: created, token: await issueVerifyToken(tx, created.id) };
      });
      const ctx = await web.site.load(web.db);
      await mailer.send({
        to: user.email,
        subject: `Confirm your email address for ${ctx.settings.siteName}`,
        text: `Hello ${user.displayName},\n\nPlease confirm your email address by opening this link:\n\n${web.config.publicUrl}/account/verify?token=${token}\n\nThe link works for 48 hours. If you did not create an account, ignore this message.\n\n${ctx.settings.siteName}`,
      });
      const session = await signIn(web.db, email, password);
      if (session) startSession(reply, session.token);
      return reply.redirect('/account?welcome=1', 303);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const ctx = await web.site.load(web.db);
      return page(reply, <SignUpPage ctx={ctx} csrf={csrfToken(request, reply, secure)} error={error.message} values={{ email, name }} />, 400);
    }
  });

  app.get<{ Querystring: { token?: string } }>('/account/verify', async (request, reply) => {
    const ctx = await web.site.load(web.db);
    try {
      await verifyEmail(web.db, String(request.query.token ?? ''));
      return page(reply, <VerifiedPage ctx={ctx} ok message="Thank you. Your email address is confirmed." />);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return page(reply, <VerifiedPage ctx={ctx} ok={false} message={error.message} />, 400);
    }
  });

  app.get<{ Querystring: { next?: string } }>('/account/sign-in', async (request, reply) => {
    const ctx = await web.site.load(web.db);
    return page(reply, <SignInPage ctx={ctx} csrf={csrfToken(request, reply, secure)} error={null} next={safeNext(request.query.next)} />);
  });

  app.post<{ Body: Form }>('/account/sign-in', async (request, reply) => {
    checkCsrf(request);
    const { email = '', password = '', next } = request.body ?? {};
    const session = await signIn(web.db, email, password);
    if (!session) {
      const ctx = await web.site.load(web.db);
      return page(
        reply,
        <SignInPage ctx={ctx} csrf={csrfToken(request, reply, secure)} error="That email address and password do not match an account." email={email} next={safeNext(next)} />,
        401,
      );
    }
    // A fresh session token at every sign-in: nothing set before sign-in survives it.
    await signOut(web.db, request.cookies[SESSION_COOKIE]);
    startSession(reply, session.token);
    return reply.redirect(safeNext(next), 303);
  });

  app.post('/account/sign-out', async (request, reply) => {
    checkCsrf(request);
    await signOut(web.db, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  app.post('/account/sign-out-everywhere', async (request, reply) => {
    checkCsrf(request);
    const user = await currentUser(request);
    if (user) await signOutEverywhere(web.db, user.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  app.get<{ Querystring: { welcome?: string } }>('/account', async (request, reply) => {
    const user = await currentUser(request);
    if (!user) return reply.redirect('/account/sign-in?next=/account', 303);
    const ctx = await web.site.load(web.db);
    const notice = request.query.welcome ? 'Welcome! We have emailed you a link to confirm your address.' : null;
    return page(reply, <AccountPage ctx={ctx} csrf={csrfToken(request, reply, secure)} user={user} notice={notice} />);
  });
}
