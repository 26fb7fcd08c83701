// One interface, two engines (decision 0020). Each writes story_search rows in the caller's
// transaction and answers a parsed query with story ids in order, a page at a time. The score is
// "lower is better" on both (FTS5's bm25 is negative; PostgreSQL's rank is negated), scaled by a
// recency factor, so one keyset cursor (score, story id) pages either engine.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor, isPostgres, nowIso, type Queryable } from '../../storage/index.ts';
import type { StoryStatus } from '../stories/index.ts';
import { wordsDigest, type SearchDocument } from './search-document.ts';
import { fts5Match, pairLexeme, postgresPairsQuery, websearchText, wordPairs, type SearchQuery } from './search-query.ts';

export interface SearchFilters {
  /** Readers see published stories only; staff see every status, or the ones asked for. */
  audience: 'reader' | 'staff';
  statuses?: readonly StoryStatus[] | undefined;
  topicSlug?: string | undefined;
  authorSlug?: string | undefined;
  /** Published on or after this day, and on or before that one (YYYY-MM-DD, the site's UTC days). */
  fromDay?: string | undefined;
  toDay?: string | undefined;
  /** 'wire' or 'local' (the desk's queues). */
  origin?: 'wire' | 'local' | undefined;
}

export interface SearchRequest extends SearchFilters {
  query: SearchQuery;
  sort: 'relevance' | 'newest';
  cursor?: string | undefined;
  limit: number;
  /** How many of the newest matches are ranked (SEARCH_WINDOW unless a caller needs fewer). */
  window?: number | undefined;
}

export interface SearchPage {
  storyIds: string[];
  /** The cursor of the next page, or null on the last. */
  next: string | null;
  /** More stories match than the window holds: only the newest `window` of them were ranked. */
  capped: boolean;
  window: number;
}

export interface WriteOptions {
  /** Index the words again even where the row's digest says they are already there (a rebuild). */
  rewrite?: boolean | undefined;
}

export interface SearchIndex {
  write(tx: Queryable, documents: readonly SearchDocument[], options?: WriteOptions): Promise<void>;
  find(db: Queryable, request: SearchRequest): Promise<SearchPage>;
}

// A story a year old counts half as much as one from today for the same words.
const RECENCY_DAYS = 365;

/**
 * A search ranks (or sorts) the newest this many stories that match, so its cost stays the same
 * whether a word is in ten stories or in a hundred thousand (decision 0020): a word that common
 * needs more words, a filter or newest-first to reach further back.
 */
export const SEARCH_WINDOW = 1_000;

/**
 * A phrase's rank is costlier to compute (every place the words stand together in each story,
 * about ten times a word's), so a search with a phrase ranks the newest 250 of its matches.
 */
export const PHRASE_WINDOW = 250;

/** The window this request ranks. */
export function windowOf(request: Pick<SearchRequest, 'window' | 'query'>): number {
  return request.window ?? (request.query.required.some((part) => part.length > 1) ? PHRASE_WINDOW : SEARCH_WINDOW);
}

// Column weights: the headline above the standfirst above the captions, bylines and topics above
// the body; each field's pairs weigh as its words.
const FTS5_WEIGHTS = '10.0, 4.0, 1.0, 2.0, 10.0, 4.0, 1.0, 2.0';

// Rows a statement (at most 10 values each, well under either engine's limit on parameters): on
// PostgreSQL every statement is a round trip, so a chunk of wire items is indexed in a few.
const ROWS_PER_WRITE = 100;

const rowOf = (d: SearchDocument) => ({ story_id: d.storyId, stamp: d.stamp, status: d.status, published_at: d.publishedAt, digest: wordsDigest(d) });

/** A field's neighbouring pairs, from its words as stored (single spaces). */
const pairsOf = (words: string): string[] => wordPairs(words.split(' '));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SQLite upsert's `excluded` row
const fromExcluded = (eb: any) => ({
  stamp: eb.ref('excluded.stamp'),
  status: eb.ref('excluded.status'),
  published_at: eb.ref('excluded.published_at'),
  digest: eb.ref('excluded.digest'),
});

interface Row {
  story_id: string;
  /** How many stories the window holds (the same on every row). */
  matched: number;
  score: number;
  published_at: string;
}

