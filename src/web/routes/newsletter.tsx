// Email without an account: sign-up (double opt-in), the confirmation, one-click unsubscribe
// (RFC 8058: a bare POST to the link in the List-Unsubscribe header, no cookie, no form token:
// the signed link is the authority), the preferences page reached from any email, a
// subscriber's export and deletion; and the desk's newsletter page. Never cached.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  confirmNewsletter,
  deleteSubscriber,
  exportSubscriber,
  isCadence,
  newsletterOverview,
  saveSubscriberPreferences,
  signUpForNewsletter,
  subscriberFromToken,
  subscriberToken,
  subscriberPreferences,
  unsubscribe,
  type Cadence,
} from '../../modules/follows/index.ts';
import { listAllTopics, type Topic } from '../../modules/topics/index.ts';
import { AppError } from '../../errors.ts';
import { csrfToken } from '../plugins/forms.ts';
import { limited } from '../plugins/rate-limit.ts';
import { EDITORS, requireRole, staffOf } from '../session.ts';
import { defineArea } from '../areas.ts';
import { formProblem } from '../form-schema.ts';
import { renderDocument } from '../views/layout.tsx';
import { ConfirmNewsletterPage, NewsletterMessagePage, NewsletterPage, PreferencesPage, UnsubscribePage } from '../views/follows.tsx';
import { NewslettersPage } from '../views/desk/newsletters.tsx';

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength, pattern: '^[^\\u0000]*$' }));
const SIGN_UP = Type.Object({ _csrf: text(200), email: text(254), cadence: text(20), topic: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Array(Type.String({ maxLength: 120 }), { maxItems: 60 })])) });
const TOKEN_QUERY = { type: 'object', properties: { t: { type: 'string', maxLength: 200 } }, additionalProperties: true } as const;

