// What a writer does with their comments, and what any reader does with others': post, edit
// within ten minutes, delete, report. Each submission runs the moderation pipeline, and the
// writer always learns the outcome and its reason.
import { randomUUID } from 'node:crypto';
import { appendLog, decisionText, recheckRecentHistory, type PhaseDecision } from '../moderation/index.ts';
import { visibleText } from '../text/index.ts';
import { nowIso, timeOrderedId, withTransaction } from '../../storage/index.ts';
import type { CommentStatus } from './domain.ts';
import { getComment, type CommentView } from './comments.repository.ts';
import { queueReplyEmail } from './comment-emails.ts';
import type { ConversationContext } from './conversation-context.ts';
import { CommentError, EDIT_WINDOW_MS, REPORT_REASONS, type PostResult, type ThreadEvent } from './conversation-types.ts';
import { judge, recentHistoryInWrite } from './pipeline-inputs.ts';
import { changeStatus, countVisible, loadRow, logHeld } from './thread-state.ts';

/** Reports one account may make in an hour. */
export const REPORTS_PER_HOUR = 20;
const REPORT_WINDOW_MS = 3600_000;

export function writerActions(ctx: ConversationContext) {
  const { db, now, bus, emit, newComments } = ctx;
  return {
    async post(input: { storyId: string; userId: string; parentId?: string | null; body: string; confirmed?: boolean }): Promise<PostResult> {
      const body = visibleText(input.body).replace(/\r\n?/g, '\n');
      let parent: Awaited<ReturnType<typeof loadRow>> | null = null;
      if (input.parentId) {
        parent = await loadRow(db, input.parentId);
        if (parent.story_id !== input.storyId) throw new CommentError('COMMENT_REPLY_WRONG_STORY', 'That reply does not belong to this story.');
        if (parent.status !== 'published') return { outcome: 'refused', code: 'REPLY_PARENT_GONE', reason: decisionText({ action: 'refuse', code: 'REPLY_PARENT_GONE' }) };
      }
      const { verdict, writer, fingerprint, settings, story } = await judge(ctx, { userId: input.userId, storyId: input.storyId, body, confirmed: input.confirmed === true });
      if (verdict.outcome === 'refused' || verdict.outcome === 'confirm') return { outcome: verdict.outcome, code: verdict.code, reason: verdict.reason };

      const id = timeOrderedId(now().getTime());
      const level = parent ? Math.min(Number(parent.level) + 1, 2) : 0;
      const displayParent = parent ? (Number(parent.level) >= 2 ? parent.display_parent_id : parent.id) : null;
      const rootId = parent?.root_id ?? id;
      const at = nowIso(now());
      const status: CommentStatus = verdict.outcome;
      const written = await newComments.run(async (tx) => {
        // Parallel posts from one writer are judged one after another: the group has locked the
        // writer's row (the key below), and the rules on what they posted just now run again on
        // what is committed (security review #10.6).
        const history = await recentHistoryInWrite(ctx, tx, { userId: writer.id, storyId: input.storyId, fingerprint }, settings);
        const again = recheckRecentHistory({ submission: { body, confirmed: input.confirmed === true }, history, settings, story, now: now() });
        if (again) return { refused: again, event: null };
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
          return { refused: null, event: null };
        }
        const count = await countVisible(ctx, tx, { story_id: input.storyId, root_id: rootId, level }, 1);
        await queueReplyEmail(tx, { id, parentId: parent?.id ?? null, authorId: writer.id });
        return { refused: null, event: { storyId: input.storyId, commentId: id, kind: 'published', count } satisfies ThreadEvent };
      }, writer.id);
      if (written.refused) return { outcome: 'refused', code: written.refused.code, reason: decisionText(written.refused) };
      const event = written.event ?? null;
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
      const body = visibleText(input.body).replace(/\r\n?/g, '\n');
      const { verdict, fingerprint } = await judge(ctx, { userId: input.userId, storyId: row.story_id, body, confirmed: input.confirmed === true, editing: row.id });
      if (verdict.outcome === 'refused' || verdict.outcome === 'confirm') return { outcome: verdict.outcome, code: verdict.code, reason: verdict.reason };
      // A comment held for review (by the pipeline, or hidden by readers' reports) stays held
      // when its writer edits it: an edit is not a way past the moderators (#10.12).
      if (row.status === 'pending' && verdict.outcome === 'published') {
        const held = { phase: 'edit', action: 'hold', code: 'EDITED_WHILE_HELD' } satisfies PhaseDecision;
        verdict.outcome = 'pending';
        verdict.decisions.push(held);
        verdict.reasons.push(decisionText(held));
      }
      const event = await withTransaction(db, async (tx) => {
        await tx
          .updateTable('comments')
          .set({ body_markdown: body, body_html: verdict.html, fingerprint, toxicity: verdict.toxicity, decisions: JSON.stringify(verdict.decisions), edited_at: nowIso(now()) })
          .where('id', '=', row.id)
          .execute();
        const result = await changeStatus(ctx, tx, row, verdict.outcome);
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
      const event = await withTransaction(db, (tx) => changeStatus(ctx, tx, row, 'deleted', { body_html: '', body_markdown: '' }));
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
      // Reports can hide a comment, so only accounts that could comment in good standing may
      // make them, a few an hour (security review #10.8): throwaway accounts cannot hide anyone.
      const reporter = await db.selectFrom('users').select(['email_verified_at', 'mod_status']).where('id', '=', input.userId).executeTakeFirst();
      if (!reporter || reporter.email_verified_at === null) throw new CommentError('REPORT_NOT_ALLOWED', 'Confirm your email address before you report comments.');
      if (reporter.mod_status !== 'active') throw new CommentError('REPORT_NOT_ALLOWED', 'Your account cannot report comments at the moment.');
      const since = new Date(now().getTime() - REPORT_WINDOW_MS).toISOString();
      const recent = await db.selectFrom('comment_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('reporter_id', '=', input.userId).where('created_at', '>', since).executeTakeFirst();
      if (Number(recent?.n ?? 0) >= REPORTS_PER_HOUR) throw new CommentError('REPORT_RATE_LIMITED', `You can report up to ${REPORTS_PER_HOUR} comments an hour; a moderator is looking at the ones you sent.`);
      const author = row.author_id ? await db.selectFrom('users').select('role').where('id', '=', row.author_id).executeTakeFirst() : undefined;
      const settings = await ctx.moderationSettings();
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
        // Staff comments are never hidden by reports; the reports still reach the desk.
        if (Number(open?.n ?? 0) < settings.reportThreshold || (author && author.role !== 'reader')) return null;
        await appendLog(tx, { actor: null, action: 'hide comment', targetType: 'comment', targetId: row.id, reason: `${settings.reportThreshold} readers reported it; waiting for review.` });
        return changeStatus(ctx, tx, row, 'pending');
      });
      if (result) emit([result]);
      return { hidden: result !== null };
    },
  };
}
