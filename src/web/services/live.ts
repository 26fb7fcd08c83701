// Live comment updates: a change to a thread (heard from this process's events, or from any
// process over the broadcast) makes the next page fresh at once and reaches open streams.
import { LiveComments } from '../live-comments.tsx';
import { defineService } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveComments;
  }
}

export const service = defineService('live', ['database', 'events', 'site', 'page-cache'], async (app, { database }) => {
  const live = new LiveComments(app.db, app.redis?.broadcast ?? database.broadcast, () => app.site.lastKnown().timeZone);
  live.onEvent = (event) => app.contentStamps.forget(`thread:${event.storyId}`);
  app.events.on('thread.changed', (event) => {
    app.contentStamps.forget(`thread:${event.storyId}`);
    live.publish(event);
  });
  await live.start();
  // Before the server stops accepting: open event streams would otherwise hold close() open.
  app.addHook('preClose', () => live.stop());
  app.decorate('live', live);
});
