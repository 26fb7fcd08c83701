// Read models for reader pages: a full story, and cards for lists, each loaded in a few indexed queries.
import { sql } from 'kysely';
import { BadRequestError } from '../../errors.ts';
import { decodeCursor as readCursor, encodeCursor as pageCursor, fromJson, jsonArrayFrom, precompiled, type Queryable } from '../../storage/index.ts';
import type { StoryStatus } from './domain.ts';
import { heroMediaJson, loadMedia, mediaFromJson, type MediaView } from '../media/index.ts';
import { bodyMediaIds } from '../text/index.ts';

export interface StoryAuthorView {
  name: string;
  slug: string;
  affiliation: string | null;
}

export interface TopicLink {
  name: string;
  slug: string;
}

export interface SourceView {
  name: string;
  shortName: string;
  canonicalPolicy: 'original' | 'self' | 'noindex';
  defaultRights: string | null;
}

export interface StoryView {
  id: string;
  slug: string;
  status: StoryStatus;
  headline: string;
  standfirst: string | null;
  dateline: string | null;
  bodyHtml: string;
  /** The story's own rights line, else its source's default. */
  rightsLine: string | null;
  source: SourceView | null;
  originUrl: string | null;
  version: number;
  publishedAt: string;
  updatedAt: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  modifiedAt: string;
  authors: StoryAuthorView[];
  primaryTopic: TopicLink | null;
  topics: TopicLink[];
  hero: MediaView | null;
  /** The media library items the body shows (its `<figure data-media>` placeholders), by id. */
  bodyMedia: Record<string, MediaView>;
  /** Public correction notes, oldest first. */
  corrections: { notedAt: string; note: string }[];
  breaking: boolean;
  /** The desk's canonical policy for this story; null follows the source's. */
  canonicalPolicy: 'original' | 'self' | 'noindex' | null;
}

export interface StoryCard {
  id: string;
  slug: string;
  headline: string;
  standfirst: string | null;
  publishedAt: string;
  updatedAt: string | null;
  primaryTopic: TopicLink | null;
  hero: MediaView | null;
  /** The wire's name for wire copy; null for the station's own stories. */
  sourceName: string | null;
}

export interface StoryStamp {
  id: string;
  status: StoryStatus;
  modifiedAt: string;
}

const storyStampBySlug = precompiled((db: Queryable, slug: string) => db.selectFrom('stories').select(['id', 'status', 'modified_at']).where('slug', '=', slug));

/** The cheap lookup that decides whether a cached page is still current. */
export async function findStoryStamp(db: Queryable, slug: string): Promise<StoryStamp | null> {
  const [row] = await storyStampBySlug(db, slug);
  return row ? { id: row.id, status: row.status, modifiedAt: row.modified_at } : null;
}

export interface StoryRef {
  id: string;
  slug: string;
  headline: string;
  status: StoryStatus;
}

/** Just enough of a story to link to it (comment pages, the moderators' queues). */
export async function findStoryRef(db: Queryable, by: { slug: string } | { id: string }): Promise<StoryRef | null> {
  const query = db.selectFrom('stories').select(['id', 'slug', 'headline', 'status']);
  const row = await ('slug' in by ? query.where('slug', '=', by.slug) : query.where('id', '=', by.id)).executeTakeFirst();
  return row ?? null;
}

/** The current address of a public story that once had this slug, or null. */
export async function findRedirectedSlug(db: Queryable, oldSlug: string): Promise<string | null> {
  const row = await db
    .selectFrom('story_redirects as r')
    .innerJoin('stories as s', 's.id', 'r.story_id')
    .select('s.slug')
    .where('r.old_slug', '=', oldSlug)
    .where('s.status', 'in', ['published', 'withdrawn'])
    .executeTakeFirst();
  return row?.slug ?? null;
}

const newestChange = precompiled((db: Queryable) => db.selectFrom('stories').select((eb) => eb.fn.max('modified_at').as('stamp')));

/** The newest change to any story: list pages are cached against it. */
export async function latestContentStamp(db: Queryable): Promise<string> {
  const [row] = await newestChange(db);
  return row?.stamp ?? 'empty';
}

interface StoryRowJson {
  authors: { name: string; slug: string; affiliation: string | null; position: number }[];
  topics: { name: string; slug: string; is_primary: number | boolean }[];
  corrections: { noted_at: string; note: string; version: number }[];
}

/**
 * The story page's read: the story with its source, primary topic, authors, topics, hero
 * picture and corrections in one query, compiled once (see storage/precompiled.ts).
 */
