// Follows: the page a Follow button leads to (JavaScript off), following and unfollowing (a
// form, or JSON for assets/follow.js), the small uncached state request behind the cached
// pages' buttons, the account's follows and the Following page. Never cached.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { findAuthorBySlug } from '../../modules/authors/index.ts';
import { followedIds, followStates, isCadence, readerFollows, saveFollowSettings, setFollow, unfollow, type Cadence, type FollowTarget } from '../../modules/follows/index.ts';
import { listFollowingRefs } from '../../modules/stories/index.ts';
import { findTopicBySlug } from '../../modules/topics/index.ts';
import type { User } from '../../modules/accounts/index.ts';
import { AppError } from '../../errors.ts';
import { csrfToken } from '../plugins/forms.ts';
import { currentUser, SignInRequired } from '../session.ts';
import { defineArea } from '../areas.ts';
import { formBody, formProblem } from '../form-schema.ts';
import { renderDocument } from '../views/layout.tsx';
import { AccountFollowsPage, FollowingPage, FollowPage } from '../views/follows.tsx';
import { cardList } from '../story-cards.tsx';
import { pageQuery } from './schemas.ts';
import { siteStamp } from '../web-context.ts';

const FOLLOW_FORM = formBody({ target: 250, action: 20, cadence: 20, next: 200 });
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FOLLOWING_PAGE = 20;

/** "topic:weather" → the topic or author it names, or null. */
async function resolveTarget(app: FastifyRequest['server'], kind: string, slug: string): Promise<{ kind: FollowTarget; id: string; slug: string; name: string } | null> {
  if (!SLUG.test(slug) || slug.length > 200) return null;
  if (kind === 'topic') {
    const topic = await findTopicBySlug(app.db, slug);
    return topic ? { kind, id: topic.id, slug: topic.slug, name: topic.name } : null;
  }
  if (kind === 'author') {
    const author = await findAuthorBySlug(app.db, slug);
    return author ? { kind, id: author.id, slug: author.slug, name: author.name } : null;
  }
  return null;
}

const splitTarget = (value: string) => {
  const at = value.indexOf(':');
  return at < 0 ? ['', ''] : [value.slice(0, at), value.slice(at + 1)];
};

const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? '').startsWith('application/json');