/** What both engines share: the filters, on the search row (`ss`) and the story's links. */
function narrow(query: AnyQuery, request: SearchRequest): AnyQuery {
  let q = query;
  if (request.audience === 'reader') q = q.where('ss.status', '=', 'published');
  else if (request.statuses && request.statuses.length > 0) q = q.where('ss.status', 'in', request.statuses);
  const origin = request.origin;
  if (origin) q = q.where(({ exists, selectFrom }: AnyQuery) => exists(selectFrom('stories as s').select('s.id').whereRef('s.id', '=', 'ss.story_id').where('s.source_id', origin === 'wire' ? 'is not' : 'is', null)));
  const topic = request.topicSlug;
  if (topic) q = q.where(({ exists, selectFrom }: AnyQuery) => exists(selectFrom('story_topics as st').innerJoin('topics as t', 't.id', 'st.topic_id').select('st.story_id').whereRef('st.story_id', '=', 'ss.story_id').where('t.slug', '=', topic)));
  const author = request.authorSlug;
  if (author) q = q.where(({ exists, selectFrom }: AnyQuery) => exists(selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select('sa.story_id').whereRef('sa.story_id', '=', 'ss.story_id').where('a.slug', '=', author)));
  if (request.fromDay) q = q.where('ss.published_at', '>=', `${request.fromDay}T00:00:00.000Z`);
  if (request.toDay) q = q.where('ss.published_at', '<=', `${request.toDay}T23:59:59.999Z`);
  return q;
}

/** The moment recency is measured from: fixed by the first page, so later pages rank alike. */
function pageStart(request: SearchRequest): { now: string; after: [number, string] | [string, string] | null } {
  if (!request.cursor) return { now: nowIso(), after: null };
  if (request.sort === 'newest') {
    const c = decodeCursor(request.cursor, ['time', 'id'] as const);
    if (c) return { now: nowIso(), after: [c[0], c[1]] };
  } else {
    const c = decodeCursor(request.cursor, ['time', 'score', 'id'] as const);
    if (c) return { now: c[0], after: [c[1], c[2]] };
  }
  throw new AppError('SEARCH_CURSOR_INVALID', 'That page of results is out of date or was mangled; search again from the first page.');
}

function pageOf(rows: Row[], request: SearchRequest, now: string): SearchPage {
  const items = rows.slice(0, request.limit);
  const last = items[items.length - 1];
  const more = rows.length > request.limit && last;
  const next = !more ? null : request.sort === 'newest' ? encodeCursor([last.published_at, last.story_id]) : encodeCursor([now, Number(last.score), last.story_id]);
  return { storyIds: items.map((r) => r.story_id), next, capped: Number(rows[0]?.matched ?? 0) >= windowOf(request), window: windowOf(request) };
}

const sqliteIndex: SearchIndex = {
  async write(tx, documents, { rewrite = false } = {}) {
    for (let i = 0; i < documents.length; i += ROWS_PER_WRITE) {
      const rows = documents.slice(i, i + ROWS_PER_WRITE).map((d) => ({ document: d, row: rowOf(d) }));
      // The digests the rows hold now: a story whose words did not change keeps its terms.
      const held = new Map((await tx.selectFrom('story_search').select(['story_id', 'digest']).where('story_id', 'in', rows.map((r) => r.row.story_id)).execute()).map((r) => [r.story_id, r.digest]));
      const written = await tx
        .insertInto('story_search')
        .values(rows.map((r) => r.row))
        .onConflict((oc) => oc.column('story_id').doUpdateSet(fromExcluded))
        .returning(['doc_id', 'story_id'])
        .execute();
      const docIds = new Map(written.map((r) => [r.story_id, r.doc_id]));
      const changed = rows.filter((r) => rewrite || held.get(r.row.story_id) !== r.row.digest);
      if (changed.length === 0) continue;
      // Contentless with deletes (migration 016): a replaced row's old terms go with it.
      const values = changed.map(({ document: d }) => {
        const fields = [d.headline, d.standfirst, d.body, d.extra];
        return sql`(${docIds.get(d.storyId)}, ${sql.join([...fields, ...fields.map((f) => pairsOf(f).join(' '))])})`;
      });
      await sql`insert or replace into story_fts (rowid, headline, standfirst, body, extra, headline_pairs, standfirst_pairs, body_pairs, extra_pairs) values ${sql.join(values)}`.execute(tx);
    }
  },

  async find(db, request) {
    const { now, after } = pageStart(request);
    // FTS5 walks its matches newest row first and stops at the window: bm25 is computed for those only.
    const candidates: AnyQuery = narrow(
      db
        .selectFrom(sql<{ rowid: number }>`story_fts`.as('story_fts'))
        .innerJoin('story_search as ss', (j: AnyQuery) => j.on(sql`ss.doc_id`, '=', sql`story_fts.rowid`))
        .select([sql<number>`story_fts.rowid`.as('doc_id'), 'ss.story_id', 'ss.published_at', sql<number>`bm25(story_fts, ${sql.raw(FTS5_WEIGHTS)})`.as('rank')])
        .where(sql<SqlBool>`story_fts match ${fts5Match(request.query)}`),
      request,
    )
      .orderBy(sql`story_fts.rowid`, 'desc')
      .limit(windowOf(request));
    const score = sql<number>`(c.rank / (1.0 + max(0.0, julianday(${now}) - julianday(c.published_at)) / ${sql.raw(`${RECENCY_DAYS}.0`)}))`;
    return pageOf(await ranked(db, candidates, request, after, score), request, now);
  },
};

