// The conversation's optional emails: a reply to your comment, and a moderator's decision on
// it. Each goes only to readers who turned it on (account page), never to the replier
// themselves. They are queued in the outbox in the transaction that published the reply or
// recorded the decision, and written when sent, from the comment as it then stands.
import { queueEmail, type EmailRenderers } from '../notify/index.ts';
import type { Queryable } from '../../storage/index.ts';

/** In the reply's transaction: queues the email to the parent's writer, if they asked for replies. */
export async function queueReplyEmail(tx: Queryable, reply: { id: string; parentId: string | null; authorId: string | null }): Promise<void> {
  if (!reply.parentId) return;
  const parent = await tx
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select(['u.id', 'u.email', 'u.notify_replies'])
    .where('c.id', '=', reply.parentId)
    .executeTakeFirst();
  if (!parent || Number(parent.notify_replies) !== 1 || parent.id === reply.authorId) return;
  await queueEmail(tx, { key: `comment.reply:${reply.id}`, to: parent.email, template: 'comment.reply', data: { replyId: reply.id } });
}

/** In the decision's transaction: queues the email to the comment's writer, if they asked for decisions. */
export async function queueDecisionEmail(tx: Queryable, decision: { commentId: string; authorId: string | null; decision: 'approve' | 'reject'; reason: string; at: string }): Promise<void> {
  if (!decision.authorId) return;
  const writer = await tx.selectFrom('users').select(['email', 'notify_decisions']).where('id', '=', decision.authorId).executeTakeFirst();
  if (!writer || Number(writer.notify_decisions) !== 1) return;
  await queueEmail(tx, {
    key: `comment.decision:${decision.commentId}:${decision.decision}:${decision.at}`,
    to: writer.email,
    template: 'comment.decision',
    data: { commentId: decision.commentId, decision: decision.decision, reason: decision.reason },
  });
}

async function commentWithStory(db: Queryable, commentId: string) {
  return db
    .selectFrom('comments as c')
    .innerJoin('stories as s', 's.id', 'c.story_id')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select(['c.id', 'c.parent_id', 'c.status', 'c.body_markdown', 's.headline', 'u.display_name'])
    .where('c.id', '=', commentId)
    .executeTakeFirst();
}

const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
};

export function commentEmailRenderers(ctx: { db: Queryable; publicUrl: string; siteName(): string }): EmailRenderers {
  const footer = () => `You get these emails because you asked for them; turn them off on your account page: ${ctx.publicUrl}/account\n\n${ctx.siteName()}`;
  return {
    async 'comment.reply'(_row, data) {
      const reply = await commentWithStory(ctx.db, String(data.replyId));
      // A reply removed before its email went out is not announced.
      if (!reply?.parent_id || reply.status !== 'published') return null;
      const parent = await ctx.db.selectFrom('comments as c').leftJoin('users as u', 'u.id', 'c.author_id').select(['u.display_name']).where('c.id', '=', reply.parent_id).executeTakeFirst();
      const who = reply.display_name ?? 'Someone';
      return {
        subject: `${who} replied to your comment on "${reply.headline}"`,
        text: `Hello ${parent?.display_name ?? ''},\n\n${who} replied to your comment on "${reply.headline}":\n\n  ${excerpt(reply.body_markdown)}\n\nRead the conversation: ${ctx.publicUrl}/comments/${reply.id}\n\n${footer()}`,
      };
    },
    async 'comment.decision'(_row, data) {
      const comment = await commentWithStory(ctx.db, String(data.commentId));
      if (!comment) return null;
      const approved = data.decision === 'approve';
      return {
        subject: approved ? `Your comment on "${comment.headline}" is published` : `Your comment on "${comment.headline}" was not published`,
        text: `Hello ${comment.display_name ?? ''},\n\n${approved ? 'A moderator approved your comment; it is now part of the conversation.' : `A moderator decided not to publish your comment. The reason: ${String(data.reason ?? '')}`}\n\n  ${excerpt(comment.body_markdown)}\n\n${ctx.publicUrl}/comments/${comment.id}\n\n${footer()}`,
      };
    },
  };
}
