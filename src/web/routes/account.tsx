// Sign up, verify email, sign in, sign out. Never cached; every POST carries the CSRF token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  acceptInvite,
  AccountError,
  findInvite,
  changePassword,
  confirmEmailChange,
  deleteAccount,
  emailPreferences,
  setEmailPreferences,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  TooManyAttempts,
  resendVerification,
  SESSION_DAYS,
  signIn,
  signUp,
  signOut,
  signOutEverywhere,
  verifyEmail,
  type User,
} from '../../modules/accounts/index.ts';
import { AppError } from '../../errors.ts';
import { cookieOptions, csrfToken } from '../plugins/forms.ts';
import { limited } from '../plugins/rate-limit.ts';
import { AccountPage, ConfirmEmailPage, DeleteAccountPage, ForgotPasswordPage, InvitePage, NewPasswordPage, SignInPage, SignUpPage, VerifiedPage } from '../views/account.tsx';
import { listCommentsBy } from '../../modules/comments/index.ts';
import { renderDocument } from '../views/layout.tsx';
import { currentUser as userOf, sessionCookieName, sessionTokenOf, SIGNED_IN_HINT_COOKIE, SignInRequired } from '../session.ts';
import { defineArea } from '../areas.ts';
import { formBody, formProblem } from '../form-schema.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';


type Form = Record<string, string | undefined>;

/** Only same-site paths: a next= parameter cannot send anyone elsewhere. */
function safeNext(value: string | undefined): string {
  return value && /^\/(?![/\\])[\w\-/.?=&%]*$/.test(value) ? value : '/account';
}