// PostgreSQL's text search configurations by the site's language; others are folded without stemming.
const POSTGRES_CONFIGS: Record<string, string> = {
  da: 'danish', de: 'german', en: 'english', es: 'spanish', fi: 'finnish', fr: 'french', hu: 'hungarian', it: 'italian',
  nl: 'dutch', no: 'norwegian', nb: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian', sv: 'swedish', tr: 'turkish',
};

export function postgresConfig(language: string): string {
  return POSTGRES_CONFIGS[language.toLowerCase().split('-')[0] ?? ''] ?? 'simple';
}

/** The setting naming the PostgreSQL configuration the rows were written in; queries use the same. */
export const SEARCH_CONFIG_KEY = 'search.config';

// The configuration as SQL, inside the statement that needs it (PostgreSQL evaluates it once a
// statement): the one the rows were written in, else the site language's, as postgresConfig
// reads it. A read of its own would be a round trip on every story written.
const languageConfig = sql.join(
  Object.entries(POSTGRES_CONFIGS).map(([code, name]) => sql`when ${sql.lit(code)} then ${sql.lit(name)}`),
  sql` `,
);
const configuration = sql`coalesce((select value from settings where key = ${sql.lit(SEARCH_CONFIG_KEY)}), (select case split_part(lower(value), '-', 1) ${languageConfig} else 'simple' end from settings where key = 'language'), 'english')::regconfig`;

