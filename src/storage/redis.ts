// Redis for several app processes when REDIS_URL is set: pub/sub for live updates and shared
// counters for rate limits. The database keeps working without it.
import { Redis } from 'ioredis';
import type { AttemptCounter } from './attempt-counter.ts';
import type { Broadcast } from './database.ts';

export interface RedisServices {
  /** The command connection, for libraries that keep their own keys (the HTTP rate limit). */
  client: Redis;
  broadcast: Broadcast;
  attempts: AttemptCounter;
  close(): Promise<void>;
}

export async function openRedis(url: string, prefix = 'masthead:'): Promise<RedisServices> {
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true } as const;
  const commands = new Redis(url, options);
  // A subscribed connection can only listen, so publishing and counting use another one.
  const subscriber = new Redis(url, options);
  commands.on('error', () => {});
  subscriber.on('error', () => {});
  await Promise.all([commands.connect(), subscriber.connect()]);
  const handlers = new Map<string, Set<(payload: string) => void>>();
  subscriber.on('message', (channel: string, payload: string) => {
    for (const handler of handlers.get(channel.slice(prefix.length)) ?? []) handler(payload);
  });
  const attemptsPrefix = `${prefix}attempts:`;
  return {
    client: commands,
    broadcast: {
      async publish(channel, payload) {
        await commands.publish(prefix + channel, payload);
      },
      async subscribe(channel, handler) {
        const set = handlers.get(channel) ?? new Set();
        if (set.size === 0) await subscriber.subscribe(prefix + channel);
        set.add(handler);
        handlers.set(channel, set);
        return async () => {
          set.delete(handler);
          if (set.size === 0) {
            handlers.delete(channel);
            await subscriber.unsubscribe(prefix + channel).catch(() => {});
          }
        };
      },
    },
    attempts: {
      async hit(key, windowMs) {
        const [[, hits], [, ttl]] = (await commands.multi().incr(attemptsPrefix + key).pttl(attemptsPrefix + key).exec()) as [[null, number], [null, number]];
        let left = ttl;
        if (ttl < 0) {
          await commands.pexpire(attemptsPrefix + key, windowMs);
          left = windowMs;
        }
        return { hits, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
      },
      async peek(key) {
        const [[, value], [, ttl]] = (await commands.multi().get(attemptsPrefix + key).pttl(attemptsPrefix + key).exec()) as [[null, string | null], [null, number]];
        return { hits: Number(value ?? 0), retryAfterSeconds: ttl > 0 ? Math.ceil(ttl / 1000) : 0 };
      },
      async reset(key) {
        await commands.del(attemptsPrefix + key);
      },
    },
    async close() {
      subscriber.disconnect();
      await commands.quit().catch(() => commands.disconnect());
    },
  };
}
