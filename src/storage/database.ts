// The database boundary: the factory that opens either engine, transactions, and the types
// repositories take. The tables themselves are in schema.ts.
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.ts';
import { openPostgres } from './dialects/postgres.ts';
import { openSqlite } from './dialects/sqlite.ts';
import type { Database } from './schema.ts';

export type * from './schema.ts';


export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repositories accept either the database or an open transaction. */
export type Queryable = Db | Tx;

/**
 * Messages between the app processes sharing one database (live comment updates). PostgreSQL
 * uses LISTEN/NOTIFY; SQLite, a file for one process, delivers within the process.
 */
export interface Broadcast {
  publish(channel: string, payload: string): Promise<void>;
  /** Resolves once listening; the returned function stops listening. */
  subscribe(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
}

export interface DbHandle {
  readonly db: Db;
  readonly broadcast: Broadcast;
  readonly dialect: 'sqlite' | 'postgres';
  /** A human-readable name of where the data lives (password hidden). */
  readonly location: string;
  close(): Promise<void>;
}

export async function createDb(config: Pick<Config, 'database'>): Promise<DbHandle> {
  const database = config.database;
  return database.kind === 'sqlite' ? openSqlite(database.file) : openPostgres(database.url);
}

export function nowIso(date: Date = new Date()): string {
  return date.toISOString();
}

/** Runs fn in a transaction, or inside the caller's when one is already open. */
export async function withTransaction<T>(db: Queryable, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  return (db as Db).transaction().execute(fn);
}
