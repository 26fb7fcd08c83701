// The conversation over HTTP: the thread pages (cached like stories), writing, replying,
// editing, deleting and reporting (never cached; every POST carries the CSRF token), the
// live event stream, and the Community Guidelines page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../errors.ts';
import type { User } from '../../modules/accounts/index.ts';
import {
  COMMENT_SORTS,
  CommentError,
  commentReasons,
  decodeCursor,
  EDIT_WINDOW_MS,
  getComment,
  getThreadInfo,
  getThreadOf,
  listThread,
  REPORT_REASONS,
  type CommentSort,
  type CommentView,
  type PostResult,
} from '../../modules/comments/index.ts';
import { loadModerationSettings, takeWarning } from '../../modules/moderation/index.ts';
import { findStoryRef, type StoryRef } from '../../modules/stories/index.ts';
import { csrfToken } from '../plugins/forms.ts';
import { limited } from '../plugins/rate-limit.ts';
import { currentUser, isStaffRole, SignInRequired } from '../session.ts';
import { CommentPage, CommentsPage, GuidelinesPage, ReportPage, WriteCommentPage } from '../views/comments.tsx';
import { renderDocument } from '../views/layout.tsx';
import { commentPath, storyPath } from '../views/urls.ts';
import { cachedPage, siteStamp, storyStamp, threadStamp } from '../web-context.ts';
import { slugParams } from './schemas.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { defineArea } from '../areas.ts';
import { formBody, formProblem } from '../form-schema.ts';

type Form = Record<string, string | undefined>;
const ID = /^[0-9a-f-]{36}$/;
const idParams = { type: 'object', properties: { id: { type: 'string', pattern: ID.source } }, required: ['id'] } as const;

/** Comments are capped again by the policy (up to 20,000 characters); this only bounds the request. */
const COMMENT_FORM = formBody({ body: 60_000, parent: 64, confirmed: 1 });
const EDIT_FORM = formBody({ body: 60_000, confirmed: 10 });
const REPORT_FORM = formBody({ reason: 40, note: 1000 });