export const area = defineArea('newsletter', async (app) => {
  const forms = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));
  const topics = (): Promise<Topic[]> => listAllTopics(app.db);
  /** The subscriber a link's `t` names; a bad link is a page that says so. */
  const subscriberOf = (request: FastifyRequest): string => {
    const token = String((request.query as { t?: string }).t ?? '');
    const id = subscriberFromToken(app.follows.secret, token);
    if (!id) throw new AppError('SUBSCRIBER_LINK_INVALID', 'That link is not valid. Use the link in your most recent email.');
    return id;
  };
  const tokenOf = (request: FastifyRequest) => String((request.query as { t?: string }).t ?? '');

  app.get<{ Querystring: { topic?: string } }>('/newsletter', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    const chosen = new Set(typeof request.query.topic === 'string' ? [request.query.topic] : []);
    return page(reply, <NewsletterPage ctx={ctx} csrf={csrfToken(request, reply)} topics={await topics()} chosen={chosen} error={null} sent={false} />);
  });

  app.get('/newsletter/sent', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    return page(reply, <NewsletterPage ctx={ctx} csrf={csrfToken(request, reply)} topics={[]} chosen={new Set()} error={null} sent />);
  });

  forms.post('/newsletter', { schema: { body: SIGN_UP }, attachValidation: true, ...limited('newsletter') }, async (request, reply) => {
    const form = request.validationError ? {} : request.body;
    const slugs = new Set(form.topic === undefined ? [] : Array.isArray(form.topic) ? form.topic : [form.topic]);
    const all = await topics();
    const cadence = form.cadence ?? 'daily';
    const again = async (message: string, status: number) => {
      const ctx = await app.site.load(app.db);
      return page(reply, <NewsletterPage ctx={ctx} csrf={csrfToken(request, reply)} topics={all} chosen={slugs} email={form.email ?? ''} cadence={isCadence(cadence) ? cadence : 'daily'} error={message} sent={false} />, status);
    };
    if (request.validationError) return again(formProblem(request.validationError), 400);
    if (!isCadence(cadence)) return again('Choose how often to hear from us.', 400);
    try {
      await signUpForNewsletter(app.db, app.follows.secret, { email: form.email ?? '', topicIds: all.filter((t) => slugs.has(t.slug)).map((t) => t.id), cadence });
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return again(error.message, error.status);
      throw error;
    }
    return reply.redirect('/newsletter/sent', 303);
  });

  // Opening the link shows a button; the POST confirms (mail scanners open links, they do not press buttons).
  app.get<{ Querystring: { token?: string } }>('/newsletter/confirm', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    return page(reply, <ConfirmNewsletterPage ctx={ctx} csrf={csrfToken(request, reply)} token={String(request.query.token ?? '').slice(0, 2000)} />);
  });

  forms.post('/newsletter/confirm', { schema: { body: Type.Object({ _csrf: text(200), token: text(2000) }) } }, async (request, reply) => {
    const ctx = await app.site.load(app.db);
    try {
      const subscriberId = await confirmNewsletter(app.db, app.follows.secret, request.body.token ?? '');
      const prefs = `/newsletter/preferences?t=${encodeURIComponent(subscriberToken(app.follows.secret, subscriberId))}`;
      return page(reply, <NewsletterMessagePage ctx={ctx} title="You are signed up" ok message="Your address is confirmed: the emails you chose start now." links={[{ href: prefs, label: 'Your email preferences' }, { href: '/', label: 'Go to the latest stories' }]} />);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return page(reply, <NewsletterMessagePage ctx={ctx} title="That link did not work" ok={false} message={error.message} links={[{ href: '/newsletter', label: 'Sign up again' }]} />, error.status);
    }
  });

  app.get('/newsletter/unsubscribe', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) => {
    const id = subscriberOf(request);
    const [ctx, prefs] = await Promise.all([app.site.load(app.db), subscriberPreferences(app.db, id)]);
    if (!prefs) throw new AppError('SUBSCRIBER_LINK_INVALID', 'That address is no longer on our list.');
    return page(reply, <UnsubscribePage ctx={ctx} csrf={csrfToken(request, reply)} token={tokenOf(request)} email={prefs.email} done={prefs.status === 'unsubscribed'} />);
  });

  // One click from the mail client (List-Unsubscribe-Post) or the button on the page above.
  app.post('/newsletter/unsubscribe', { schema: { querystring: TOKEN_QUERY }, config: { csrf: false } }, async (request, reply) => {
    const id = subscriberOf(request);
    await unsubscribe(app.db, id);
    const [ctx, prefs] = await Promise.all([app.site.load(app.db), subscriberPreferences(app.db, id)]);
    return page(reply, <UnsubscribePage ctx={ctx} csrf={csrfToken(request, reply)} token={tokenOf(request)} email={prefs?.email ?? ''} done />);
  });

  const preferencesPage = async (request: FastifyRequest, reply: FastifyReply, id: string, notice: string | null, error: AppError | null = null) => {
    const [ctx, prefs, all] = await Promise.all([app.site.load(app.db), subscriberPreferences(app.db, id), topics()]);
    if (!prefs) throw new AppError('SUBSCRIBER_LINK_INVALID', 'That address is no longer on our list.');
    return page(reply, <PreferencesPage ctx={ctx} csrf={csrfToken(request, reply)} token={tokenOf(request)} prefs={prefs} topics={all} notice={notice} error={error?.message ?? null} />, error?.status ?? 200);
  };

  app.get<{ Querystring: { t?: string; done?: string } }>('/newsletter/preferences', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) =>
    preferencesPage(request, reply, subscriberOf(request), request.query.done === '1' ? 'Your preferences are saved.' : null),
  );

  app.post<{ Body: Record<string, string | string[] | undefined> }>('/newsletter/preferences', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) => {
    const id = subscriberOf(request);
    const body = request.body ?? {};
    const choices = (await topics()).map((t) => {
      const chosen = body[`topic:${t.slug}`];
      return { id: t.id, cadence: typeof chosen === 'string' && isCadence(chosen) ? (chosen as Cadence) : null };
    });
    try {
      await saveSubscriberPreferences(app.db, id, { topics: choices, digestHour: Number(body.digestHour), weeklyDay: Number(body.weeklyDay), emailOn: body.emailOn === '1' });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return preferencesPage(request, reply, id, null, error);
    }
    return reply.redirect(`/newsletter/preferences?t=${encodeURIComponent(tokenOf(request))}&done=1`, 303);
  });

  app.get('/newsletter/preferences/export', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) => {
    const data = await exportSubscriber(app.db, subscriberOf(request));
    if (!data) throw new AppError('SUBSCRIBER_LINK_INVALID', 'That address is no longer on our list.');
    return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="my-email-subscription.json"').type('application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
  });

  app.post('/newsletter/preferences/delete', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) => {
    const id = subscriberOf(request);
    const prefs = await subscriberPreferences(app.db, id);
    if (prefs?.account) throw new AppError('BAD_REQUEST', 'This address belongs to an account; delete the account from your account page.');
    await deleteSubscriber(app.db, id);
    const ctx = await app.site.load(app.db);
    return page(reply, <NewsletterMessagePage ctx={ctx} title="Your address is deleted" ok message="We removed your address, what you followed and the record of what we sent you." links={[{ href: '/', label: 'Go to the latest stories' }]} />);
  });

  app.get('/desk/newsletters', { preHandler: requireRole(app, EDITORS) }, async (request, reply) => {
    const [ctx, overview, daily, weekly] = await Promise.all([app.site.load(app.db), newsletterOverview(app.db), app.follows.previewDigest('daily'), app.follows.previewDigest('weekly')]);
    return page(reply, <NewslettersPage ctx={ctx} role={staffOf(request).role} overview={overview} preview={{ daily, weekly }} />);
  });

  // The digest's own HTML, as a mail client shows it: its inline styles allowed, nothing else (no
  // script, no form, no plugin), in a sandbox of its own origin.
  app.get<{ Params: { period: string } }>('/desk/newsletters/preview/:period', { preHandler: requireRole(app, EDITORS), schema: { params: { type: 'object', properties: { period: { type: 'string', enum: ['daily', 'weekly'] } }, required: ['period'] } } }, async (request, reply) => {
    const email = await app.follows.previewDigest(request.params.period === 'weekly' ? 'weekly' : 'daily');
    return reply
      .header('cache-control', 'no-store')
      .header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:")
      .type('text/html; charset=utf-8')
      .send(email?.html ?? '<!doctype html><title>No digest</title><p>Nothing new for this digest yet.</p>');
  });
});