/** The first words of a comment, for lists. */
function excerpt(markdown: string): string {
  const text = markdown.replace(/[*_>[\]()]/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const SIGN_UP = formBody({ email: 254, name: 120, password: 1024 });
const SIGN_IN = formBody({ email: 254, password: 1024, next: 500 });
const RESET = formBody({ email: 254 });
const VERIFY = formBody({ token: 200 });
const NO_FIELDS = formBody({});
const NOTIFICATIONS = formBody({ replies: 10, decisions: 10 });
const PASSWORD_CHANGE = formBody({ current: 1024, password: 1024 });
const EMAIL_CHANGE = formBody({ 'email-password': 1024, 'new-email': 254 });
const RESET_CONFIRM = formBody({ token: 200, password: 1024 });
const DELETE_ACCOUNT = formBody({ password: 1024 });
const ACCEPT_INVITE = formBody({ token: 200, displayName: 200, password: 1024 });

export const area = defineArea('account', async (app) => {
  const forms = app.withTypeProvider<TypeBoxTypeProvider>();
  const secure = app.config.publicUrl.startsWith('https:');
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));
  const currentUser = (request: FastifyRequest): Promise<User | null> => userOf(app, request);
  const startSession = (reply: FastifyReply, token: string) => {
    reply.setCookie(sessionCookieName(secure), token, cookieOptions(secure, SESSION_DAYS * 86_400));
    // Not a secret: lets the story page's script hide the sign-in prompt (the page is the same for all).
    reply.setCookie(SIGNED_IN_HINT_COOKIE, '1', { ...cookieOptions(secure, SESSION_DAYS * 86_400), httpOnly: false });
  };
  const endSession = (reply: FastifyReply) => {
    reply.clearCookie(sessionCookieName(secure), { path: '/', secure });
    reply.clearCookie(SIGNED_IN_HINT_COOKIE, { path: '/' });
  };

  app.get<{ Querystring: { sent?: string } }>('/account/sign-up', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    return page(reply, <SignUpPage ctx={ctx} csrf={csrfToken(request, reply)} error={null} values={{}} sent={request.query.sent === '1'} />);
  });

  forms.post('/account/sign-up', { schema: { body: SIGN_UP }, attachValidation: true, ...limited('signUp') }, async (request, reply) => {
    const { email = '', name = '', password = '' } = request.validationError ? {} : request.body;
    const refuse = async (message: string, status = 400) => {
      const ctx = await app.site.load(app.db);
      return page(reply, <SignUpPage ctx={ctx} csrf={csrfToken(request, reply)} error={message} values={{ email, name }} />, status);
    };
    if (request.validationError) return refuse(formProblem(request.validationError));
    try {
      await app.guard.beforeSignUpMail(email);
      // One email either way (queued in the outbox with the account) and the same answer: the
      // page never says whether the address had an account (#10.17); the mail server's pace
      // cannot tell the two apart, as the message is sent after the answer.
      await signUp(app.db, { email, displayName: name, password });
      return reply.redirect('/account/sign-up?sent=1', 303);
    } catch (error) {
      if (error instanceof TooManyAttempts) {
        reply.header('retry-after', String(error.retryAfterSeconds));
        return refuse(error.message, 429);
      }
      if (!(error instanceof AccountError)) throw error;
      return refuse(error.message);
    }
  });

  // The emailed link opens a page with a button, and the POST confirms: mail scanners that
  // fetch every link would otherwise use it up (and be the ones signed in).
  app.get<{ Querystring: { token?: string } }>('/account/verify', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    return page(reply, <ConfirmEmailPage ctx={ctx} csrf={csrfToken(request, reply)} token={String(request.query.token ?? '').slice(0, 100)} />);
  });

  forms.post('/account/verify', { schema: { body: VERIFY } }, async (request, reply) => {
    try {
      const { user, session } = await verifyEmail(app.db, String(request.body.token ?? '').slice(0, 100));
      await signOut(app.db, sessionTokenOf(request));
      startSession(reply, session);
      await app.guard.signInSucceeded(user.email, request.ip);
      return reply.redirect('/account?welcome=1', 303);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const ctx = await app.site.load(app.db);
      return page(reply, <VerifiedPage ctx={ctx} ok={false} message={error.message} />, 400);
    }
  });

  app.get<{ Querystring: { next?: string } }>('/account/sign-in', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    return page(reply, <SignInPage ctx={ctx} csrf={csrfToken(request, reply)} error={null} next={safeNext(request.query.next)} />);
  });

  forms.post('/account/sign-in', { schema: { body: SIGN_IN }, attachValidation: true, ...limited('signIn') }, async (request, reply) => {
    const { email = '', password = '', next } = request.validationError ? {} : request.body;
    const refuse = async (message: string, status: number) => {
      const ctx = await app.site.load(app.db);
      return page(reply, <SignInPage ctx={ctx} csrf={csrfToken(request, reply)} error={message} email={email} next={safeNext(next)} />, status);
    };
    if (request.validationError) return refuse(formProblem(request.validationError), 400);
    try {
      await app.guard.beforeSignIn(request.ip, email);
    } catch (error) {
      if (!(error instanceof TooManyAttempts)) throw error;
      reply.header('retry-after', String(error.retryAfterSeconds));
      return refuse(error.message, 429);
    }
    let session;
    try {
      session = await signIn(app.db, email, password);
    } catch (error) {
      if (error instanceof AccountError) return refuse(error.message, error.status);
      throw error;
    }
    if (!session) {
      return refuse('That email address and password do not match an account.', 401);
    }
    await app.guard.signInSucceeded(email, request.ip);
    // A fresh session token at every sign-in: nothing set before sign-in survives it.
    await signOut(app.db, sessionTokenOf(request));
    startSession(reply, session.token);
    return reply.redirect(safeNext(next), 303);
  });

  app.post('/account/sign-out', { schema: { body: NO_FIELDS } }, async (request, reply) => {
    await signOut(app.db, sessionTokenOf(request));
    endSession(reply);
    return reply.redirect('/', 303);
  });

  app.post('/account/sign-out-everywhere', { schema: { body: NO_FIELDS } }, async (request, reply) => {
    const user = await currentUser(request);
    if (user) await signOutEverywhere(app.db, user.id);
    endSession(reply);
    return reply.redirect('/', 303);
  });

  const NOTICES: Record<string, string> = {
    welcome: 'Welcome! Your email address is confirmed and you are signed in.',
    password: 'Your password is changed. Other devices are signed out.',
    email: 'We have sent a confirmation link to your new address. Your address changes when you open it.',
    'email-changed': 'Your email address is changed.',
    verify: 'We have sent the confirmation link again.',
    reset: 'Your new password is set.',
    notifications: 'Your email choices are saved.',
  };

  async function accountPage(request: FastifyRequest, reply: FastifyReply, user: User, notice: string | null, error: { form: 'password' | 'email'; message: string } | null = null) {
    const [ctx, comments, preferences] = await Promise.all([app.site.load(app.db), listCommentsBy(app.db, user.id, 20), emailPreferences(app.db, user.id)]);
    const own = comments.map((c) => ({ id: c.id, status: c.status, createdAt: c.createdAt, storySlug: c.storySlug, storyHeadline: c.storyHeadline, excerpt: excerpt(c.markdown) }));
    return page(reply, <AccountPage ctx={ctx} csrf={csrfToken(request, reply)} user={user} notice={notice} error={error} comments={own} preferences={preferences} />, error ? 400 : 200);
  }

  app.get<{ Querystring: { done?: string; welcome?: string } }>('/account', async (request, reply) => {
    const user = await currentUser(request);
    if (!user) return reply.redirect('/account/sign-in?next=/account', 303);
    const key = request.query.welcome ? 'welcome' : (request.query.done ?? '');
    return accountPage(request, reply, user, NOTICES[key] ?? null);
  });

  const signedIn = async (request: FastifyRequest) => {
    const user = await currentUser(request);
    if (!user) throw new SignInRequired('/account');
    return user;
  };

  app.post('/account/verify/resend', { schema: { body: NO_FIELDS }, ...limited('resend') }, async (request, reply) => {
    const user = await signedIn(request);
    if (!user.emailVerified) {
      try {
        await app.guard.beforeVerificationResend(request.ip, user.email);
      } catch (error) {
        if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
      await resendVerification(app.db, user.id);
    }
    return reply.redirect('/account?done=verify', 303);
  });

  app.post<{ Body: Form }>('/account/notifications', { schema: { body: NOTIFICATIONS } }, async (request, reply) => {
    const user = await signedIn(request);
    await setEmailPreferences(app.db, user.id, { replies: request.body?.replies === '1', decisions: request.body?.decisions === '1' });
    return reply.redirect('/account?done=notifications', 303);
  });

  app.post<{ Body: Form }>('/account/password', { schema: { body: PASSWORD_CHANGE } }, async (request, reply) => {
    const user = await signedIn(request);
    try {
      await changePassword(app.db, user.id, request.body?.current ?? '', request.body?.password ?? '', sessionTokenOf(request));
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return accountPage(request, reply, user, null, { form: 'password', message: error.message });
    }
    return reply.redirect('/account?done=password', 303);
  });

  app.post<{ Body: Form }>('/account/email', { schema: { body: EMAIL_CHANGE } }, async (request, reply) => {
    const user = await signedIn(request);
    try {
      await requestEmailChange(app.db, user.id, request.body?.['email-password'] ?? '', request.body?.['new-email'] ?? '');
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return accountPage(request, reply, user, null, { form: 'email', message: error.message });
    }
    return reply.redirect('/account?done=email', 303);
  });

  app.get<{ Querystring: { token?: string } }>('/account/email/confirm', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    try {
      const user = await confirmEmailChange(app.db, String(request.query.token ?? ''));
      return page(reply, <VerifiedPage ctx={ctx} ok message={`Your email address is now ${user.email}.`} />);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return page(reply, <VerifiedPage ctx={ctx} ok={false} message={error.message} />, 400);
    }
  });

  app.get('/account/reset', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    return page(reply, <ForgotPasswordPage ctx={ctx} csrf={csrfToken(request, reply)} error={null} sent={false} />);
  });

  forms.post('/account/reset', { schema: { body: RESET }, attachValidation: true, ...limited('reset') }, async (request, reply) => {
    const email = request.validationError ? '' : (request.body.email ?? '');
    const ctx = await app.site.load(app.db);
    if (request.validationError) return page(reply, <ForgotPasswordPage ctx={ctx} csrf={csrfToken(request, reply)} error={formProblem(request.validationError)} sent={false} />, 400);
    try {
      await app.guard.beforeReset(request.ip, email);
    } catch (error) {
      if (!(error instanceof TooManyAttempts)) throw error;
      reply.header('retry-after', String(error.retryAfterSeconds));
      return page(reply, <ForgotPasswordPage ctx={ctx} csrf={csrfToken(request, reply)} error={error.message} sent={false} email={email} />, 429);
    }
    // The link is queued in the outbox and sent after the answer: waiting for the mail server
    // made the answer for a known address slower than for an unknown one (#10.17).
    await requestPasswordReset(app.db, email);
    // The same answer whether or not the address has an account.
    return page(reply, <ForgotPasswordPage ctx={ctx} csrf={csrfToken(request, reply)} error={null} sent />);
  });

  app.get<{ Querystring: { token?: string } }>('/account/reset/confirm', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    return page(reply, <NewPasswordPage ctx={ctx} csrf={csrfToken(request, reply)} token={String(request.query.token ?? '').slice(0, 100)} error={null} />);
  });

  app.post<{ Body: Form }>('/account/reset/confirm', { schema: { body: RESET_CONFIRM } }, async (request, reply) => {
    const token = String(request.body?.token ?? '').slice(0, 100);
    try {
      const user = await resetPassword(app.db, token, String(request.body?.password ?? ''));
      const session = await signIn(app.db, user.email, String(request.body?.password ?? ''));
      await signOut(app.db, sessionTokenOf(request));
      if (session) startSession(reply, session.token);
      await app.guard.signInSucceeded(user.email, request.ip);
      return reply.redirect('/account?done=reset', 303);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const ctx = await app.site.load(app.db);
      return page(reply, <NewPasswordPage ctx={ctx} csrf={csrfToken(request, reply)} token={token} error={error.message} />, 400);
    }
  });

  app.get<{ Querystring: { token?: string } }>('/account/invite', async (request, reply) => {
    const token = String(request.query.token ?? '').slice(0, 100);
    const [ctx, invite] = await Promise.all([app.site.load(app.db), findInvite(app.db, token)]);
    return page(reply, <InvitePage ctx={ctx} csrf={csrfToken(request, reply)} token={token} invite={invite} error={null} />, invite ? 200 : 400);
  });

  forms.post('/account/invite', { schema: { body: ACCEPT_INVITE }, attachValidation: true, ...limited('signIn') }, async (request, reply) => {
    const form = request.validationError ? {} : request.body;
    const token = String(form.token ?? '').slice(0, 100);
    try {
      if (request.validationError) throw new AccountError('VALIDATION_FAILED', formProblem(request.validationError));
      const { session } = await acceptInvite(app.db, token, { displayName: form.displayName ?? '', password: form.password ?? '' });
      await signOut(app.db, sessionTokenOf(request));
      startSession(reply, session);
      return reply.redirect('/desk', 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const [ctx, invite] = await Promise.all([app.site.load(app.db), findInvite(app.db, token)]);
      return page(reply, <InvitePage ctx={ctx} csrf={csrfToken(request, reply)} token={token} invite={invite} error={error.message} name={form.displayName ?? ''} />, error.status);
    }
  });

  app.get('/account/delete', async (request, reply) => {
    await signedIn(request);
    const ctx = await app.site.load(app.db);
    return page(reply, <DeleteAccountPage ctx={ctx} csrf={csrfToken(request, reply)} error={null} />);
  });

  app.post<{ Body: Form }>('/account/delete', { schema: { body: DELETE_ACCOUNT } }, async (request, reply) => {
    const user = await signedIn(request);
    try {
      await deleteAccount(app.db, user.id, String(request.body?.password ?? ''));
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const ctx = await app.site.load(app.db);
      return page(reply, <DeleteAccountPage ctx={ctx} csrf={csrfToken(request, reply)} error={error.message} />, 400);
    }
    endSession(reply);
    return reply.redirect('/?account=deleted', 303);
  });
});
