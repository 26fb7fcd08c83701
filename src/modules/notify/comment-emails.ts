// The optional emails of the conversation: a reply to your comment, and a moderator's decision
// on it. Each goes only to readers who turned it on (account page), never to the replier
// themselves, and never holds up the request that caused it.
import type { Queryable } from '../../storage/index.ts';
import type { EventBus } from '../events/index.ts';
import type { Mailer } from './outbox.ts';

export interface CommentEmailContext {
  db: Queryable;
  mailer: Mailer;
  publicUrl: string;
  siteName: () => string;
}

async function commentWithStory(db: Queryable, commentId: string) {
  return db
    .selectFrom('comments as c')
    .innerJoin('stories as s', 's.id', 'c.story_id')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select(['c.id', 'c.parent_id', 'c.author_id', 'c.body_markdown', 's.slug', 's.headline', 'u.display_name', 'u.email', 'u.notify_decisions'])
    .where('c.id', '=', commentId)
    .executeTakeFirst();
}

const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
};

export function commentEmails(ctx: CommentEmailContext) {
  return {
    /** A reply was published: tell the parent's writer, if they asked to be told. */
    async replyPublished(commentId: string): Promise<boolean> {
      const reply = await commentWithStory(ctx.db, commentId);
      if (!reply?.parent_id) return false;
      const parent = await ctx.db
        .selectFrom('comments as c')
        .innerJoin('users as u', 'u.id', 'c.author_id')
        .select(['u.id', 'u.email', 'u.display_name', 'u.notify_replies'])
        .where('c.id', '=', reply.parent_id)
        .executeTakeFirst();
      if (!parent || Number(parent.notify_replies) !== 1 || parent.id === reply.author_id) return false;
      await ctx.mailer.send({
        to: parent.email,
        subject: `${reply.display_name ?? 'Someone'} replied to your comment on "${reply.headline}"`,
        text: `Hello ${parent.display_name},\n\n${reply.display_name ?? 'Someone'} replied to your comment on "${reply.headline}":\n\n  ${excerpt(reply.body_markdown)}\n\nRead the conversation: ${ctx.publicUrl}/comments/${reply.id}\n\nYou get these emails because you asked for them; turn them off on your account page: ${ctx.publicUrl}/account\n\n${ctx.siteName()}`,
      });
      return true;
    },

    /** A moderator approved or rejected a comment: tell its writer, if they asked to be told. */
    async decisionMade(commentId: string, decision: 'approve' | 'reject', reason: string): Promise<boolean> {
      const comment = await commentWithStory(ctx.db, commentId);
      if (!comment?.email || Number(comment.notify_decisions) !== 1) return false;
      const approved = decision === 'approve';
      await ctx.mailer.send({
        to: comment.email,
        subject: approved ? `Your comment on "${comment.headline}" is published` : `Your comment on "${comment.headline}" was not published`,
        text: `Hello ${comment.display_name ?? ''},\n\n${approved ? 'A moderator approved your comment; it is now part of the conversation.' : `A moderator decided not to publish your comment. The reason: ${reason}`}\n\n  ${excerpt(comment.body_markdown)}\n\n${ctx.publicUrl}/comments/${comment.id}\n\nYou get these emails because you asked for them; turn them off on your account page: ${ctx.publicUrl}/account\n\n${ctx.siteName()}`,
      });
      return true;
    },
  };
}

export type CommentEmails = ReturnType<typeof commentEmails>;

/** Sends the emails when the conversation says what happened: a reply appeared, a decision was made. */
export function subscribeCommentEmails(events: EventBus, emails: CommentEmails): void {
  events.on('comment.published', async (event) => {
    if (event.parentId) await emails.replyPublished(event.commentId);
  });
  events.on('comment.decided', async (event) => {
    if (event.changed) await emails.decisionMade(event.commentId, event.decision, event.reason);
  });
}
