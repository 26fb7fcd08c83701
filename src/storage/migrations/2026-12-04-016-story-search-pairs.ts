// Frozen once landed. Story search, second shape (decision 0020, "Phrases and the row"): the
// search row keeps no copy of the words, only a digest of them (so a row whose words fell
// behind the story can still be found), and the index also holds each field's neighbouring word
// pairs, so a quoted phrase is a lookup of rare pair terms instead of a walk through the position
// lists of its common words. SQLite's FTS5 table becomes contentless (the words were stored
// twice: in story_search and in the index); PostgreSQL's tsvector gains the pairs as lexemes.
// The rows of 015 are dropped: the search module rewrites every story's at start-up, as it does
// for a site new to search.
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
  if (!postgres) {
    for (const trigger of ['story_search_insert', 'story_search_delete', 'story_search_update']) await sql`drop trigger if exists ${sql.ref(trigger)}`.execute(db);
    await sql`drop table if exists story_fts`.execute(db);
  }
  await db.schema.dropTable('story_search').ifExists().execute();
  await db.schema
    .createTable('story_search')
    .addColumn('doc_id', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
    .addColumn('story_id', 'text', (c) => c.notNull().unique().references('stories.id').onDelete('cascade'))
    .addColumn('stamp', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    // A digest of the folded words the index holds for the story: the same words are not indexed twice.
    .addColumn('digest', 'text', (c) => c.notNull())
    .$call((t) => (postgres ? t.addColumn('document', sql`tsvector`, (c) => c.notNull()) : t))
    .execute();
  if (postgres) {
    await sql`create index story_search_document on story_search using gin (document)`.execute(db);
    return;
  }
  // The word columns, then each one's pairs ("north_shore_"): '_' joins a pair into one term, and
  // the trailing one keeps the stemmer off it, so a phrase matches its words as written.
  await sql`create virtual table story_fts using fts5(
    headline, standfirst, body, extra, headline_pairs, standfirst_pairs, body_pairs, extra_pairs,
    content = '', contentless_delete = 1,
    tokenize = "porter unicode61 remove_diacritics 2 tokenchars '_'"
  )`.execute(db);
  // A story deleted takes its search row with it (the foreign key), and the row its terms.
  await sql`create trigger story_search_delete after delete on story_search begin
    delete from story_fts where rowid = old.doc_id;
  end`.execute(db);
}
