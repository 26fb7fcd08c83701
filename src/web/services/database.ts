// The database, and Redis when REDIS_URL is set (live updates and rate limits go through it).
import { openRedis, type Db, type RedisServices } from '../../storage/index.ts';
import type { Config } from '../../config.ts';
import { defineService } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    /** Shared counters and the broadcast across processes; null without REDIS_URL. */
    redis: RedisServices | null;
  }
}

export const service = defineService('database', [], async (app, { config, database }) => {
  app.decorate('config', config);
  app.decorate('db', database.db);
  const redis = config.redisUrl ? await openRedis(config.redisUrl, config.redisPrefix) : null;
  if (redis) app.addHook('onClose', () => redis.close());
  app.decorate('redis', redis);
});
