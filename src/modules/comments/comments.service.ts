// Posting, editing, deleting and reporting comments, and moderators' decisions on them. Every
// submission runs the moderation pipeline; the writer always learns the outcome and its reason.
import { randomUUID } from 'node:crypto';
import { AppError, type ErrorCode } from '../../errors.ts';
import {
  actOnUser,
  appendLog,
  compileLists,
  listWords,
  loadModerationSettings,
  moderate,
  perspectiveScorer,
  wordListScorer,
  type Actor,
  type CompiledWordLists,
  type ModerationSettings,
  decisionText,
  type DecisionCode,
  type PhaseDecision,
  type StoredDecision,
  type ToxicityScorer,
  type UserAction,
  type WriterHistory,
} from '../moderation/index.ts';
import { EventBus } from '../events/index.ts';
import { commentFingerprint } from '../text/index.ts';
import { groupCommit, nowIso, timeOrderedId, withTransaction, type CommentStatus, type Db, type Queryable, type ThreadMode, type Tx } from '../../storage/index.ts';
import { getComment, getThreadInfo, type CommentView } from './comments.repository.ts';

export const EDIT_WINDOW_MS = 10 * 60_000;
export const REPORT_REASONS = ['off-topic', 'abusive', 'spam', 'misinformation', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export class CommentError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
  }
}

/** What the writer is told, and what the page does next. */
export type PostResult =
  | { outcome: 'published' | 'pending' | 'rejected'; comment: CommentView; reasons: string[] }
  | { outcome: 'refused' | 'confirm'; code: DecisionCode; reason: string };

/** A change readers would see live: a comment appeared, changed or went away. */
export interface ThreadEvent {
  storyId: string;
  commentId: string;
  /** 'changed': something else readers see (featured, closed, edited) */
  kind: 'published' | 'removed' | 'changed';
  count: number;
}

export interface ConversationOptions {
  db: Db;
  /** Where the conversation's domain events go after each commit (live updates, emails). */
  events?: EventBus;
  /** Replaces the scorer chosen from settings (tests, benchmarks). */
  scorer?: ToxicityScorer;
  /** How long compiled word lists are reused (ms); other processes' edits show after this. */
  wordListTtlMs?: number;
  now?: () => Date;
}

const RECENT_MS = 10 * 60_000;
/** The longest slow mode a story can have. */
export const SLOW_MODE_MAX_SECONDS = 3600;

export type Conversation = ReturnType<typeof createConversation>;

