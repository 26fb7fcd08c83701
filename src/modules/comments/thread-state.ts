// A comment's status and the thread's counts move together, in the caller's transaction: the
// count readers see, the root's reply count and the stamp that keys cached story pages.
import { appendLog } from '../moderation/index.ts';
import { nowIso, type Queryable, type Tx } from '../../storage/index.ts';
import type { CommentStatus } from './domain.ts';
import type { ConversationContext } from './conversation-context.ts';
import { CommentError, type ThreadEvent } from './conversation-types.ts';

/** Readers' view of a thread changed: counts and the stamp that keys cached story pages. */
export async function touchThread(ctx: ConversationContext, tx: Tx, storyId: string, countDelta: number): Promise<number> {
  const at = nowIso(ctx.now());
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
export async function changeStatus(ctx: ConversationContext, tx: Tx, comment: { id: string; story_id: string; root_id: string; level: number; status: CommentStatus }, to: CommentStatus, extra: { body_html?: string; body_markdown?: string } = {}): Promise<ThreadEvent> {
  const wasVisible = comment.status === 'published';
  const visible = to === 'published';
  const delta = (visible ? 1 : 0) - (wasVisible ? 1 : 0);
  await tx.updateTable('comments').set({ status: to, status_changed_at: nowIso(ctx.now()), ...extra }).where('id', '=', comment.id).execute();
  const count = await countVisible(ctx, tx, comment, delta);
  return { storyId: comment.story_id, commentId: comment.id, kind: visible ? 'published' : 'removed', count };
}

/** A comment appeared (+1) or went (-1) for readers: its root's replies and the thread's count follow. */
export async function countVisible(ctx: ConversationContext, tx: Tx, comment: { story_id: string; root_id: string; level: number }, delta: number): Promise<number> {
  if (delta !== 0 && Number(comment.level) > 0) {
    await tx.updateTable('comments').set((eb) => ({ reply_count: eb('reply_count', '+', delta) })).where('id', '=', comment.root_id).execute();
  }
  return touchThread(ctx, tx, comment.story_id, delta);
}

export async function loadRow(q: Queryable, id: string) {
  const row = await q.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new CommentError('COMMENT_NOT_FOUND', 'That comment does not exist.');
  return row;
}

export function logHeld(tx: Tx, id: string, outcome: 'pending' | 'rejected', reasons: string[]) {
  return appendLog(tx, { actor: null, action: outcome === 'pending' ? 'hold comment' : 'reject comment', targetType: 'comment', targetId: id, reason: reasons.join(' ') });
}