const storyBySlug = precompiled((db: Queryable, slug: string) =>
  db
    .selectFrom('stories as s')
    .leftJoin('sources as src', 'src.id', 's.source_id')
    .leftJoin('topics as t', 't.id', 's.primary_topic_id')
    .select([
      's.id', 's.slug', 's.status', 's.headline', 's.standfirst', 's.dateline', 's.body_html', 's.rights_line',
      's.origin_url', 's.version', 's.published_at', 's.updated_at', 's.withdrawn_at', 's.withdrawn_reason',
      's.modified_at', 's.breaking', 's.canonical_policy', 'src.name as source_name', 'src.short_name as source_short_name',
      'src.canonical_policy as source_policy', 'src.default_rights as source_rights',
      't.name as topic_name', 't.slug as topic_slug',
    ])
    .select((eb) => [
      jsonArrayFrom(
        db,
        eb.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select(['a.name', 'a.slug', 'sa.affiliation', 'sa.position']).whereRef('sa.story_id', '=', 's.id'),
      ).as('authors'),
      jsonArrayFrom(
        db,
        eb.selectFrom('story_topics as st').innerJoin('topics as tt', 'tt.id', 'st.topic_id').select(['tt.name', 'tt.slug', 'st.is_primary']).whereRef('st.story_id', '=', 's.id'),
      ).as('topics'),
      jsonArrayFrom(db, eb.selectFrom('story_corrections as sc').select(['sc.noted_at', 'sc.note', 'sc.version']).whereRef('sc.story_id', '=', 's.id')).as('corrections'),
      heroMediaJson(db, 's.id').as('hero'),
    ])
    .where('s.slug', '=', slug),
);

export async function getStoryBySlug(db: Queryable, slug: string): Promise<StoryView | null> {
  const [row] = await storyBySlug(db, slug);
  if (!row) return null;
  // JSON aggregation keeps no order of its own: each list is put in order here.
  const authors = (fromJson<StoryRowJson['authors']>(row.authors) ?? []).sort((a, b) => Number(a.position) - Number(b.position));
  const topics = (fromJson<StoryRowJson['topics']>(row.topics) ?? []).filter((t) => !Number(t.is_primary)).sort((a, b) => compareText(a.name, b.name));
  // By date: a wire's notes are keyed by its own versions, which may be times, not counts.
  const corrections = (fromJson<StoryRowJson['corrections']>(row.corrections) ?? []).sort((a, b) => compareText(a.noted_at, b.noted_at) || Number(a.version) - Number(b.version));

  const source: SourceView | null = row.source_name
    ? {
        name: row.source_name,
        shortName: row.source_short_name ?? row.source_name,
        canonicalPolicy: row.source_policy ?? 'original',
        defaultRights: row.source_rights ?? null,
      }
    : null;
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    headline: row.headline,
    standfirst: row.standfirst,
    dateline: row.dateline,
    bodyHtml: row.body_html,
    rightsLine: row.rights_line ?? source?.defaultRights ?? null,
    source,
    originUrl: row.origin_url,
    version: row.version,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    withdrawnAt: row.withdrawn_at,
    withdrawnReason: row.withdrawn_reason,
    modifiedAt: row.modified_at,
    authors: authors.map((a) => ({ name: a.name, slug: a.slug, affiliation: a.affiliation })),
    primaryTopic: row.topic_name && row.topic_slug ? { name: row.topic_name, slug: row.topic_slug } : null,
    topics: topics.map((t) => ({ name: t.name, slug: t.slug })),
    hero: mediaFromJson(row.hero),
    bodyMedia: Object.fromEntries(await loadMedia(db, bodyMediaIds(row.body_html))),
    corrections: corrections.map((c) => ({ notedAt: c.noted_at, note: c.note })),
    breaking: Number(row.breaking) === 1,
    canonicalPolicy: row.canonical_policy,
  };
}

/** Byte order, as the database's `order by name` gave on both engines. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- lists, newest first, paged by an opaque cursor (published_at + id) ----

export interface Page<T> {
  items: T[];
  /** Cursor for the next (older) page, or null at the end. */
  next: string | null;
}

interface Cursor {
  publishedAt: string;
  id: string;
}


export function encodeCursor(cursor: Cursor): string {
  return pageCursor([cursor.publishedAt, cursor.id]);
}

export function decodeCursor(raw: string): Cursor {
  const values = readCursor(raw, ['time', 'id']);
  if (!values) throw new BadRequestError('The page link is not valid.');
  return { publishedAt: values[0], id: values[1] };
}

export type ListScope = { kind: 'all' } | { kind: 'topic'; topicId: string } | { kind: 'author'; authorId: string };

/** A story in a list, by id and stamp: its card is rendered (and cached) from these. */
export interface CardRef {
  id: string;
  modifiedAt: string;
}

/**
 * Published stories in a scope, newest first, one past the page so the caller knows whether
 * another page follows. Each scope reads one index in order and stops early:
 * stories (status, published_at, id), story_topics or story_authors (key, published_at, story_id).
 */
