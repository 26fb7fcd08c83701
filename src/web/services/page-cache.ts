// Rendered pages and their parts, and the short-lived stamps that say whether they are current.
import type { StoryStamp } from '../../modules/stories/index.ts';
import { PageCache } from '../page-cache.ts';
import { StampCache } from '../stamp-cache.ts';
import { defineService } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    cache: PageCache;
    storyStamps: StampCache<StoryStamp | null>;
    contentStamps: StampCache<string>;
  }
}

export const service = defineService('page-cache', [], async (app, { config }) => {
  app.decorate('cache', new PageCache(config.pageCacheBytes));
  app.decorate('storyStamps', new StampCache<StoryStamp | null>(config.stampTtlMs));
  app.decorate('contentStamps', new StampCache<string>(config.stampTtlMs));
});
