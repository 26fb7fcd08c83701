// Moderators' actions on comments and commenters: decide, feature, act on a user (a ban may
// reject all their comments in the same transaction), and set a thread's mode.
import { actOnUser, appendLog, type Actor, type PhaseDecision, type StoredDecision, type UserAction } from '../moderation/index.ts';
import { nowIso, withTransaction } from '../../storage/index.ts';
import type { CommentStatus, ThreadMode } from './domain.ts';
import { getThreadInfo } from './comments.repository.ts';
import { THREAD_MODES } from './domain.ts';
import type { ConversationContext } from './conversation-context.ts';
import { CommentError, SLOW_MODE_MAX_SECONDS, type ThreadEvent } from './conversation-types.ts';
import { storyFor } from './pipeline-inputs.ts';
import { queueDecisionEmail, queueReplyEmail } from './comment-emails.ts';
import { changeStatus, loadRow, touchThread } from './thread-state.ts';

export function moderatorActions(ctx: ConversationContext) {
  const { db, now, bus, emit } = ctx;
  return {
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
        if (row.status === to) return null;
        const changed = await changeStatus(ctx, tx, row, to);
        await queueDecisionEmail(tx, { commentId: row.id, authorId: row.author_id, decision, reason: why, at: nowIso(now()) });
        if (decision === 'approve') await queueReplyEmail(tx, { id: row.id, parentId: row.parent_id, authorId: row.author_id });
        return changed;
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
        const count = await touchThread(ctx, tx, row.story_id, 0);
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
        for (const row of rows) out.push(await changeStatus(ctx, tx, row, 'rejected'));
        await appendLog(tx, { actor, action: 'reject all comments', targetType: 'user', targetId: userId, reason: `${rows.length} comments. ${input.reason}`.trim() });
        return out;
      });
      emit(events);
      bus.emit({ type: 'user.moderated', userId, action, rejectedComments: events.length });
      return { rejected: events.length };
    },

    async setThreadMode(actor: Actor, storyId: string, mode: ThreadMode, slowModeSeconds: number): Promise<void> {
      if (!(THREAD_MODES as readonly string[]).includes(mode)) throw new CommentError('THREAD_MODE_INVALID', 'Choose open, pre-moderated, closed or the site default.');
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
