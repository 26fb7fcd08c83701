// The table types Kysely is given (storage/schema.ts) and the schema the migrations make agree,
// table for table and column for column, on both engines.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { ROLES } from '../../src/modules/accounts/index.ts';
import { COMMENT_STATUSES, THREAD_MODES } from '../../src/modules/comments/index.ts';
import { WORD_LISTS } from '../../src/modules/moderation/index.ts';
import { STORY_STATUSES } from '../../src/modules/stories/index.ts';
import { SCHEMA_COLUMNS } from '../../src/storage/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const BOOKKEEPING = /^(masthead_migrations|masthead_migrations_lock|sqlite_.*)$/;
// Each engine's own form of the search index (decision 0020): SQLite's FTS5 table and its
// shadow tables, which the types do not describe; PostgreSQL's tsvector column, which SQLite lacks.
const SQLITE_INDEX_TABLES = /^story_fts(_\w+)?$/;
const POSTGRES_ONLY_COLUMNS = ['story_search.document'];

describeEachDialect('schema types and migrations', (database) => {
  it('has exactly the tables and columns the types describe', async () => {
    const { db, dialect } = database().handle;
    const actual = new Map<string, string[]>();
    if (dialect === 'sqlite') {
      const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
      for (const { name } of tables.rows) {
        if (BOOKKEEPING.test(name) || SQLITE_INDEX_TABLES.test(name)) continue;
        const columns = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
        actual.set(name, columns.rows.map((c) => c.name).sort());
      }
    } else {
      const columns = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns where table_schema = current_schema()`.execute(db);
      for (const { table_name, column_name } of columns.rows) {
        if (BOOKKEEPING.test(table_name)) continue;
        actual.set(table_name, [...(actual.get(table_name) ?? []), column_name].sort());
      }
    }
    const engineOnly = new Set<string>(dialect === 'sqlite' ? POSTGRES_ONLY_COLUMNS : []);
    const expected = new Map(Object.entries(SCHEMA_COLUMNS).map(([table, columns]) => [table, Object.keys(columns).filter((c) => !engineOnly.has(`${table}.${c}`)).sort()]));
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), 'the same tables');
    for (const [table, columns] of expected) assert.deepEqual(actual.get(table), columns, `the columns of ${table}`);
  });

  it('checks each column that holds a module\'s vocabulary against exactly that vocabulary', async () => {
    const { db, dialect } = database().handle;
    // The CHECK constraint of each such column, as the engine reports it.
    const checks = new Map<string, string>();
    if (dialect === 'sqlite') {
      const tables = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and sql is not null`.execute(db);
      for (const row of tables.rows) for (const m of row.sql.matchAll(/constraint "(\w+)" check \(([^)]*)\)/g)) checks.set(m[1]!, m[2]!);
    } else {
      const rows = await sql<{ conname: string; def: string }>`select conname, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'c'`.execute(db);
      for (const row of rows.rows) checks.set(row.conname, row.def);
    }
    const vocabularies: [string, readonly string[]][] = [
      ['stories_status', STORY_STATUSES],
      ['users_role', ROLES],
      ['comment_threads_mode', THREAD_MODES],
      ['comments_status', COMMENT_STATUSES],
      ['moderation_words_list', WORD_LISTS],
    ];
    for (const [constraint, values] of vocabularies) {
      const text = checks.get(constraint);
      assert.ok(text, `${constraint} exists`);
      const allowed = [...text.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]).sort();
      assert.deepEqual(allowed, [...values].sort(), constraint);
    }
  });
});