export const area = defineArea('conversation', async (app) => {
  const forms = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));

  /** A story readers can see (published), by slug; 404 otherwise. */
  async function readableStory(slug: string): Promise<StoryRef> {
    const story = await findStoryRef(app.db, { slug });
    if (!story || story.status !== 'published') throw new NotFoundError();
    return story;
  }

  async function signedIn(request: FastifyRequest): Promise<User> {
    const user = await currentUser(app, request);
    if (!user) throw new SignInRequired(request.url);
    return user;
  }

  /** Readers see published and deleted comments; a held or rejected one only by its writer and staff. */
  function canSee(comment: CommentView, viewer: User | null): boolean {
    if (comment.status === 'published' || comment.status === 'deleted') return true;
    return viewer !== null && (viewer.id === comment.authorId || isStaffRole(viewer.role));
  }

  async function commentPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { outcome?: string | null; reasons?: string[]; form?: { body?: string; error?: string | null; confirm?: string | null; editing?: boolean }; status?: number } = {},
  ) {
    const viewer = await currentUser(app, request);
    const found = await getThreadOf(app.db, id);
    if (!found || !canSee(found.focus, viewer)) throw new NotFoundError();
    const story = await findStoryRef(app.db, { id: found.focus.storyId });
    if (!story || story.status !== 'published') throw new NotFoundError();
    const [ctx, info, settings] = await Promise.all([app.site.load(app.db), getThreadInfo(app.db, story.id), loadModerationSettings(app.db)]);
    const own = viewer?.id === found.focus.authorId;
    const reasons = extra.reasons ?? (own ? await commentReasons(app.db, found.focus.id) : []);
    return page(
      reply,
      <CommentPage
        ctx={ctx}
        story={story}
        root={found.root}
        focus={found.focus}
        viewer={viewer ? { id: viewer.id, staff: isStaffRole(viewer.role) } : null}
        csrf={viewer ? csrfToken(request, reply) : null}
        outcome={extra.outcome ?? null}
        reasons={reasons}
        canEdit={own && found.focus.status !== 'deleted' && found.focus.status !== 'rejected' && Date.now() - Date.parse(found.focus.createdAt) < EDIT_WINDOW_MS}
        closed={info.mode === 'closed'}
        maxLength={settings.maxLength}
        {...(extra.form ? { form: extra.form } : {})}
      />,
      extra.status ?? 200,
    );
  }

  // ---- Reading ----

  app.get<{ Params: { slug: string }; Querystring: { sort?: string; after?: string } }>('/stories/:slug/comments', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params;
    const sort = (COMMENT_SORTS as readonly string[]).includes(request.query.sort ?? '') ? (request.query.sort as CommentSort) : 'newest';
    const after = request.query.after ?? null;
    if (after !== null && !decodeCursor(after)) throw new NotFoundError();
    const stamp = await storyStamp(app, slug);
    if (!stamp || stamp.status !== 'published') throw new NotFoundError();
    const [thread, site] = await Promise.all([threadStamp(app, stamp.id), siteStamp(app)]);
    const sent = await cachedPage(app, request, reply, `comments:${slug}:${sort}:${after ?? ''}`, `${stamp.modifiedAt}|${site}|${thread}`, async (ctx) => {
      const story = await findStoryRef(app.db, { slug });
      if (!story || story.status !== 'published') return null;
      const [info, threadPage] = await Promise.all([getThreadInfo(app.db, story.id), listThread(app.db, story.id, { sort, cursor: after })]);
      return {
        status: 200,
        body: renderDocument(<CommentsPage ctx={ctx} story={story} count={info.publishedCount} closed={info.mode === 'closed'} page={threadPage} sort={sort} />),
        lastModified: info.modifiedAt,
      };
    });
    if (!sent) throw new NotFoundError();
    return reply;
  });

  app.get<{ Params: { slug: string } }>('/stories/:slug/comments/live', { schema: { params: slugParams } }, async (request, reply) => {
    const story = await readableStory(request.params.slug);
    const info = await getThreadInfo(app.db, story.id);
    app.live.open(reply, story.id, info.publishedCount);
  });

  app.get('/community-guidelines', async (request, reply) => {
    const sent = await cachedPage(app, request, reply, 'guidelines', await siteStamp(app), async (ctx) => ({
      status: 200,
      body: renderDocument(<GuidelinesPage ctx={ctx} />),
      lastModified: null,
    }));
    if (!sent) throw new NotFoundError();
    return reply;
  });

  // ---- Writing ----

  app.get<{ Params: { slug: string } }>('/stories/:slug/comment', { schema: { params: slugParams } }, async (request, reply) => {
    const story = await readableStory(request.params.slug);
    const viewer = await currentUser(app, request);
    const [ctx, info, settings, warning] = await Promise.all([
      app.site.load(app.db),
      getThreadInfo(app.db, story.id),
      loadModerationSettings(app.db),
      viewer ? takeWarning(app.db, viewer.id) : Promise.resolve(null),
    ]);
    return page(
      reply,
      <WriteCommentPage
        ctx={ctx}
        story={story}
        csrf={viewer ? csrfToken(request, reply) : null}
        closed={info.mode === 'closed'}
        warning={warning}
        form={{}}
        maxLength={settings.maxLength}
      />,
    );
  });

  /** Shows the writer what happened; the text comes back with the reason when it was not stored. */
  async function answer(request: FastifyRequest, reply: FastifyReply, story: { id: string; slug: string }, result: PostResult, body: string, where: { parentId: string | null; editing: string | null }) {
    if ('comment' in result) {
      const { comment } = result;
      // A published top-level comment is first on the story page (newest first): go back there.
      if (result.outcome === 'published' && comment.level === 0 && !where.editing) return reply.redirect(`${storyPath(story.slug)}#comment-${comment.id}`, 303);
      const outcome = where.editing && result.outcome === 'published' ? 'edited' : result.outcome;
      return reply.redirect(`${commentPath(comment.id)}?outcome=${outcome}#comment-${comment.id}`, 303);
    }
    const form = { body, error: result.outcome === 'refused' ? result.reason : null, confirm: result.outcome === 'confirm' ? result.reason : null, editing: where.editing !== null };
    const status = result.outcome === 'refused' ? 422 : 200;
    const on = where.editing ?? where.parentId;
    if (on) return commentPage(request, reply, on, { form, status });
    const [ctx, info, settings, ref] = await Promise.all([app.site.load(app.db), getThreadInfo(app.db, story.id), loadModerationSettings(app.db), readableStory(story.slug)]);
    return page(reply, <WriteCommentPage ctx={ctx} story={ref} csrf={csrfToken(request, reply)} closed={info.mode === 'closed'} form={form} maxLength={settings.maxLength} />, status);
  }

  forms.post('/stories/:slug/comments', { schema: { params: slugParams, body: COMMENT_FORM }, attachValidation: true, ...limited('comment') }, async (request, reply) => {
    if (request.validationError?.validationContext === 'params') throw new NotFoundError();
    // The story's stamp (reused for a moment) says whether it exists and is published: the
    // busiest write path makes no query it does not need.
    const [user, stamp] = await Promise.all([signedIn(request), storyStamp(app, request.params.slug)]);
    if (!stamp || stamp.status !== 'published') throw new NotFoundError();
    const story = { id: stamp.id, slug: request.params.slug };
    if (request.validationError) {
      return answer(request, reply, story, { outcome: 'refused', code: 'FORM_UNREADABLE', reason: formProblem(request.validationError) }, '', { parentId: null, editing: null });
    }
    const form = request.body;
    const body = form.body ?? '';
    const parentId = form.parent && ID.test(form.parent) ? form.parent : null;
    const result = await app.conversation.post({ storyId: story.id, userId: user.id, parentId, body, confirmed: form.confirmed === '1' });
    return answer(request, reply, story, result, body, { parentId, editing: null });
  });

  app.get<{ Params: { id: string }; Querystring: { outcome?: string } }>('/comments/:id', { schema: { params: idParams } }, async (request, reply) => {
    return commentPage(request, reply, request.params.id, { outcome: request.query.outcome ?? null });
  });

  app.post<{ Params: { id: string }; Body: Form }>('/comments/:id/edit', { schema: { params: idParams, body: EDIT_FORM } }, async (request, reply) => {
    const user = await signedIn(request);
    const comment = await getComment(app.db, request.params.id);
    if (!comment) throw new NotFoundError();
    const story = await findStoryRef(app.db, { id: comment.storyId });
    if (!story) throw new NotFoundError();
    const body = String(request.body?.body ?? '');
    const result = await app.conversation.edit({ commentId: comment.id, userId: user.id, body, confirmed: request.body?.confirmed === '1' });
    return answer(request, reply, story, result, body, { parentId: null, editing: comment.id });
  });

  app.post<{ Params: { id: string } }>('/comments/:id/delete', { schema: { params: idParams, body: formBody({}) } }, async (request, reply) => {
    const user = await signedIn(request);
    const comment = await getComment(app.db, request.params.id);
    if (!comment) throw new NotFoundError();
    await app.conversation.remove({ commentId: comment.id, userId: user.id });
    const story = await findStoryRef(app.db, { id: comment.storyId });
    return reply.redirect(story ? `${storyPath(story.slug)}#comments` : '/', 303);
  });

  async function reportPage(request: FastifyRequest, reply: FastifyReply, id: string, error: string | null, values: { reason?: string; note?: string }, status = 200) {
    const viewer = await currentUser(app, request);
    const comment = await getComment(app.db, id);
    if (!comment || comment.status !== 'published') throw new NotFoundError();
    const story = await findStoryRef(app.db, { id: comment.storyId });
    if (!story) throw new NotFoundError();
    const ctx = await app.site.load(app.db);
    return page(
      reply,
      <ReportPage ctx={ctx} comment={comment} story={story} csrf={viewer ? csrfToken(request, reply) : null} error={error} values={values} reasons={REPORT_REASONS} />,
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/comments/:id/report', { schema: { params: idParams } }, async (request, reply) => reportPage(request, reply, request.params.id, null, {}));

  app.post<{ Params: { id: string }; Body: Form }>('/comments/:id/report', { schema: { params: idParams, body: REPORT_FORM }, ...limited('report') }, async (request, reply) => {
    const user = await signedIn(request);
    const reason = String(request.body?.reason ?? '');
    const note = String(request.body?.note ?? '');
    try {
      const { hidden } = await app.conversation.report({ commentId: request.params.id, userId: user.id, reason, note });
      return reply.redirect(`${commentPath(request.params.id)}?outcome=${hidden ? 'hidden' : 'reported'}`, 303);
    } catch (error) {
      if (!(error instanceof CommentError) || error.status === 404) throw error;
      return reportPage(request, reply, request.params.id, error.message, { reason, note }, error.status);
    }
  });
});