function refsQuery(db: Queryable, scope: ListScope, key: string, rows: number, cursor: Cursor | null) {
  if (scope.kind === 'all') {
    let query = db.selectFrom('stories as s').select(['s.id', 's.published_at', 's.modified_at']).where('s.status', '=', 'published');
    if (cursor) query = query.where((eb) => eb(eb.refTuple('s.published_at', 's.id'), '<', eb.tuple(cursor.publishedAt, cursor.id)));
    return query.orderBy('s.published_at', 'desc').orderBy('s.id', 'desc').limit(rows);
  }
  // story_topics and story_authors share their shape: (key, story_id, published_at).
  const [link, keyColumn] = scope.kind === 'topic' ? (['story_topics', 'topic_id'] as const) : (['story_authors', 'author_id'] as const);
  let query = db
    .selectFrom(`${link as 'story_topics'} as x`)
    .innerJoin('stories as s', 's.id', 'x.story_id')
    .select(['s.id', 'x.published_at', 's.modified_at'])
    .where(sql.ref(`x.${keyColumn}`), '=', key)
    .where('s.status', '=', 'published');
  if (cursor) query = query.where((eb) => eb(eb.refTuple('x.published_at', 'x.story_id'), '<', eb.tuple(cursor.publishedAt, cursor.id)));
  return query.orderBy('x.published_at', 'desc').orderBy('x.story_id', 'desc').limit(rows);
}

type RefRow = { id: string; published_at: string; modified_at: string };

/** First pages (what readers open) run compiled, one query per scope kind and size. */
const firstPages = new Map<string, (db: Queryable, key: string) => Promise<RefRow[]>>();

async function pageRefs(db: Queryable, scope: ListScope, rows: number, cursor: Cursor | null): Promise<RefRow[]> {
  const key = scope.kind === 'topic' ? scope.topicId : scope.kind === 'author' ? scope.authorId : '';
  if (cursor) return refsQuery(db, scope, key, rows, cursor).execute();
  const name = `${scope.kind}:${rows}`;
  let query = firstPages.get(name);
  if (!query) {
    // The whole site's list has no key to pass.
    const compiled =
      scope.kind === 'all'
        ? precompiled((q: Queryable) => refsQuery(q, scope, '', rows, null))
        : precompiled((q: Queryable, k: string) => refsQuery(q, scope, k, rows, null));
    query = (q: Queryable, k: string) => (compiled as (q: Queryable, k?: string) => Promise<RefRow[]>)(q, ...(scope.kind === 'all' ? [] : [k]));
    firstPages.set(name, query);
  }
  return query(db, key);
}

/** A page of a list as card references, newest first. */
export async function listStoryRefs(db: Queryable, scope: ListScope, options: { limit: number; cursor?: string | null }): Promise<Page<CardRef>> {
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const rows = await pageRefs(db, scope, options.limit + 1, cursor);
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({ id: r.id, modifiedAt: r.modified_at })),
    next: rows.length > options.limit && last ? encodeCursor({ publishedAt: last.published_at, id: last.id }) : null,
  };
}

/**
 * The newest published stories of any of these topics and authors (a reader's Following page),
 * newest first: one bounded index read per followed topic or author, merged, each story once.
 */
export async function listFollowingRefs(db: Queryable, followed: { topicIds: readonly string[]; authorIds: readonly string[] }, options: { limit: number; cursor?: string | null }): Promise<Page<CardRef>> {
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const scopes: ListScope[] = [...followed.topicIds.map((topicId) => ({ kind: 'topic' as const, topicId })), ...followed.authorIds.map((authorId) => ({ kind: 'author' as const, authorId }))];
  const lists = await Promise.all(scopes.map((scope) => pageRefs(db, scope, options.limit + 1, cursor)));
  const byId = new Map<string, RefRow>();
  for (const row of lists.flat()) byId.set(row.id, row);
  const rows = [...byId.values()].sort((a, b) => (a.published_at === b.published_at ? compareText(b.id, a.id) : compareText(b.published_at, a.published_at)));
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({ id: r.id, modifiedAt: r.modified_at })),
    next: rows.length > options.limit && last ? encodeCursor({ publishedAt: last.published_at, id: last.id }) : null,
  };
}

/**
 * The newest `perTopic` published stories of each topic, as card references, in one query (a
 * union of one index read per topic), keyed by topic id: the home page's rails.
 */
