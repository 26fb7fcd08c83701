import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { redactUrl } from '../../config.ts';
import { DatabaseUnavailableError } from '../../errors.ts';
import type { Database, DbHandle } from '../database.ts';
import { postgresBroadcast } from './postgres-broadcast.ts';

function describeTarget(url: string): string {
  const parsed = new URL(url);
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  return `${host}:${parsed.port || '5432'}${parsed.pathname}`;
}

export async function openPostgres(url: string): Promise<DbHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server went away emits here; without a listener the process would crash.
  // The pool drops that client and later queries reconnect, so the site recovers by itself.
  pool.on('error', () => {});
  // A checked-out client between two queries has no pool listener; its next query fails anyway,
  // so the event itself carries nothing to act on.
  pool.on('connect', (client) => client.on('error', () => {}));
  const target = describeTarget(url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(
      `Cannot reach PostgreSQL at ${target} (DATABASE_URL=${redactUrl(url)}): ${reason}`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const broadcast = postgresBroadcast(url, pool);
  return {
    db,
    dialect: 'postgres',
    broadcast,
    location: `postgres://${target}`,
    async close() {
      await broadcast.close();
      await db.destroy();
    },
  };
}
