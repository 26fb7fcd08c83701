// The conversation's use cases (posting through the pipeline, moderators' decisions), with the
// emails they set off.
import { createConversation, type Conversation } from '../../modules/comments/index.ts';
import { commentEmails, subscribeCommentEmails } from '../../modules/notify/index.ts';
import { defineService } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    conversation: Conversation;
  }
}

export const service = defineService('conversation', ['database', 'events', 'mailer', 'site'], async (app, { config, scorer }) => {
  app.decorate(
    'conversation',
    createConversation({
      db: app.db,
      events: app.events,
      // Word-list edits on another process show as soon as cached pages would.
      wordListTtlMs: config.stampTtlMs,
      scorerAllowPrivate: config.scorerAllowPrivate,
      ...(scorer ? { scorer } : {}),
    }),
  );
  subscribeCommentEmails(app.events, commentEmails({ db: app.db, mailer: app.mailer, publicUrl: config.publicUrl, siteName: () => app.site.lastKnown().settings.siteName }));
});