export async function topicRailRefs(db: Queryable, topicIds: readonly string[], perTopic: number): Promise<Map<string, CardRef[]>> {
  const rails = new Map<string, CardRef[]>(topicIds.map((id) => [id, []]));
  if (topicIds.length === 0) return rails;
  const rows = await railsQuery(perTopic)(db, topicIds);
  rows.sort((a, b) => (a.published_at === b.published_at ? compareText(b.id, a.id) : compareText(b.published_at, a.published_at)));
  for (const row of rows) rails.get(row.topic_id)?.push({ id: row.id, modifiedAt: row.modified_at });
  return rails;
}

const railsQueries = new Map<number, (db: Queryable, topicIds: readonly string[]) => Promise<{ topic_id: string; id: string; modified_at: string; published_at: string }[]>>();
function railsQuery(perTopic: number) {
  let query = railsQueries.get(perTopic);
  if (!query) {
    query = precompiled((db: Queryable, topicIds: readonly string[]) => {
      // Each topic's read is its own subquery, so each keeps its order and limit.
      const [first, ...rest] = topicIds.map((topicId, i) =>
        db
          .selectFrom(
            db
              .selectFrom('story_topics as x')
              .innerJoin('stories as s', 's.id', 'x.story_id')
              .select(['x.topic_id', 's.id', 's.modified_at', 'x.published_at'])
              .where('x.topic_id', '=', topicId)
              .where('s.status', '=', 'published')
              .orderBy('x.published_at', 'desc')
              .orderBy('x.story_id', 'desc')
              .limit(perTopic)
              .as(`r${i}`),
          )
          .selectAll(),
      );
      if (!first) throw new Error('topicRailRefs needs a topic');
      // No order over the union: it would sort every arm again (temporary b-trees); the caller orders each rail.
      return rest.reduce((union, next) => union.unionAll(next), first);
    });
    railsQueries.set(perTopic, query);
  }
  return query;
}

/** Which of these stories have a hero picture (the home page leads with one). */
export async function withHero(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await heroesOf(db, ids);
  return new Set(rows.map((r) => r.story_id));
}

const heroesOf = precompiled((db: Queryable, ids: readonly string[]) =>
  db.selectFrom('story_media').select('story_id').distinct().where('story_id', 'in', ids).where('role', '=', 'hero'),
);

/** A card's columns, with its hero picture gathered into the same row. */
function cardsQuery(db: Queryable) {
  return db
    .selectFrom('stories as s')
    .leftJoin('topics as t', 't.id', 's.primary_topic_id')
    .leftJoin('sources as src', 'src.id', 's.source_id')
    .select([
      's.id', 's.slug', 's.headline', 's.standfirst', 's.published_at', 's.updated_at',
      't.name as topic_name', 't.slug as topic_slug', 'src.name as source_name', 'src.kind as source_kind',
    ])
    .select(() => heroMediaJson(db, 's.id').as('hero'));
}

type CardRow = Awaited<ReturnType<ReturnType<typeof cardsQuery>['execute']>>[number];

function toCard(r: CardRow): StoryCard {
  return {
    id: r.id,
    slug: r.slug,
    headline: r.headline,
    standfirst: r.standfirst,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    primaryTopic: r.topic_name && r.topic_slug ? { name: r.topic_name, slug: r.topic_slug } : null,
    hero: mediaFromJson(r.hero),
    // Lists credit wire copy to its agency; the station's own stories need no label.
    sourceName: r.source_kind === 'wire' ? r.source_name : null,
  };
}

const cardsByIds = precompiled((db: Queryable, ids: readonly string[]) => cardsQuery(db).where('s.id', 'in', ids));

/** Cards for the given story ids, in the same order, in one query. */
export async function loadCards(db: Queryable, ids: readonly string[]): Promise<StoryCard[]> {
  if (ids.length === 0) return [];
  const byId = new Map((await cardsByIds(db, ids)).map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toCard(row)] : [];
  });
}

/** A page of a list as cards (feeds, tests; reader pages render cards from refs, see web/story-cards). */
export async function listStories(db: Queryable, scope: ListScope, options: { limit: number; cursor?: string | null }): Promise<Page<StoryCard>> {
  const page = await listStoryRefs(db, scope, options);
  return { items: await loadCards(db, page.items.map((r) => r.id)), next: page.next };
}

/** The newest published stories in a scope, whole (body, byline, pictures): what feeds carry. */
export async function loadFeedStories(db: Queryable, scope: ListScope, limit: number): Promise<StoryView[]> {
  const refs = await listStoryRefs(db, scope, { limit });
  if (refs.items.length === 0) return [];
  const slugs = await db.selectFrom('stories').select(['id', 'slug']).where('id', 'in', refs.items.map((r) => r.id)).execute();
  const slugOf = new Map(slugs.map((r) => [r.id, r.slug]));
  const stories = await Promise.all(refs.items.map((r) => getStoryBySlug(db, slugOf.get(r.id) ?? '')));
  return stories.filter((s): s is StoryView => s !== null && s.status === 'published');
}