export function createConversation(options: ConversationOptions) {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const ttl = options.wordListTtlMs ?? 2000;
  let lists: { at: number; value: Promise<CompiledWordLists> } | null = null;

  let policy: { at: number; value: Promise<ModerationSettings> } | null = null;
  // New comments arrive in bursts on a busy story; a burst shares one commit.
  const newComments = groupCommit(db);

  /** Word lists and settings change rarely and are read on every post: reused for `ttl` ms. */
  function wordLists(): Promise<CompiledWordLists> {
    if (!lists || Date.now() - lists.at >= ttl) lists = { at: Date.now(), value: listWords(db).then(compileLists) };
    return lists.value;
  }

  function moderationSettings(): Promise<ModerationSettings> {
    if (!policy || Date.now() - policy.at >= ttl) policy = { at: Date.now(), value: loadModerationSettings(db) };
    return policy.value;
  }

  function scorerFor(settings: ModerationSettings, compiled: CompiledWordLists): ToxicityScorer {
    if (options.scorer) return options.scorer;
    const offline = wordListScorer({ matcher: compiled.toxic, weights: compiled.toxicWeights });
    return settings.scorerUrl ? perspectiveScorer({ url: settings.scorerUrl, key: settings.scorerKey, fallback: offline }) : offline;
  }

  const bus = options.events ?? new EventBus();
  /** Readers' view of threads changed: after commit, every listener hears it. */
  const emit = (events: ThreadEvent[]) => bus.emit(...events.map((event) => ({ type: 'thread.changed' as const, ...event })));

  /**
   * The writer as the pipeline sees them, in one query. Approved comments are counted only up to
   * the highest threshold a rule asks about: a regular with thousands costs no more than a newcomer.
   */
  async function writerOf(q: Queryable, userId: string, settings: ModerationSettings) {
    const cap = Math.max(settings.premodUntilApproved, settings.linksNeedApproved, 1);
    const user = await q
      .selectFrom('users as u')
      .select((eb) => [
        'u.id',
        'u.role',
        'u.mod_status',
        'u.suspended_until',
        'u.display_name',
        'u.email_verified_at',
        eb
          .selectFrom((qb) => qb.selectFrom('comments as c').select('c.author_id').whereRef('c.author_id', '=', 'u.id').where('c.status', '=', 'published').limit(cap).as('a'))
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('approved'),
      ])
      .where('u.id', '=', userId)
      .executeTakeFirst();
    if (!user) throw new CommentError('SIGN_IN_REQUIRED', 'Sign in to comment.');
    return {
      id: user.id,
      role: user.role,
      modStatus: user.mod_status,
      suspendedUntil: user.suspended_until,
      approvedCount: Number(user.approved ?? 0),
      emailVerified: user.email_verified_at !== null,
      displayName: user.display_name,
    };
  }

  async function storyFor(q: Queryable, storyId: string) {
    const story = await q
      .selectFrom('stories as s')
      .leftJoin('comment_threads as t', 't.story_id', 's.id')
      .select(['s.status', 't.mode', 't.slow_mode_seconds'])
      .where('s.id', '=', storyId)
      .executeTakeFirst();
    if (!story) throw new CommentError('STORY_NOT_FOUND', 'That story does not exist.');
    return { published: story.status === 'published', mode: story.mode ?? ('default' as ThreadMode), slowModeSeconds: Number(story.slow_mode_seconds ?? 0) };
  }

  /**
   * What the rate limits and the repeat check need to know of the writer's recent comments. Each
   * part is its own bounded range of the comments_author index (a covering index): the minute's
   * count stops at the limit, and slow mode looks back as far as the longest slow mode allows.
   */
  async function historyOf(q: Queryable, input: { userId: string; storyId: string; fingerprint: string; excludeId?: string | undefined }, perMinute: number): Promise<WriterHistory> {
    const at = now().getTime();
    const since = (ms: number) => new Date(at - ms).toISOString();
    const mine = (window: number) => {
      let query = q.selectFrom('comments').where('author_id', '=', input.userId).where('created_at', '>', since(window));
      if (input.excludeId) query = query.where('id', '!=', input.excludeId);
      return query;
    };
    const row = await q
      .selectNoFrom((eb) => [
        eb.selectFrom(mine(60_000).select('author_id').limit(Math.max(perMinute, 1)).as('m')).select((e) => e.fn.countAll<number>().as('n')).as('last_minute'),
        mine(60_000).select((e) => e.fn.min('created_at').as('t')).as('oldest'),
        mine(SLOW_MODE_MAX_SECONDS * 1000).where('story_id', '=', input.storyId).select((e) => e.fn.max('created_at').as('t')).as('last_on_story'),
        mine(RECENT_MS).where('fingerprint', '=', input.fingerprint).select('author_id').limit(1).as('repeated'),
      ])
      .executeTakeFirst();
    return {
      lastMinute: Number(row?.last_minute ?? 0),
      oldestInLastMinute: row?.oldest ?? null,
      lastOnStory: row?.last_on_story ?? null,
      repeated: (row?.repeated ?? null) !== null,
    };
  }

  /** Readers' view of a thread changed: counts and the stamp that keys cached story pages. */
  async function touchThread(tx: Tx, storyId: string, countDelta: number): Promise<number> {
    const at = nowIso(now());
    const row = await tx
      .insertInto('comment_threads')
      .values({ story_id: storyId, published_count: Math.max(0, countDelta), modified_at: at })
      .onConflict((oc) =>
        oc.column('story_id').doUpdateSet((eb) => ({
          published_count: eb('comment_threads.published_count', '+', countDelta),
          modified_at: at,
        })),
      )
      .returning('published_count')
      .executeTakeFirstOrThrow();
    return Number(row.published_count);
  }

  /** Moves a comment between statuses, keeping the thread's counts right; returns the live event. */
  async function changeStatus(tx: Tx, comment: { id: string; story_id: string; root_id: string; level: number; status: CommentStatus }, to: CommentStatus, extra: { body_html?: string; body_markdown?: string } = {}): Promise<ThreadEvent> {
    const wasVisible = comment.status === 'published';
    const visible = to === 'published';
    const delta = (visible ? 1 : 0) - (wasVisible ? 1 : 0);
    await tx.updateTable('comments').set({ status: to, status_changed_at: nowIso(now()), ...extra }).where('id', '=', comment.id).execute();
    const count = await countVisible(tx, comment, delta);
    return { storyId: comment.story_id, commentId: comment.id, kind: visible ? 'published' : 'removed', count };
  }

  /** A comment appeared (+1) or went (-1) for readers: its root's replies and the thread's count follow. */
  async function countVisible(tx: Tx, comment: { story_id: string; root_id: string; level: number }, delta: number): Promise<number> {
    if (delta !== 0 && Number(comment.level) > 0) {
      await tx.updateTable('comments').set((eb) => ({ reply_count: eb('reply_count', '+', delta) })).where('id', '=', comment.root_id).execute();
    }
    return touchThread(tx, comment.story_id, delta);
  }

  async function loadRow(q: Queryable, id: string) {
    const row = await q.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new CommentError('COMMENT_NOT_FOUND', 'That comment does not exist.');
    return row;
  }

  function logHeld(tx: Tx, id: string, outcome: 'pending' | 'rejected', reasons: string[]) {
    return appendLog(tx, { actor: null, action: outcome === 'pending' ? 'hold comment' : 'reject comment', targetType: 'comment', targetId: id, reason: reasons.join(' ') });
  }

  /** Gathers what the pipeline needs (in parallel, policy first) and asks it for a verdict. */
  async function judge(input: { userId: string; storyId: string; body: string; confirmed: boolean; editing?: string }) {
    const fingerprint = commentFingerprint(input.body);
    const settings = await moderationSettings();
    const [writer, story, compiled, history] = await Promise.all([
      writerOf(db, input.userId, settings),
      storyFor(db, input.storyId),
      wordLists(),
      historyOf(db, { userId: input.userId, storyId: input.storyId, fingerprint, excludeId: input.editing }, settings.perMinute),
    ]);
    const verdict = await moderate({
      submission: { body: input.body, confirmed: input.confirmed, ...(input.editing ? { editing: true } : {}) },
      writer,
      story,
      settings,
      words: compiled,
      scorer: scorerFor(settings, compiled),
      history,
      storyId: input.storyId,
      now: now(),
    });
    return { verdict, writer, fingerprint };
  }

  return {
    async post(input: { storyId: string; userId: string; parentId?: string | null; body: string; confirmed?: boolean }): Promise<PostResult> {
      const body = input.body.replace(/\r\n?/g, '\n');
      let parent: Awaited<ReturnType<typeof loadRow>> | null = null;
      if (input.parentId) {
        parent = await loadRow(db, input.parentId);
        if (parent.story_id !== input.storyId) throw new CommentError('COMMENT_REPLY_WRONG_STORY', 'That reply does not belong to this story.');
        if (parent.status !== 'published') return { outcome: 'refused', code: 'REPLY_PARENT_GONE', reason: decisionText({ action: 'refuse', code: 'REPLY_PARENT_GONE' }) };
      }
      const { verdict, writer, fingerprint } = await judge({ userId: input.userId, storyId: input.storyId, body, confirmed: input.confirmed === true });
      if (verdict.outcome === 'refused' || verdict.outcome === 'confirm') return { outcome: verdict.outcome, code: verdict.code, reason: verdict.reason };

      const id = timeOrderedId(now().getTime());
      const level = parent ? Math.min(Number(parent.level) + 1, 2) : 0;
      const displayParent = parent ? (Number(parent.level) >= 2 ? parent.display_parent_id : parent.id) : null;
      const rootId = parent?.root_id ?? id;
      const at = nowIso(now());
      const status: CommentStatus = verdict.outcome;
      const event = await newComments.run(async (tx) => {
        await tx
          .insertInto('comments')
          .values({
            id,
            story_id: input.storyId,
            parent_id: parent?.id ?? null,
            root_id: rootId,
            display_parent_id: displayParent,
            level,
            author_id: writer.id,
            body_markdown: body,
            body_html: verdict.html,
            fingerprint,
            status,
            toxicity: verdict.toxicity,
            decisions: JSON.stringify(verdict.decisions satisfies PhaseDecision[]),
            created_at: at,
            status_changed_at: at,
          })
          .execute();
        if (verdict.outcome !== 'published') {
          await logHeld(tx, id, verdict.outcome, verdict.reasons);
          return null;
        }
        const count = await countVisible(tx, { story_id: input.storyId, root_id: rootId, level }, 1);
        return { storyId: input.storyId, commentId: id, kind: 'published', count } satisfies ThreadEvent;
      });
      if (event) {
        emit([event]);
        bus.emit({ type: 'comment.published', commentId: id, storyId: input.storyId, parentId: parent?.id ?? null, authorId: writer.id });
      }
      // Built from what is known rather than read back: the comment was just written as it stands.
      const comment: CommentView = {
        id,
        storyId: input.storyId,
        parentId: parent?.id ?? null,
        rootId,
        displayParentId: displayParent,
        level,
        authorId: writer.id,
        authorName: writer.displayName,
        staff: writer.role !== 'reader',
        html: verdict.html,
        markdown: body,
        status,
        featured: false,
        createdAt: at,
        editedAt: null,
        replyCount: 0,
        reportCount: 0,
        toxicity: verdict.toxicity,
        inReplyTo: null,
        replies: [],
        hiddenReplies: 0,
      };
      return { outcome: verdict.outcome, comment, reasons: verdict.reasons };
    },

    /** The writer's own comment, within ten minutes of posting; it runs the pipeline again. */
    async edit(input: { commentId: string; userId: string; body: string; confirmed?: boolean }): Promise<PostResult> {
      const row = await loadRow(db, input.commentId);
      if (row.author_id !== input.userId) throw new CommentError('COMMENT_NOT_YOURS', 'You can only edit your own comments.');
      if (row.status === 'deleted' || row.status === 'rejected') throw new CommentError('COMMENT_LOCKED', 'This comment can no longer be edited.');
      if (now().getTime() - Date.parse(row.created_at) > EDIT_WINDOW_MS) throw new CommentError('COMMENT_EDIT_WINDOW_PASSED', 'Comments can be edited for 10 minutes after posting; that time has passed.');
      const body = input.body.replace(/\r\n?/g, '\n');
      const { verdict, fingerprint } = await judge({ userId: input.userId, storyId: row.story_id, body, confirmed: input.confirmed === true, editing: row.id });
      if (verdict.outcome === 'refused' || verdict.outcome === 'confirm') return { outcome: verdict.outcome, code: verdict.code, reason: verdict.reason };
      const event = await withTransaction(db, async (tx) => {
        await tx
          .updateTable('comments')
          .set({ body_markdown: body, body_html: verdict.html, fingerprint, toxicity: verdict.toxicity, decisions: JSON.stringify(verdict.decisions), edited_at: nowIso(now()) })
          .where('id', '=', row.id)
          .execute();
        const result = await changeStatus(tx, row, verdict.outcome);
        if (verdict.outcome !== 'published') await logHeld(tx, row.id, verdict.outcome, verdict.reasons);
        return result;
      });
      emit([event]);
      const comment = await getComment(db, row.id);
      if (!comment) throw new Error(`comment ${row.id} vanished after edit`);
      return { outcome: verdict.outcome, comment, reasons: verdict.reasons };
    },

    /** The writer's own comment: its text is removed; replies stay under a placeholder. */
    async remove(input: { commentId: string; userId: string }): Promise<void> {
      const row = await loadRow(db, input.commentId);
      if (row.author_id !== input.userId) throw new CommentError('COMMENT_NOT_YOURS', 'You can only delete your own comments.');
      if (row.status === 'deleted') return;
      const event = await withTransaction(db, (tx) => changeStatus(tx, row, 'deleted', { body_html: '', body_markdown: '' }));
      emit([event]);
    },

    /** One report per reader per comment; enough distinct reports hide it until a moderator looks. */
    async report(input: { commentId: string; userId: string; reason: string; note?: string }): Promise<{ hidden: boolean }> {
      if (!(REPORT_REASONS as readonly string[]).includes(input.reason)) throw new CommentError('REPORT_REASON_REQUIRED', 'Choose a reason for the report.');
      const note = (input.note ?? '').trim().slice(0, 1000);
      if (input.reason === 'other' && note === '') throw new CommentError('REPORT_NOTE_REQUIRED', 'Say what is wrong in the note when the reason is "other".');
      const row = await loadRow(db, input.commentId);
      if (row.author_id === input.userId) throw new CommentError('COMMENT_OWN_REPORT', 'You cannot report your own comment.');
      if (row.status !== 'published') throw new CommentError('COMMENT_NOT_SHOWN', 'That comment is not shown any more.');
      const settings = await moderationSettings();
      const result = await withTransaction(db, async (tx) => {
        const existing = await tx.selectFrom('comment_reports').select('id').where('comment_id', '=', row.id).where('reporter_id', '=', input.userId).executeTakeFirst();
        if (existing) throw new CommentError('COMMENT_ALREADY_REPORTED', 'You have already reported this comment; a moderator will look at it.');
        await tx
          .insertInto('comment_reports')
          .values({ id: randomUUID(), comment_id: row.id, reporter_id: input.userId, reason: input.reason, note: note || null, created_at: nowIso(now()), resolved_at: null })
          .execute();
        await tx.updateTable('comments').set((eb) => ({ report_count: eb('report_count', '+', 1) })).where('id', '=', row.id).execute();
        const open = await tx
          .selectFrom('comment_reports')
          .select((eb) => eb.fn.count('reporter_id').distinct().as('n'))
          .where('comment_id', '=', row.id)
          .where('resolved_at', 'is', null)
          .executeTakeFirst();
        if (Number(open?.n ?? 0) < settings.reportThreshold) return null;
        await appendLog(tx, { actor: null, action: 'hide comment', targetType: 'comment', targetId: row.id, reason: `${settings.reportThreshold} readers reported it; waiting for review.` });
        return changeStatus(tx, row, 'pending');
      });
      if (result) emit([result]);
      return { hidden: result !== null };
    },

    /** A moderator's decision: publish, or reject with a reason. Open reports are closed. */
    async decide(actor: Actor, commentId: string, decision: 'approve' | 'reject', reason = ''): Promise<void> {
      const row = await loadRow(db, commentId);
      if (row.status === 'deleted') throw new CommentError('COMMENT_DELETED', 'The writer deleted this comment.');
      const why = reason.trim().slice(0, 500);
      if (decision === 'reject' && why === '') throw new CommentError('DECISION_REASON_REQUIRED', 'Give a reason for rejecting: the writer will see it.');
      const event = await withTransaction(db, async (tx) => {
        await tx.updateTable('comment_reports').set({ resolved_at: nowIso(now()) }).where('comment_id', '=', row.id).where('resolved_at', 'is', null).execute();
        await tx.updateTable('comments').set({ report_count: 0 }).where('id', '=', row.id).execute();
        const to: CommentStatus = decision === 'approve' ? 'published' : 'rejected';
        if (decision === 'reject') {
          const decisions = [...(JSON.parse(row.decisions) as StoredDecision[]), { phase: 'moderator', action: 'reject', code: 'MODERATOR_REJECTED', meta: { reason: why } } satisfies PhaseDecision];
          await tx.updateTable('comments').set({ decisions: JSON.stringify(decisions) }).where('id', '=', row.id).execute();
        }
        await appendLog(tx, { actor, action: `${decision} comment`, targetType: 'comment', targetId: row.id, reason: why || null });
        return row.status === to ? null : changeStatus(tx, row, to);
      });
      if (event) emit([event]);
      bus.emit({ type: 'comment.decided', commentId: row.id, storyId: row.story_id, decision, reason: why, changed: event !== null });
      if (event && decision === 'approve') bus.emit({ type: 'comment.published', commentId: row.id, storyId: row.story_id, parentId: row.parent_id, authorId: row.author_id });
    },

    async feature(actor: Actor, commentId: string, featured: boolean): Promise<void> {
      const row = await loadRow(db, commentId);
      if (featured && row.status !== 'published') throw new CommentError('FEATURE_UNPUBLISHED', 'Only published comments can be featured.');
      await withTransaction(db, async (tx) => {
        await tx.updateTable('comments').set({ featured: featured ? 1 : 0 }).where('id', '=', row.id).execute();
        const count = await touchThread(tx, row.story_id, 0);
        await appendLog(tx, { actor, action: featured ? 'feature comment' : 'unfeature comment', targetType: 'comment', targetId: row.id });
        return count;
      }).then((count) => emit([{ storyId: row.story_id, commentId: row.id, kind: 'changed', count }]));
    },

    /**
     * A moderator acts on a commenter; a ban may reject every comment they have on the site too.
     * One transaction: the ban and the rejections stand or fall together.
     */
    async moderateUser(actor: Actor, userId: string, action: UserAction, input: { reason: string; hours?: number; rejectAll?: boolean }): Promise<{ rejected: number }> {
      const events = await withTransaction(db, async (tx) => {
        await actOnUser(tx, actor, userId, action, { reason: input.reason, hours: input.hours ?? 0 });
        if (action !== 'ban' || !input.rejectAll) return [];
        const rows = await tx.selectFrom('comments').selectAll().where('author_id', '=', userId).where('status', 'in', ['published', 'pending']).execute();
        const out: ThreadEvent[] = [];
        for (const row of rows) out.push(await changeStatus(tx, row, 'rejected'));
        await appendLog(tx, { actor, action: 'reject all comments', targetType: 'user', targetId: userId, reason: `${rows.length} comments. ${input.reason}`.trim() });
        return out;
      });
      emit(events);
      bus.emit({ type: 'user.moderated', userId, action, rejectedComments: events.length });
      return { rejected: events.length };
    },

    async setThreadMode(actor: Actor, storyId: string, mode: ThreadMode, slowModeSeconds: number): Promise<void> {
      if (!['default', 'open', 'premod', 'closed'].includes(mode)) throw new CommentError('THREAD_MODE_INVALID', 'Choose open, pre-moderated, closed or the site default.');
      if (!(Number.isInteger(slowModeSeconds) && slowModeSeconds >= 0 && slowModeSeconds <= SLOW_MODE_MAX_SECONDS)) throw new CommentError('SLOW_MODE_INVALID', `Slow mode is 0 to ${SLOW_MODE_MAX_SECONDS} seconds.`);
      await storyFor(db, storyId);
      const count = await withTransaction(db, async (tx) => {
        const at = nowIso(now());
        await tx
          .insertInto('comment_threads')
          .values({ story_id: storyId, mode, slow_mode_seconds: slowModeSeconds, modified_at: at })
          .onConflict((oc) => oc.column('story_id').doUpdateSet({ mode, slow_mode_seconds: slowModeSeconds, modified_at: at }))
          .execute();
        await appendLog(tx, { actor, action: `set comments ${mode}`, targetType: 'story', targetId: storyId, reason: slowModeSeconds ? `slow mode ${slowModeSeconds} s` : null });
        return (await getThreadInfo(tx, storyId)).publishedCount;
      });
      emit([{ storyId, commentId: '', kind: 'changed', count }]);
    },
  };
}
