// Rows gathered into JSON inside one query (a story with its authors, topics and picture), so
// a page is one read. The engines spell it differently: SQLite has json_group_array and
// answers with text; PostgreSQL has json_agg and its driver parses the result.
import type { RawBuilder } from 'kysely';
import * as pg from 'kysely/helpers/postgres';
import * as sqlite from 'kysely/helpers/sqlite';
import type { Queryable } from './database.ts';
import { isPostgres } from './precompiled.ts';

/** A select query used as a value (what Kysely's helpers take). */
type Subquery<O> = Parameters<typeof sqlite.jsonArrayFrom<O>>[0];

/** The rows of `expr` as one JSON array column ('[]' when there are none). */
export function jsonArrayFrom<O>(db: Queryable, expr: Subquery<O>): RawBuilder<unknown> {
  return isPostgres(db) ? pg.jsonArrayFrom(expr) : sqlite.jsonArrayFrom(expr);
}

/** The one row of `expr` as a JSON object column, or null. */
export function jsonObjectFrom<O>(db: Queryable, expr: Subquery<O>): RawBuilder<unknown> {
  return isPostgres(db) ? pg.jsonObjectFrom(expr) : sqlite.jsonObjectFrom(expr);
}

/**
 * A JSON column's value as JavaScript: SQLite's text is parsed, PostgreSQL's is already. Also
 * used for JSON nested in JSON, which SQLite may hand over as a string inside the object.
 */
export function fromJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
