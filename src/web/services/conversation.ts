// The conversation's use cases (posting through the pipeline, moderators' decisions), and the
// renderers of the emails they queue.
import { commentEmailRenderers, createConversation, type Conversation } from '../../modules/comments/index.ts';
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
  app.outbox.addRenderers(commentEmailRenderers({ db: app.db, publicUrl: config.publicUrl, siteName: () => app.site.lastKnown().settings.siteName }));
});
