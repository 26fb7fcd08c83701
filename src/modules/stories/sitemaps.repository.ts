// What the sitemaps list: the published stories that are the site's own to index (not those whose
// canonical address is the wire's, nor those kept out of search engines), by month of publication;
// the news sitemap's last two days; and the topics and authors with published stories.
import { sql } from 'kysely';
import type { Queryable } from '../../storage/index.ts';

/** The sitemaps protocol's limit of addresses in one file. */
export const SITEMAP_LIMIT = 50_000;
/** Google News reads the last two days, at most a thousand stories. */
export const NEWS_WINDOW_MS = 48 * 3600_000;
export const NEWS_LIMIT = 1000;

export interface SitemapStory {
  slug: string;
  headline: string;
  publishedAt: string;
  modifiedAt: string;
  /** The hero's largest JPEG (a video's poster), relative to the media directory. */
  image: string | null;
}

/** Stories indexed as the site's own: policy 'self' as the story or its source says. */
function indexable(db: Queryable) {
  return db
    .selectFrom('stories as s')
    .leftJoin('sources as src', 'src.id', 's.source_id')
    .where('s.status', '=', 'published')
    .where((eb) => eb(eb.fn.coalesce('s.canonical_policy', 'src.canonical_policy', sql.lit('self')), '=', 'self'));
}

const heroImage = (db: Queryable) =>
  db
    .selectFrom('story_media as sm')
    .innerJoin('media as m', 'm.id', 'sm.media_id')
    .innerJoin('media_renditions as r', (join) => join.on((eb) => eb('r.media_id', '=', eb.fn.coalesce('m.poster_media_id', 'm.id'))))
    .select('r.path')
    .where('sm.story_id', '=', sql.ref<string>('s.id'))
    .where('sm.role', '=', 'hero')
    .where('r.format', '=', 'jpeg')
    .orderBy('r.width', 'desc')
    .limit(1);

/** Each month (YYYY-MM) with indexable stories, and how many. */
export async function sitemapMonths(db: Queryable): Promise<{ month: string; stories: number; modifiedAt: string }[]> {
  const rows = await indexable(db)
    .select((eb) => [sql<string>`substr(s.published_at, 1, 7)`.as('month'), eb.fn.countAll<number>().as('n'), eb.fn.max('s.modified_at').as('modified')])
    .groupBy(sql`substr(s.published_at, 1, 7)`)
    .orderBy(sql`substr(s.published_at, 1, 7)`)
    .execute();
  return rows.map((r) => ({ month: r.month, stories: Number(r.n), modifiedAt: String(r.modified) }));
}

/** One file of a month's stories (page 1, 2, … of at most SITEMAP_LIMIT), oldest first. */
export async function sitemapStories(db: Queryable, month: string, page: number): Promise<SitemapStory[]> {
  const start = `${month}-01`;
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const end = mon === 12 ? `${year + 1}-01-01` : `${year}-${String(mon + 1).padStart(2, '0')}-01`;
  const rows = await indexable(db)
    .select(['s.slug', 's.headline', 's.published_at', 's.modified_at'])
    .select(() => heroImage(db).as('image'))
    .where('s.published_at', '>=', start)
    .where('s.published_at', '<', end)
    .orderBy('s.published_at')
    .orderBy('s.id')
    .limit(SITEMAP_LIMIT)
    .offset((page - 1) * SITEMAP_LIMIT)
    .execute();
  return rows.map((r) => ({ slug: r.slug, headline: r.headline, publishedAt: r.published_at, modifiedAt: r.modified_at, image: r.image ?? null }));
}

/** The news sitemap: indexable stories first published in the last two days, newest first. */
export async function newsSitemapStories(db: Queryable, now: Date = new Date()): Promise<SitemapStory[]> {
  const rows = await indexable(db)
    .select(['s.slug', 's.headline', 's.published_at', 's.modified_at'])
    .select(() => heroImage(db).as('image'))
    .where('s.published_at', '>=', new Date(now.getTime() - NEWS_WINDOW_MS).toISOString())
    .orderBy('s.published_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(NEWS_LIMIT)
    .execute();
  return rows.map((r) => ({ slug: r.slug, headline: r.headline, publishedAt: r.published_at, modifiedAt: r.modified_at, image: r.image ?? null }));
}

/** Topics and authors with published stories, each with its newest story's time. */
export async function sitemapListPages(db: Queryable, kind: 'topic' | 'author'): Promise<{ slug: string; modifiedAt: string }[]> {
  const rows =
    kind === 'topic'
      ? await db.selectFrom('story_topics as l').innerJoin('topics as t', 't.id', 'l.topic_id').innerJoin('stories as s', 's.id', 'l.story_id').where('s.status', '=', 'published').select(['t.slug']).select((eb) => eb.fn.max('s.modified_at').as('modified')).groupBy('t.slug').orderBy('t.slug').execute()
      : await db.selectFrom('story_authors as l').innerJoin('authors as a', 'a.id', 'l.author_id').innerJoin('stories as s', 's.id', 'l.story_id').where('s.status', '=', 'published').select(['a.slug']).select((eb) => eb.fn.max('s.modified_at').as('modified')).groupBy('a.slug').orderBy('a.slug').execute();
  return rows.map((r) => ({ slug: r.slug, modifiedAt: String(r.modified) }));
}
