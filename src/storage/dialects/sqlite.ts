import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database, DbHandle } from '../database.ts';
import { localBroadcast } from '../local-broadcast.ts';
import { ensureWritableDir } from '../writable-dir.ts';
import { ConfigError } from '../../errors.ts';

/**
 * Kysely prepares every query anew; compiling the SQL is a good part of a short query's cost.
 * The same few hundred query texts recur, so their prepared statements are kept (LRU). Safe
 * because Kysely runs each statement to completion (all() or run()) before the next one.
 */
function withStatementCache(connection: BetterSqlite3.Database, capacity = 500): BetterSqlite3.Database {
  const cache = new LRUCache<string, BetterSqlite3.Statement>({ max: capacity });
  const prepare = (source: string) => {
    let statement = cache.get(source);
    if (!statement) cache.set(source, (statement = connection.prepare(source)));
    return statement;
  };
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export async function openSqlite(file: string): Promise<DbHandle> {
  if (file !== ':memory:') ensureWritableDir(path.dirname(file), 'the SQLite database folder');
  let connection: BetterSqlite3.Database;
  try {
    connection = new BetterSqlite3(file);
    // WAL lets readers proceed while a writer commits; NORMAL sync is safe with WAL.
    connection.pragma('journal_mode = WAL');
  } catch (error) {
    // SQLite's own message ("unable to open database file") does not say which file.
    throw new ConfigError(`cannot open the SQLite database ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // Checkpoints run inside commits and their cost grows with the pages they copy (about 7 µs a
  // page here): many small ones (~2 ms) keep request latency even, where SQLite's default of
  // 1,000 pages stalls a busy site for 10-20 ms at a time.
  connection.pragma('wal_autocheckpoint = 250');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  return {
    db,
    dialect: 'sqlite',
    broadcast: localBroadcast(),
    location: file,
    async close() {
      await db.destroy();
    },
  };
}
