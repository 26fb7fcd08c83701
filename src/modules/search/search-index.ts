// One interface, two engines (decision 0020). Each writes story_search rows in the caller's
// transaction and answers a parsed query with story ids in order, a page at a time. The score is
// "lower is better" on both (FTS5's bm25 is negative; PostgreSQL's rank is negated), scaled by a
// recency factor, so one keyset cursor (score, story id) pages either engine.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor, isPostgres, nowIso, type Queryable } from '../../storage/index.ts';
import type { StoryStatus } from '../stories/index.ts';
import type { SearchDocument } from './search-document.ts';
import { fts5Match, websearchText, type SearchQuery } from './search-query.ts';

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

export interface SearchIndex {
  write(tx: Queryable, documents: readonly SearchDocument[]): Promise<void>;
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

// Column weights: the headline above the standfirst above the captions, bylines and topics above the body.
const FTS5_WEIGHTS = '10.0, 4.0, 1.0, 2.0';

// Rows a statement (7 values each, well under either engine's limit on parameters): on
// PostgreSQL every statement is a round trip, so a chunk of wire items is indexed in a few.
const ROWS_PER_WRITE = 100;

const rowOf = (d: SearchDocument) => ({ story_id: d.storyId, stamp: d.stamp, status: d.status, published_at: d.publishedAt, headline: d.headline, standfirst: d.standfirst, body: d.body, extra: d.extra });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the upsert's `excluded` row, alike on both engines
const fromExcluded = (eb: any) => ({
  stamp: eb.ref('excluded.stamp'),
  status: eb.ref('excluded.status'),
  published_at: eb.ref('excluded.published_at'),
  headline: eb.ref('excluded.headline'),
  standfirst: eb.ref('excluded.standfirst'),
  body: eb.ref('excluded.body'),
  extra: eb.ref('excluded.extra'),
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
  async write(tx, documents) {
    for (let i = 0; i < documents.length; i += ROWS_PER_WRITE) {
      await tx
        .insertInto('story_search')
        .values(documents.slice(i, i + ROWS_PER_WRITE).map(rowOf))
        .onConflict((oc) => oc.column('story_id').doUpdateSet(fromExcluded))
        .execute();
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

function postgresIndex(config: string): SearchIndex {
  const cfg = sql`${config}::regconfig`;
  return {
    async write(tx, documents) {
      const weighted = (d: SearchDocument) =>
        sql`setweight(to_tsvector(${cfg}, ${d.headline}), 'A') || setweight(to_tsvector(${cfg}, ${d.standfirst}), 'B') || setweight(to_tsvector(${cfg}, ${d.extra}), 'C') || setweight(to_tsvector(${cfg}, ${d.body}), 'D')`;
      for (let i = 0; i < documents.length; i += ROWS_PER_WRITE) {
        await tx
          .insertInto('story_search')
          .values(documents.slice(i, i + ROWS_PER_WRITE).map((d) => ({ ...rowOf(d), document: weighted(d) })))
          .onConflict((oc) => oc.column('story_id').doUpdateSet((eb) => ({ ...fromExcluded(eb), document: eb.ref('excluded.document') })))
          .execute();
      }
    },

    async find(db, request) {
      const { now, after } = pageStart(request);
      const tsquery = sql`websearch_to_tsquery(${cfg}, ${websearchText(request.query)})`;
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
        const inSpan = narrow(db.selectFrom('story_search as ss').select(['ss.doc_id', 'ss.story_id', 'ss.published_at', 'ss.document']).where(sql<SqlBool>`ss.document @@ ${tsquery}`), request)
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
}

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

/** The index of the engine `db` runs on; PostgreSQL's in the configuration the rows were written with. */
export function searchIndexFor(db: Queryable, postgresConfigName = 'english'): SearchIndex {
  return isPostgres(db) ? postgresIndex(postgresConfigName) : sqliteIndex;
}
