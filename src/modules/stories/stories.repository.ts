// Read models for reader pages: a full story, and cards for lists, each loaded in a few indexed queries.
import { sql } from 'kysely';
import { BadRequestError } from '../../errors.ts';
import { decodeCursor as readCursor, encodeCursor as pageCursor, type Queryable, type StoryStatus } from '../../storage/index.ts';
import { loadMedia, type MediaView } from '../media/index.ts';

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
  /** Public correction notes, oldest first. */
  corrections: { notedAt: string; note: string }[];
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

/** The cheap lookup that decides whether a cached page is still current. */
export async function findStoryStamp(db: Queryable, slug: string): Promise<StoryStamp | null> {
  const row = await db
    .selectFrom('stories')
    .select(['id', 'status', 'modified_at'])
    .where('slug', '=', slug)
    .executeTakeFirst();
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

/** The newest change to any story: list pages are cached against it. */
export async function latestContentStamp(db: Queryable): Promise<string> {
  const row = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.max('modified_at').as('stamp'))
    .executeTakeFirst();
  return row?.stamp ?? 'empty';
}

export async function getStoryBySlug(db: Queryable, slug: string): Promise<StoryView | null> {
  const row = await db
    .selectFrom('stories as s')
    .leftJoin('sources as src', 'src.id', 's.source_id')
    .leftJoin('topics as t', 't.id', 's.primary_topic_id')
    .select([
      's.id', 's.slug', 's.status', 's.headline', 's.standfirst', 's.dateline', 's.body_html', 's.rights_line',
      's.origin_url', 's.version', 's.published_at', 's.updated_at', 's.withdrawn_at', 's.withdrawn_reason',
      's.modified_at', 'src.name as source_name', 'src.short_name as source_short_name',
      'src.canonical_policy as source_policy', 'src.default_rights as source_rights',
      't.name as topic_name', 't.slug as topic_slug',
    ])
    .where('s.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return null;

  const [authors, topics, mediaLinks, corrections] = await Promise.all([
    db
      .selectFrom('story_authors as sa')
      .innerJoin('authors as a', 'a.id', 'sa.author_id')
      .select(['a.name', 'a.slug', 'sa.affiliation'])
      .where('sa.story_id', '=', row.id)
      .orderBy('sa.position')
      .execute(),
    db
      .selectFrom('story_topics as st')
      .innerJoin('topics as t', 't.id', 'st.topic_id')
      .select(['t.name', 't.slug', 'st.is_primary'])
      .where('st.story_id', '=', row.id)
      .orderBy('st.is_primary', 'desc')
      .orderBy('t.name')
      .execute(),
    db
      .selectFrom('story_media')
      .select(['media_id', 'role'])
      .where('story_id', '=', row.id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('story_corrections')
      .select(['noted_at', 'note'])
      .where('story_id', '=', row.id)
      .orderBy('version')
      .execute(),
  ]);
  const heroId = mediaLinks.find((m) => m.role === 'hero')?.media_id;
  const media = await loadMedia(db, heroId ? [heroId] : []);

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
    topics: topics.filter((t) => !t.is_primary).map((t) => ({ name: t.name, slug: t.slug })),
    hero: heroId ? (media.get(heroId) ?? null) : null,
    corrections: corrections.map((c) => ({ notedAt: c.noted_at, note: c.note })),
  };
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

type ListScope = { kind: 'all' } | { kind: 'topic'; topicId: string } | { kind: 'author'; authorId: string };

/**
 * Ids of published stories in a scope, newest first, one past the page so the caller knows
 * whether another page follows. Each scope reads one index in order and stops early:
 * stories (status, published_at, id), story_topics or story_authors (key, published_at, story_id).
 */
async function pageIds(db: Queryable, scope: ListScope, limit: number, cursor: Cursor | null): Promise<Cursor[]> {
  if (scope.kind === 'all') {
    let query = db.selectFrom('stories').select(['id', 'published_at']).where('status', '=', 'published');
    if (cursor) query = query.where((eb) => eb(eb.refTuple('published_at', 'id'), '<', eb.tuple(cursor.publishedAt, cursor.id)));
    const rows = await query.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    return rows.map((r) => ({ id: r.id, publishedAt: r.published_at }));
  }
  // story_topics and story_authors share their shape: (key, story_id, published_at).
  const [link, keyColumn, key] =
    scope.kind === 'topic' ? (['story_topics', 'topic_id', scope.topicId] as const) : (['story_authors', 'author_id', scope.authorId] as const);
  let query = db
    .selectFrom(`${link as 'story_topics'} as x`)
    .innerJoin('stories as s', 's.id', 'x.story_id')
    .select(['x.story_id', 'x.published_at'])
    .where(sql.ref(`x.${keyColumn}`), '=', key)
    .where('s.status', '=', 'published');
  if (cursor) query = query.where((eb) => eb(eb.refTuple('x.published_at', 'x.story_id'), '<', eb.tuple(cursor.publishedAt, cursor.id)));
  const rows = await query.orderBy('x.published_at', 'desc').orderBy('x.story_id', 'desc').limit(limit + 1).execute();
  return rows.map((r) => ({ id: r.story_id, publishedAt: r.published_at }));
}

export async function listStories(
  db: Queryable,
  scope: ListScope,
  options: { limit: number; cursor?: string | null },
): Promise<Page<StoryCard>> {
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const ids = await pageIds(db, scope, options.limit, cursor);
  const pageItems = ids.slice(0, options.limit);
  const last = pageItems.at(-1);
  return {
    items: await loadCards(db, pageItems.map((i) => i.id)),
    next: ids.length > options.limit && last ? encodeCursor(last) : null,
  };
}

/** Cards for the given story ids, in the same order. */
export async function loadCards(db: Queryable, ids: readonly string[]): Promise<StoryCard[]> {
  if (ids.length === 0) return [];
  const [rows, heroes] = await Promise.all([
    db
      .selectFrom('stories as s')
      .leftJoin('topics as t', 't.id', 's.primary_topic_id')
      .leftJoin('sources as src', 'src.id', 's.source_id')
      .select([
        's.id', 's.slug', 's.headline', 's.standfirst', 's.published_at', 's.updated_at',
        't.name as topic_name', 't.slug as topic_slug', 'src.name as source_name', 'src.kind as source_kind',
      ])
      .where('s.id', 'in', ids)
      .execute(),
    db
      .selectFrom('story_media')
      .select(['story_id', 'media_id'])
      .where('story_id', 'in', ids)
      .where('role', '=', 'hero')
      .execute(),
  ]);
  const heroByStory = new Map(heroes.map((h) => [h.story_id, h.media_id]));
  const media = await loadMedia(db, [...heroByStory.values()]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const heroId = heroByStory.get(id);
    return [
      {
        id: r.id,
        slug: r.slug,
        headline: r.headline,
        standfirst: r.standfirst,
        publishedAt: r.published_at,
        updatedAt: r.updated_at,
        primaryTopic: r.topic_name && r.topic_slug ? { name: r.topic_name, slug: r.topic_slug } : null,
        hero: heroId ? (media.get(heroId) ?? null) : null,
        // Lists credit wire copy to its agency; the station's own stories need no label.
        sourceName: r.source_kind === 'wire' ? r.source_name : null,
      },
    ];
  });
}