export const area = defineArea('follows', async (app) => {
  const forms = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));
  const signedIn = async (request: FastifyRequest, next: string): Promise<User> => {
    const user = await currentUser(app, request);
    if (!user) throw new SignInRequired(next);
    return user;
  };

  app.get<{ Querystring: { topic?: string; author?: string } }>('/follow', async (request, reply) => {
    const kind = request.query.topic !== undefined ? 'topic' : 'author';
    const target = await resolveTarget(app, kind, String(request.query.topic ?? request.query.author ?? ''));
    if (!target) throw new AppError('FOLLOW_TARGET_UNKNOWN', 'There is no such topic or author to follow.');
    const [ctx, user] = await Promise.all([app.site.load(app.db), currentUser(app, request)]);
    const states = user ? await followStates(app.db, user.id, [target]) : new Map<string, Cadence>();
    return page(reply, <FollowPage ctx={ctx} csrf={user ? csrfToken(request, reply) : null} kind={target.kind} slug={target.slug} name={target.name} cadence={states.get(`${target.kind}:${target.id}`) ?? null} />);
  });

  forms.post('/follow', { schema: { body: FOLLOW_FORM }, attachValidation: true }, async (request, reply) => {
    const form = request.validationError ? {} : request.body;
    const [kind = '', slug = ''] = splitTarget(form.target ?? '');
    const json = wantsJson(request);
    const answerError = async (error: AppError) => {
      if (json) return reply.code(error.status).header('cache-control', 'no-store').send({ error: { code: error.code, message: error.message } });
      throw error;
    };
    if (request.validationError) return answerError(new AppError('VALIDATION_FAILED', formProblem(request.validationError)));
    const target = await resolveTarget(app, kind, slug);
    if (!target) return answerError(new AppError('FOLLOW_TARGET_INVALID', 'There is no such topic or author to follow.'));
    const here = `/follow?${target.kind}=${target.slug}`;
    const user = await currentUser(app, request);
    if (!user) {
      if (json) return answerError(new AppError('SIGN_IN_REQUIRED', 'Sign in to follow.'));
      return reply.redirect(`/account/sign-in?next=${encodeURIComponent(here)}`, 303);
    }
    const cadence = form.cadence ?? 'instant';
    let following: Cadence | null;
    try {
      if (!isCadence(cadence)) throw new AppError('CADENCE_INVALID', 'Choose how this follow reaches you.');
      if (form.action === 'unfollow') {
        await unfollow(app.db, user.id, target);
        following = null;
      } else following = await setFollow(app.db, user.id, target, cadence);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return answerError(error);
      throw error;
    }
    if (json) return reply.header('cache-control', 'no-store').send({ following: following !== null, cadence: following });
    if (form.next === '/account/follows') return reply.redirect('/account/follows?done=unfollowed', 303);
    const ctx = await app.site.load(app.db);
    const notice = following ? `You follow ${target.name}.` : `You no longer follow ${target.name}.`;
    return page(reply, <FollowPage ctx={ctx} csrf={csrfToken(request, reply)} kind={target.kind} slug={target.slug} name={target.name} cadence={following} notice={notice} />);
  });

  // What the signed-in reader follows among the buttons of a cached page, and the token to change it.
  app.get<{ Querystring: { targets?: string } }>('/follow/state', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('vary', 'cookie');
    const user = await currentUser(app, request);
    if (!user) return { signedIn: false, follows: {} };
    const wanted = String(request.query.targets ?? '').split(',').slice(0, 20);
    const resolved = (await Promise.all(wanted.map((t) => resolveTarget(app, ...(splitTarget(t) as [string, string]))))).filter((t) => t !== null);
    const states = await followStates(app.db, user.id, resolved);
    const follows: Record<string, Cadence> = {};
    for (const t of resolved) {
      const cadence = states.get(`${t.kind}:${t.id}`);
      if (cadence) follows[`${t.kind}:${t.slug}`] = cadence;
    }
    return { signedIn: true, csrf: csrfToken(request, reply), follows };
  });

  const NOTICES: Record<string, string> = { saved: 'Your choices are saved.', unfollowed: 'Unfollowed.' };

  app.get<{ Querystring: { done?: string } }>('/account/follows', async (request, reply) => {
    const user = await signedIn(request, '/account/follows');
    const [ctx, state] = await Promise.all([app.site.load(app.db), readerFollows(app.db, user.id)]);
    return page(reply, <AccountFollowsPage ctx={ctx} csrf={csrfToken(request, reply)} state={state} verified={user.emailVerified} notice={NOTICES[request.query.done ?? ''] ?? null} error={null} />);
  });

  app.post<{ Body: Record<string, string | string[] | undefined> }>('/account/follows', async (request, reply) => {
    const user = await signedIn(request, '/account/follows');
    const body = request.body ?? {};
    const state = await readerFollows(app.db, user.id);
    const cadences = state.follows.flatMap((f) => {
      const chosen = body[`cadence:${f.kind}:${f.slug}`];
      return typeof chosen === 'string' && isCadence(chosen) ? [{ target: { kind: f.kind, id: f.id }, cadence: chosen }] : [];
    });
    try {
      await saveFollowSettings(app.db, user.id, { cadences, digestHour: Number(body.digestHour ?? state.digestHour), weeklyDay: Number(body.weeklyDay ?? state.weeklyDay), emailOn: body.emailOn === '1' });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const ctx = await app.site.load(app.db);
      return page(reply, <AccountFollowsPage ctx={ctx} csrf={csrfToken(request, reply)} state={state} verified={user.emailVerified} notice={null} error={error.message} />, error.status);
    }
    return reply.redirect('/account/follows?done=saved', 303);
  });

  app.get<{ Querystring: { before?: string } }>('/following', { schema: { querystring: pageQuery } }, async (request, reply) => {
    const user = await signedIn(request, '/following');
    const before = request.query.before ?? null;
    const ids = await followedIds(app.db, user.id);
    const [site, refs] = await Promise.all([siteStamp(app), listFollowingRefs(app.db, ids, { limit: FOLLOWING_PAGE, cursor: before })]);
    const ctx = await app.site.load(app.db, site);
    const cards = await cardList(app, ctx, site, refs.items, 'picture-h3');
    return page(reply, <FollowingPage ctx={ctx} cards={cards} next={refs.next} paged={before !== null} following={ids.topicIds.length + ids.authorIds.length} />);
  });
});
