// LISTEN/NOTIFY between app processes on one PostgreSQL. One dedicated connection listens;
// when it drops, it reconnects (with backoff) and listens again, so live updates recover.
import pg from 'pg';
import type { Broadcast } from '../database.ts';

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Messages per NOTIFY statement (two parameters each). */
const NOTIFY_BATCH = 100;

export function postgresBroadcast(url: string, pool: pg.Pool): Broadcast & { close(): Promise<void> } {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;
  let retryMs = 250;

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    next.on('error', () => reconnectSoon(next));
    next.on('end', () => reconnectSoon(next));
    await next.connect();
    for (const channel of handlers.keys()) await next.query(`listen ${channel}`);
    retryMs = 250;
    return next;
  }

  function reconnectSoon(dead: pg.Client) {
    if (client !== dead || closed) return;
    client = null;
    const retry = () => {
      if (closed || client || handlers.size === 0) return;
      connecting = connect();
      connecting.then(
        (c) => {
          client = c;
          connecting = null;
        },
        () => {
          connecting = null;
          retryMs = Math.min(retryMs * 2, 10_000);
          setTimeout(retry, retryMs).unref();
        },
      );
    };
    setTimeout(retry, retryMs).unref();
  }

  async function listener(): Promise<pg.Client> {
    if (client) return client;
    connecting ??= connect().finally(() => {
      connecting = null;
    });
    client = await connecting;
    return client;
  }

  // Messages published in the same turn of the event loop (the comments of one group commit)
  // go out in one statement: one round trip for the burst, in the order they were published.
  let outbox: { channel: string; payload: string; done: (error?: unknown) => void }[] = [];
  function flush() {
    const batch = outbox.slice(0, NOTIFY_BATCH);
    outbox = outbox.slice(batch.length);
    if (outbox.length > 0) setImmediate(flush);
    const calls = batch.map((_, i) => `pg_notify($${i * 2 + 1}, $${i * 2 + 2})`).join(', ');
    pool.query(`select ${calls}`, batch.flatMap((m) => [m.channel, m.payload])).then(
      () => batch.forEach((m) => m.done()),
      (error: unknown) => batch.forEach((m) => m.done(error)),
    );
  }

  return {
    publish(channel, payload) {
      if (!CHANNEL_NAME.test(channel)) return Promise.reject(new Error(`bad channel name ${channel}`));
      return new Promise<void>((resolve, reject) => {
        if (outbox.length === 0) setImmediate(flush);
        outbox.push({ channel, payload, done: (error) => (error === undefined ? resolve() : reject(error)) });
      });
    },
    async subscribe(channel, handler) {
      if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name ${channel}`);
      const set = handlers.get(channel) ?? new Set();
      const first = set.size === 0;
      set.add(handler);
      handlers.set(channel, set);
      const c = await listener();
      if (first) await c.query(`listen ${channel}`);
      return async () => {
        set.delete(handler);
        if (set.size === 0) {
          handlers.delete(channel);
          await client?.query(`unlisten ${channel}`).catch(() => {});
        }
      };
    },
    async close() {
      closed = true;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
