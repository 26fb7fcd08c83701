// Domain events after commit: modules emit, subscribers (live updates, emails) listen. A failing
// subscriber is logged and never fails the use case that emitted.
import { EventBus } from '../../modules/events/index.ts';
import { defineService } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    events: EventBus;
  }
}

export const service = defineService('events', [], async (app) => {
  app.decorate('events', new EventBus((error, event) => app.log.warn({ err: error, event: event.type }, 'an event handler failed')));
});
