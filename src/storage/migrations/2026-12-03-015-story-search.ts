// Frozen once landed. Story search (decision 0020): one row per story holding the words the
// search index reads (headline, standfirst, body text, and the rest: captions, credits, bylines,
// topics, dateline), already folded (case, accents) by the search module, and the story's stamp
// when the row was written, so a row that fell behind its story can be found, with its status
// and publication time. SQLite indexes the
// rows with an external-content FTS5 table kept in step by triggers; PostgreSQL with a tsvector
// column written in the same statement and a GIN index. The rows of an existing site are
// written by the search module at start-up (it finds every story without a current row).
import { type Kysely, sql } from 'kysely';

// SQLite has no version(); asking PostgreSQL something it lacks would abort the migration's transaction.
async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = await isPostgres(db);
  await db.schema
    .createTable('story_search')
    // FTS5 keys its rows by integer; PostgreSQL numbers them the same way so both read alike.
    .addColumn('doc_id', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
    .addColumn('story_id', 'text', (c) => c.notNull().unique().references('stories.id').onDelete('cascade'))
    .addColumn('stamp', 'text', (c) => c.notNull())
    // The story's status and publication time, copied with its words, so a reader's search
    // filters and ranks from this table alone.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .$call((t) => (postgres ? t.addColumn('document', sql`tsvector`, (c) => c.notNull()) : t))
    .execute();
  if (postgres) {
    await sql`create index story_search_document on story_search using gin (document)`.execute(db);
    return;
  }
  await sql`create virtual table story_fts using fts5(
    headline, standfirst, body, extra,
    content = 'story_search', content_rowid = 'doc_id',
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
  const columns = sql.raw('headline, standfirst, body, extra');
  const fresh = sql.raw('new.headline, new.standfirst, new.body, new.extra');
  const old = sql.raw('old.headline, old.standfirst, old.body, old.extra');
  await sql`create trigger story_search_insert after insert on story_search begin
    insert into story_fts (rowid, ${columns}) values (new.doc_id, ${fresh});
  end`.execute(db);
  await sql`create trigger story_search_delete after delete on story_search begin
    insert into story_fts (story_fts, rowid, ${columns}) values ('delete', old.doc_id, ${old});
  end`.execute(db);
  // A row rewritten with the same words (only its stamp moved) leaves the index alone.
  await sql`create trigger story_search_update after update on story_search
  when old.headline is not new.headline or old.standfirst is not new.standfirst or old.body is not new.body or old.extra is not new.extra
  begin
    insert into story_fts (story_fts, rowid, ${columns}) values ('delete', old.doc_id, ${old});
    insert into story_fts (rowid, ${columns}) values (new.doc_id, ${fresh});
  end`.execute(db);
}
