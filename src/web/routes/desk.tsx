// The moderators' desk. Staff only: every route checks the role on the server (moderators,
// editors and admins moderate; only admins change the conversation settings). Never cached.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFoundError } from '../../errors.ts';
import type { User } from '../../modules/accounts/index.ts';
import { commenterProfile, getQueueItem, getThreadInfo, listCommentsBy, listQueue, QUEUES, queueCounts, type CommenterProfile, type QueueItem, type QueueName } from '../../modules/comments/index.ts';
import {
  addWords,
  listLog,
  logCursor,
  listWords,
  loadModerationSettings,
  saveConversationSettings,
  USER_ACTIONS,
  WORD_LISTS,
  type Actor,
  type ModerationSettings,
  removeWord,
  type UserAction,
} from '../../modules/moderation/index.ts';
import { findStoryRef } from '../../modules/stories/index.ts';
import type { ThreadMode } from '../../modules/comments/index.ts';
import type { WordList } from '../../modules/moderation/index.ts';
import { csrfToken } from '../plugins/forms.ts';
import { ADMINS, MODERATORS, requireRole, staffOf } from '../session.ts';
import { DeskCommentPage, LogPage, QueuePage, SettingsPage, StoryCommentsPage, UserPage, WordsPage } from '../views/desk/index.ts';
import { renderDocument } from '../views/layout.tsx';
import { formBody } from '../form-schema.ts';
import { slugParams } from './schemas.ts';
import { defineArea } from '../areas.ts';

type Form = Record<string, string | undefined>;
const ID = /^[0-9a-f-]{36}$/;
const idParams = { type: 'object', properties: { id: { type: 'string', pattern: ID.source } }, required: ['id'] } as const;
// Every desk form's fields, bounded: a moderator's browser sends these and nothing longer.
const DECISION_FORM = formBody({ action: 20, reason: 2000, back: 500 });
const USER_ACTION_FORM = formBody({ action: 20, reason: 2000, hours: 10, rejectAll: 10 });
const WORDS_FORM = formBody({ list: 20, weight: 10, words: 50_000 });
const WORD_REMOVE_FORM = formBody({ list: 20, word: 500 });
const THREAD_FORM = formBody({ mode: 20, slow: 10 });
const SETTINGS_FORM = formBody({
  siteMode: 20,
  premodUntilApproved: 10,
  linksNeedApproved: 10,
  maxLength: 10,
  perMinute: 10,
  reportThreshold: 10,
  toxicityThreshold: 10,
  scorerUrl: 2000,
  scorerKey: 500,
  requireVerifiedEmail: 10,
  guidelines: 50_000,
});

const actorOf = (user: User): Actor => ({ id: user.id, name: user.displayName });

/** Only desk paths: a back= field cannot send a moderator elsewhere. */
const safeBack = (value: string | undefined, fallback: string) => (value && /^\/desk\/[\w\-/?=&%.]*$/.test(value) ? value : fallback);