const postgresIndex: SearchIndex = {
  async write(tx, documents) {
    for (let i = 0; i < documents.length; i += ROWS_PER_WRITE) {
      // Each field's pairs as bucket lexemes of their own (no position or weight: they find a
      // phrase's stories; the words, weighted by field, check and rank them).
      const values = documents.slice(i, i + ROWS_PER_WRITE).map((d) => {
        const r = rowOf(d);
        const pairs = [...new Set([d.headline, d.standfirst, d.extra, d.body].flatMap((f) => pairsOf(f).map(pairLexeme)))];
        return sql`(${r.story_id}, ${r.stamp}, ${r.status}, ${r.published_at}, ${r.digest}, ${d.headline}, ${d.standfirst}, ${d.extra}, ${d.body}, ${pairs}::text[])`;
      });
      // The configuration read once for the statement (in each row it would be planned again
      // for every row, most of a batch's cost).
      await sql`insert into story_search (story_id, stamp, status, published_at, digest, document)
        select v.story_id, v.stamp, v.status, v.published_at, v.digest,
          setweight(to_tsvector(c.cfg, v.headline), 'A') || setweight(to_tsvector(c.cfg, v.standfirst), 'B') || setweight(to_tsvector(c.cfg, v.extra), 'C') || setweight(to_tsvector(c.cfg, v.body), 'D') || array_to_tsvector(v.pairs)
        from (values ${sql.join(values)}) as v (story_id, stamp, status, published_at, digest, headline, standfirst, extra, body, pairs)
        cross join (select ${configuration} as cfg) as c
        on conflict (story_id) do update set stamp = excluded.stamp, status = excluded.status, published_at = excluded.published_at, digest = excluded.digest, document = excluded.document`.execute(tx);
    }
  },

  async find(db, request) {
    const { now, after } = pageStart(request);
    const tsquery = sql`websearch_to_tsquery(${configuration}, ${websearchText(request.query)})`;
    // A phrase's stories are found by its pairs (rare terms) and checked by its words in order.
    const pairs = postgresPairsQuery(request.query);
    const matching = pairs === null ? tsquery : sql`(${pairs}::tsquery && ${tsquery})`;
    const window = windowOf(request);
    const score = sql<number>`(c.rank / (1.0 + greatest(0.0, extract(epoch from (${now}::timestamptz - c.published_at::timestamptz)) / 86400.0) / ${sql.raw(`${RECENCY_DAYS}.0`)}))::float8`;
    // PostgreSQL cannot walk a GIN index in row order as FTS5 walks its doclists: asked for the
    // newest matches it reads every row back from the newest and tests each (slow for a rare
    // word), or every match (slow for a common one). So it looks at the newest rows a span at a
    // time: the matches within a span come from the GIN index and the key's range together
    // (OFFSET 0 keeps the planner from turning that back into a walk), and the span grows
    // eightfold until the window fills or the span covers every row. Only the window's stories
    // are ranked.
    const top = Number((await db.selectFrom('story_search').select((eb) => eb.fn.max('doc_id').as('top')).executeTakeFirst())?.top ?? 0);
    for (let span = window * 8; ; span *= 8) {
      // The last span is every row: the GIN index alone (a key range that wide costs more than it saves).
      const whole = span >= top;
      const inSpan = narrow(db.selectFrom('story_search as ss').select(['ss.doc_id', 'ss.story_id', 'ss.published_at', 'ss.document']).where(sql<SqlBool>`ss.document @@ ${matching}`), request)
        .$call((q: AnyQuery) => (whole ? q : q.where('ss.doc_id', '>', top - span)))
        .offset(0);
      const newest: AnyQuery = (db as AnyQuery).selectFrom(inSpan.as('m')).selectAll('m').orderBy('m.doc_id', 'desc').limit(window);
      // ts_rank's default weights for D, C, B, A: the body lowest, the headline highest.
      const candidates: AnyQuery = (db as AnyQuery).selectFrom(newest.as('n')).select(['n.doc_id', 'n.story_id', 'n.published_at', sql<number>`(-ts_rank(n.document, ${tsquery}))::float8`.as('rank')]);
      const rows = await ranked(db, candidates, request, after, score);
      if (whole || Number(rows[0]?.matched ?? 0) >= window) return pageOf(rows, request, now);
    }
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- both engines' queries share these two steps
type AnyQuery = any;

/** The window's page: ranked (or newest first), after the cursor's place. */
async function ranked(db: Queryable, candidates: AnyQuery, request: SearchRequest, after: [number, string] | [string, string] | null, score: RawBuilder<number>): Promise<Row[]> {
  const counted = (db as AnyQuery).selectFrom(candidates.as('w')).selectAll('w').select(sql<number>`count(*) over ()`.as('matched'));
  let query: AnyQuery = (db as AnyQuery).selectFrom(counted.as('c')).select(['c.story_id', 'c.published_at', 'c.matched', score.as('score')]);
  if (after && request.sort === 'newest') {
    const [at, id] = after as [string, string];
    query = query.where(sql<SqlBool>`(c.published_at < ${at} or (c.published_at = ${at} and c.story_id > ${id}))`);
  } else if (after) {
    const [value, id] = after as [number, string];
    query = query.where(sql<SqlBool>`(${score} > ${value} or (${score} = ${value} and c.story_id > ${id}))`);
  }
  query = request.sort === 'newest' ? query.orderBy('c.published_at', 'desc').orderBy('c.story_id') : query.orderBy(score).orderBy('c.story_id');
  return (await query.limit(request.limit + 1).execute()) as Row[];
}

/** The index of the engine `db` runs on (PostgreSQL's in the configuration its settings name). */
export function searchIndexFor(db: Queryable): SearchIndex {
  return isPostgres(db) ? postgresIndex : sqliteIndex;
}
