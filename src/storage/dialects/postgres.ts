import { Kysely, PostgresDialect } from 'kysely';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { redactUrl } from '../../config.ts';
import { DatabaseUnavailableError } from '../../errors.ts';
import type { Database, DbHandle } from '../database.ts';
import { postgresBroadcast } from './postgres-broadcast.ts';

// Statements run as named prepared statements, so PostgreSQL parses and plans each text once per
// connection rather than on every run: on the comment path that is about a third of the
// database's CPU. The name is a hash of the text, so a name always means the same text on every
// connection. Transaction control and statements with many parameters (long id lists, each
// length its own text) run unnamed.
const UNNAMED = /^\s*(begin|commit|rollback|savepoint|release|listen|unlisten|set|show)\b/i;
const MAX_NAMED_PARAMETERS = 64;
const statementNames = new LRUCache<string, string>({ max: 2000 });

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `mh_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return name;
}

function preparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown, callback?: unknown) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length <= MAX_NAMED_PARAMETERS && !UNNAMED.test(config)) {
      return query({ name: statementName(config), text: config, values }, callback);
    }
    return query(config, values, callback);
  };
}

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
  pool.on('connect', (client) => {
    client.on('error', () => {});
    preparedStatements(client);
  });
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