/** The desk: an encapsulated area whose every route first checks for a moderating role. */
export const area = defineArea('desk', async (app) => {
  app.addHook('preHandler', requireRole(app, MODERATORS));
  const adminOnly = { preHandler: requireRole(app, ADMINS) };
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));
  const flashOf = (request: FastifyRequest) => {
    const done = (request.query as { done?: string }).done;
    return done && done.length < 200 ? done : null;
  };

  app.get<{ Querystring: { queue?: string; story?: string; done?: string } }>('/desk/moderation', async (request, reply) => {
    const user = staffOf(request);
    const queue = (QUEUES as readonly string[]).includes(request.query.queue ?? '') ? (request.query.queue as QueueName) : 'pending';
    const story = request.query.story ? await findStoryRef(app.db, { slug: request.query.story }) : null;
    if (request.query.story && !story) throw new NotFoundError();
    const [ctx, counts, items] = await Promise.all([
      app.site.load(app.db),
      queueCounts(app.db),
      listQueue(app.db, queue, story ? { storyId: story.id } : {}),
    ]);
    return page(
      reply,
      <QueuePage ctx={ctx} role={user.role} queue={queue} counts={counts} items={items} csrf={csrfToken(request, reply)} flash={flashOf(request)} story={story} />,
    );
  });

  async function queueItem(id: string): Promise<QueueItem> {
    const item = await getQueueItem(app.db, id);
    if (!item) throw new NotFoundError();
    return item;
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/desk/comments/:id', { schema: { params: idParams } }, async (request, reply) => {
    const user = staffOf(request);
    const [ctx, item] = await Promise.all([app.site.load(app.db), queueItem(request.params.id)]);
    return page(reply, <DeskCommentPage ctx={ctx} role={user.role} item={item} csrf={csrfToken(request, reply)} flash={flashOf(request)} />);
  });

  app.post<{ Params: { id: string }; Body: Form }>('/desk/comments/:id/decide', { schema: { params: idParams, body: DECISION_FORM } }, async (request, reply) => {
    const user = staffOf(request);
    const { action = '', reason = '' } = request.body ?? {};
    const id = request.params.id;
    const messages: Record<string, string> = { approve: 'Approved.', reject: 'Rejected.', feature: 'Featured.', unfeature: 'No longer featured.' };
    if (action === 'approve' || action === 'reject') await app.conversation.decide(actorOf(user), id, action, reason);
    else if (action === 'feature' || action === 'unfeature') await app.conversation.feature(actorOf(user), id, action === 'feature');
    else throw new AppError('DECISION_INVALID', 'Choose approve, reject or feature.');
    const back = safeBack(request.body?.back, `/desk/comments/${id}`);
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}done=${encodeURIComponent(messages[action] ?? 'Done.')}`, 303);
  });

  async function deskUser(id: string): Promise<CommenterProfile> {
    const profile = await commenterProfile(app.db, id);
    if (!profile) throw new NotFoundError();
    return profile;
  }

  async function userPage(request: FastifyRequest, reply: FastifyReply, viewer: User, id: string, error: string | null, status = 200) {
    const [ctx, target, comments, log] = await Promise.all([app.site.load(app.db), deskUser(id), listCommentsBy(app.db, id, 20), listLog(app.db, { targetId: id, limit: 20 })]);
    return page(
      reply,
      <UserPage ctx={ctx} role={viewer.role} user={target} comments={comments} log={log} csrf={csrfToken(request, reply)} flash={flashOf(request)} error={error} />,
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/desk/users/:id', { schema: { params: idParams } }, async (request, reply) => {
    const user = staffOf(request);
    return userPage(request, reply, user, request.params.id, null);
  });

  app.post<{ Params: { id: string }; Body: Form }>('/desk/users/:id', { schema: { params: idParams, body: USER_ACTION_FORM } }, async (request, reply) => {
    const user = staffOf(request);
    const { action = '', reason = '', hours = '', rejectAll } = request.body ?? {};
    if (!(USER_ACTIONS as readonly string[]).includes(action)) return userPage(request, reply, user, request.params.id, 'Choose an action.', 400);
    let rejected = 0;
    try {
      ({ rejected } = await app.conversation.moderateUser(actorOf(user), request.params.id, action as UserAction, { reason, hours: Number(hours), rejectAll: rejectAll === '1' }));
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.status !== 404) return userPage(request, reply, user, request.params.id, error.message, error.status);
      throw error;
    }
    const done = action === 'ban' && rejectAll === '1' ? `Done: ${action}. ${rejected} comments rejected.` : `Done: ${action}.`;
    return reply.redirect(`/desk/users/${request.params.id}?done=${encodeURIComponent(done)}`, 303);
  });

  app.get<{ Querystring: { done?: string } }>('/desk/moderation/words', async (request, reply) => {
    const user = staffOf(request);
    const [ctx, words] = await Promise.all([app.site.load(app.db), listWords(app.db)]);
    return page(reply, <WordsPage ctx={ctx} role={user.role} words={words} csrf={csrfToken(request, reply)} flash={flashOf(request)} />);
  });

  const listOf = (value: string | undefined): WordList => {
    if (!(WORD_LISTS as readonly string[]).includes(value ?? '')) throw new AppError('WORD_LIST_INVALID', 'Choose the banned, suspect or toxic list.');
    return value as WordList;
  };

  app.post<{ Body: Form }>('/desk/moderation/words', { schema: { body: WORDS_FORM } }, async (request, reply) => {
    const user = staffOf(request);
    const list = listOf(request.body?.list);
    const weight = Math.min(1, Math.max(0.05, Number(request.body?.weight ?? 0.5) || 0.5));
    const added = await addWords(app.db, actorOf(user), list, String(request.body?.words ?? '').split('\n'), weight);
    return reply.redirect(`/desk/moderation/words?done=${encodeURIComponent(`${added} added to the ${list} list.`)}`, 303);
  });

  app.post<{ Body: Form }>('/desk/moderation/words/remove', { schema: { body: WORD_REMOVE_FORM } }, async (request, reply) => {
    const user = staffOf(request);
    const list = listOf(request.body?.list);
    const word = String(request.body?.word ?? '');
    const removed = await removeWord(app.db, actorOf(user), list, word);
    return reply.redirect(`/desk/moderation/words?done=${encodeURIComponent(removed ? `Removed "${word}".` : 'That word was not on the list.')}`, 303);
  });

  app.get<{ Params: { slug: string }; Querystring: { done?: string } }>('/desk/stories/:slug/comments', { schema: { params: slugParams } }, async (request, reply) => {
    const user = staffOf(request);
    const story = await findStoryRef(app.db, { slug: request.params.slug });
    if (!story) throw new NotFoundError();
    const [ctx, info] = await Promise.all([app.site.load(app.db), getThreadInfo(app.db, story.id)]);
    return page(
      reply,
      <StoryCommentsPage
        ctx={ctx}
        role={user.role}
        story={story}
        mode={info.mode}
        slowModeSeconds={info.slowModeSeconds}
        count={info.publishedCount}
        csrf={csrfToken(request, reply)}
        flash={flashOf(request)}
      />,
    );
  });

  app.post<{ Params: { slug: string }; Body: Form }>('/desk/stories/:slug/comments', { schema: { params: slugParams, body: THREAD_FORM } }, async (request, reply) => {
    const user = staffOf(request);
    const story = await findStoryRef(app.db, { slug: request.params.slug });
    if (!story) throw new NotFoundError();
    const slow = Number(request.body?.slow ?? 0);
    await app.conversation.setThreadMode(actorOf(user), story.id, (request.body?.mode ?? 'default') as ThreadMode, slow);
    return reply.redirect(`/desk/stories/${story.slug}/comments?done=${encodeURIComponent('Saved.')}`, 303);
  });

  app.get<{ Querystring: { before?: string } }>('/desk/moderation/log', async (request, reply) => {
    const user = staffOf(request);
    const before = request.query.before && request.query.before.length < 300 ? request.query.before : undefined;
    const [ctx, entries] = await Promise.all([app.site.load(app.db), listLog(app.db, { ...(before ? { before } : {}), limit: 51 })]);
    const more = entries.length > 50;
    const shown = entries.slice(0, 50);
    return page(reply, <LogPage ctx={ctx} role={user.role} entries={shown} next={more && shown.length > 0 ? logCursor(shown[shown.length - 1]!) : null} />);
  });

  async function settingsPage(request: FastifyRequest, reply: FastifyReply, error: string | null, status = 200) {
    const [ctx, settings] = await Promise.all([app.site.load(app.db), loadModerationSettings(app.db)]);
    return page(reply, <SettingsPage ctx={ctx} settings={settings} site={ctx.settings} csrf={csrfToken(request, reply)} flash={flashOf(request)} error={error} />, status);
  }

  app.get<{ Querystring: { done?: string } }>('/desk/settings', adminOnly, async (request, reply) => {
    return settingsPage(request, reply, null);
  });

  app.post<{ Body: Form }>('/desk/settings', { ...adminOnly, schema: { body: SETTINGS_FORM } }, async (request, reply) => {
    const user = staffOf(request);
    const body = request.body ?? {};
    const keys: (keyof ModerationSettings)[] = ['siteMode', 'premodUntilApproved', 'linksNeedApproved', 'maxLength', 'perMinute', 'reportThreshold', 'toxicityThreshold', 'scorerUrl', 'scorerKey', 'requireVerifiedEmail'];
    const changes = Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, String(body[k])]));
    try {
      await saveConversationSettings(app.db, actorOf(user), { changes, guidelines: String(body.guidelines ?? '') });
    } catch (error) {
      if (error instanceof AppError && error.status === 400) return settingsPage(request, reply, error.message, 400);
      throw error;
    }
    return reply.redirect(`/desk/settings?done=${encodeURIComponent('Settings saved.')}`, 303);
  });
});
