// Search's use cases: keeping the index in step with the stories (inside their transactions),
// rebuilding it, and answering readers' and the desk's queries with highlighted excerpts.
import { sql } from 'kysely';
import { AppError } from '../../errors.ts';
import { isPostgres, withTransaction, type Queryable } from '../../storage/index.ts';
import { bodyText, readSearchDocuments, wordsDigest } from './search-document.ts';
import { postgresConfig, SEARCH_CONFIG_KEY, searchIndexFor, type SearchFilters, type WriteOptions } from './search-index.ts';
import { parseSearch } from './search-query.ts';
import { highlight, snippet, type Snippet, type TextPart } from './snippet.ts';

async function settingValue(db: Queryable, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

/** The configuration the site's language asks for (PostgreSQL; SQLite's tokenizer is fixed). */
async function wantedConfig(db: Queryable): Promise<string> {
  return postgresConfig((await settingValue(db, 'language')) ?? 'en');
}

/**
 * Rewrites the search rows of these stories from what they hold now. The stories module calls it
 * in every transaction that changes a story, so the index commits (or rolls back) with it.
 */
export async function indexStories(tx: Queryable, storyIds: readonly string[], options: WriteOptions = {}): Promise<void> {
  if (storyIds.length === 0) return;
  const documents = await readSearchDocuments(tx, [...new Set(storyIds)]);
  await searchIndexFor(tx).write(tx, documents, options);
}

/** A library picture's caption or credit changed: the stories showing it are found by the new words. */
export async function indexStoriesShowing(tx: Queryable, mediaId: string): Promise<void> {
  const rows = await tx.selectFrom('story_media').select('story_id').where('media_id', '=', mediaId).execute();
  await indexStories(tx, rows.map((r) => r.story_id));
}

/** An author's byline name changed: their stories are found by the new one. */
export async function indexStoriesBy(tx: Queryable, authorId: string): Promise<void> {
  const rows = await tx.selectFrom('story_authors').select('story_id').where('author_id', '=', authorId).execute();
  await indexStories(tx, rows.map((r) => r.story_id));
}

const REBUILD_BATCH = 500;

export interface RebuildProgress {
  done: number;
  total: number;
}

export interface RebuildOptions {
  onProgress?: ((p: RebuildProgress) => void) | undefined;
  /** Stops between batches (the server shutting down); what was written stays. */
  signal?: AbortSignal | undefined;
}

/**
 * Rewrites the rows of the stories `next` hands out, a batch after the last id at a time (so a
 * million stories never sit in memory at once), each batch its own transaction.
 */
async function rebuild(db: Queryable, total: number, next: (after: string) => Promise<string[]>, { onProgress, signal }: RebuildOptions, write: WriteOptions): Promise<number> {
  let done = 0;
  let after = '';
  for (;;) {
    if (signal?.aborted) return done;
    const ids = await next(after);
    if (ids.length === 0) return done;
    await withTransaction(db, (tx) => indexStories(tx, ids, write));
    done += ids.length;
    after = ids[ids.length - 1]!;
    onProgress?.({ done, total: Math.max(total, done) });
  }
}

/**
 * Writes the rows of stories that have none or an older one than the story (a site upgraded
 * to search, stories loaded in bulk); when the site's language asks for another PostgreSQL
 * configuration than the rows were written in, rewrites them all. Returns how many it wrote.
 */
export async function syncSearchIndex(db: Queryable, options: RebuildOptions = {}): Promise<number> {
  const wanted = await wantedConfig(db);
  const current = await settingValue(db, SEARCH_CONFIG_KEY);
  if (current !== wanted) return reindexSearch(db, options);
  const stale = () =>
    db
      .selectFrom('stories as s')
      .leftJoin('story_search as ss', 'ss.story_id', 's.id')
      .where((eb) => eb.or([eb('ss.stamp', 'is', null), eb('ss.stamp', '<>', eb.ref('s.modified_at'))]));
  const total = Number((await stale().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  if (total === 0) return 0;
  return rebuild(db, total, async (after) => (await stale().select('s.id').where('s.id', '>', after).orderBy('s.id').limit(REBUILD_BATCH).execute()).map((r) => r.id), options, {});
}

export interface SearchRowProblem {
  storyId: string;
  problem: 'missing' | 'behind' | 'different' | 'unindexed';
}

// Rows whose terms are absent: on SQLite not in story_fts (every indexed row has its sizes
// there), on PostgreSQL an empty document (every story has a headline).
async function withoutTerms(db: Queryable): Promise<Set<string>> {
  const query = isPostgres(db) ? sql<{ story_id: string }>`select story_id from story_search where length(document) = 0` : sql<{ story_id: string }>`select story_id from story_search where doc_id not in (select id from story_fts_docsize)`;
  const rows = await query.execute(db);
  return new Set(rows.rows.map((r) => r.story_id));
}

/**
 * Stories whose search row is missing, older than the story, holds other words than the story
 * does now, or has no terms in the index. Empty when the index is in step: the check
 * tests run after every use case.
 */
export async function searchIndexProblems(db: Queryable): Promise<SearchRowProblem[]> {
  const rows = await db.selectFrom('stories as s').leftJoin('story_search as ss', 'ss.story_id', 's.id').select(['s.id', 's.modified_at', 'ss.stamp', 'ss.status', 'ss.published_at', 'ss.digest']).execute();
  const fresh = new Map((await readSearchDocuments(db, rows.map((r) => r.id))).map((d) => [d.storyId, d]));
  const unindexed = await withoutTerms(db);
  const problems: SearchRowProblem[] = [];
  for (const row of rows) {
    const want = fresh.get(row.id);
    if (row.stamp === null) problems.push({ storyId: row.id, problem: 'missing' });
    else if (row.stamp !== row.modified_at) problems.push({ storyId: row.id, problem: 'behind' });
    else if (!want || want.status !== row.status || want.publishedAt !== row.published_at || wordsDigest(want) !== row.digest) problems.push({ storyId: row.id, problem: 'different' });
    else if (unindexed.has(row.id)) problems.push({ storyId: row.id, problem: 'unindexed' });
  }
  return problems;
}

/** Rewrites every story's row (in batches, each its own transaction). Returns how many it wrote. */
export async function reindexSearch(db: Queryable, options: RebuildOptions = {}): Promise<number> {
  const config = await wantedConfig(db);
  await db
    .insertInto('settings')
    .values({ key: SEARCH_CONFIG_KEY, value: config })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: config }))
    .execute();
  const total = Number((await db.selectFrom('stories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  // Every story's terms written again, whatever the digests say: a rebuild trusts nothing.
  return rebuild(db, total, async (after) => (await db.selectFrom('stories').select('id').where('id', '>', after).orderBy('id').limit(REBUILD_BATCH).execute()).map((r) => r.id), options, { rewrite: true });
}

export interface SearchOptions extends SearchFilters {
  sort?: 'relevance' | 'newest' | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
  window?: number | undefined;
}

export interface SearchHit {
  storyId: string;
  headline: TextPart[];
  excerpt: Snippet;
}

export type SearchOutcome =
  | { ok: true; hits: SearchHit[]; next: string | null; words: string[]; capped: boolean; window: number }
  | { ok: false; code: 'SEARCH_EMPTY' | 'SEARCH_ONLY_EXCLUDED' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(value: string | undefined): void {
  if (value === undefined) return;
  const time = Date.parse(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new AppError('SEARCH_DATE_INVALID', 'Give dates as year, month and day, such as 2026-12-03.');
  }
}

/**
 * Story ids for a search, in the index's order, without excerpts: the desk's lists load their
 * own rows. A query with nothing to look for is the same outcome as for readers.
 */
export async function searchStoryIds(db: Queryable, input: string, options: SearchOptions): Promise<{ ok: true; ids: string[]; next: string | null } | { ok: false; code: 'SEARCH_EMPTY' | 'SEARCH_ONLY_EXCLUDED' }> {
  const found = await findPage(db, input, options);
  return found.ok ? { ok: true, ids: found.page.storyIds, next: found.page.next } : found;
}

/** The one path of every search: the box's text read, the dates checked, a page from the index. */
async function findPage(db: Queryable, input: string, options: SearchOptions) {
  const parsed = parseSearch(input);
  if (!parsed.ok) return parsed;
  checkDay(options.fromDay);
  checkDay(options.toDay);
  const page = await searchIndexFor(db).find(db, { ...options, query: parsed.query, sort: options.sort ?? 'relevance', limit: options.limit ?? 20 });
  return { ok: true as const, page, words: parsed.words };
}

/**
 * Finds stories for what was typed in a search box. Readers get published stories only; staff
 * every status (or those asked for). A query with nothing to look for is an outcome, not an error.
 */
export async function searchStories(db: Queryable, input: string, options: SearchOptions): Promise<SearchOutcome> {
  const found = await findPage(db, input, options);
  if (!found.ok) return found;
  const { page, words } = found;
  if (page.storyIds.length === 0) return { ok: true, hits: [], next: null, words, capped: false, window: page.window };
  const stories = await db.selectFrom('stories').select(['id', 'headline', 'standfirst', 'body_html']).where('id', 'in', page.storyIds).execute();
  const byId = new Map(stories.map((s) => [s.id, s]));
  const hits = page.storyIds.flatMap((id) => {
    const story = byId.get(id);
    if (!story) return [];
    const text = [story.standfirst, bodyText(story.body_html)].filter(Boolean).join(' — ');
    return [{ storyId: id, headline: highlight(story.headline, words), excerpt: snippet(text, words) }];
  });
  return { ok: true, hits, next: page.next, words, capped: page.capped, window: page.window };
}
