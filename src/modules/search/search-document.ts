// The words a story is found by, read from the story's own tables and folded once, here, so both
// engines index the same words and the reader's query (folded the same way) meets them.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '../../storage/index.ts';
import type { StoryStatus } from '../stories/index.ts';
import { searchTokens } from './search-query.ts';

// The folded words joined by single spaces: each engine's parser then sees only plain words, the
// same ones the query is made of (PostgreSQL's would otherwise read `a/b` as a file path, an
// address as an email, `covid-19` as one hyphenated word).
const words = (text: string): string => searchTokens(text).join(' ');

// Block ends and line breaks become spaces, so "…the river.</p><p>Inspectors…" reads as two words.
const BLOCK_END = /<\/(?:p|h[1-6]|li|blockquote|figcaption|figure|div|td|th)>|<br\s*\/?>/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A story body as plain text, its paragraphs apart. Bodies are stored through the wire HTML
 * allow-list (no scripts, no comments), so dropping the tags leaves only the words readers see;
 * this is a tenth of the cost of parsing them again, on every story written and every excerpt.
 */
export function bodyText(html: string): string {
  return html
    .replace(BLOCK_END, '$& ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

export interface SearchDocument {
  storyId: string;
  stamp: string;
  status: StoryStatus;
  publishedAt: string;
  headline: string;
  standfirst: string;
  body: string;
  /** Captions, credits, bylines (with their outlet), topic names and the dateline. */
  extra: string;
}

/**
 * What the search row keeps of a document's words (the index holds the words themselves): a
 * rewrite with the same digest leaves the index alone, and a row whose digest differs from the
 * story's words now has fallen behind.
 */
export function wordsDigest(d: Pick<SearchDocument, 'headline' | 'standfirst' | 'body' | 'extra'>): string {
  return createHash('sha256').update(`${d.headline}\n${d.standfirst}\n${d.body}\n${d.extra}`).digest('base64url');
}

// Well under either engine's limit on bound parameters.
const IDS_PER_READ = 500;

function grouped<R extends { story_id: string }>(rows: readonly R[], text: (row: R) => (string | null)[]): Map<string, string[]> {
  const byStory = new Map<string, string[]>();
  for (const row of rows) {
    const list = byStory.get(row.story_id) ?? [];
    for (const part of text(row)) if (part) list.push(part);
    byStory.set(row.story_id, list);
  }
  return byStory;
}

/** The documents of these stories as they stand in `db` (a story that is gone has none). */
export async function readSearchDocuments(db: Queryable, storyIds: readonly string[]): Promise<SearchDocument[]> {
  const documents: SearchDocument[] = [];
  for (let i = 0; i < storyIds.length; i += IDS_PER_READ) {
    const ids = storyIds.slice(i, i + IDS_PER_READ);
    // One read whatever the story has: itself (part 0), and every caption, credit, byline and
    // topic, in one union (on PostgreSQL each statement is a round trip, most of a one-item
    // payload's cost).
    const none = sql<string | null>`null`;
    const rows = await db
      .selectFrom('stories as s')
      // Typed as the other parts' columns are (null there), so the union is one shape.
      .select(['s.id as story_id', sql<number>`0`.as('part'), sql<number>`0`.as('place'), sql<string | null>`s.headline`.as('first'), 's.standfirst as second', sql<string | null>`s.modified_at`.as('modified_at'), sql<string | null>`s.status`.as('status'), sql<string | null>`s.published_at`.as('published_at'), 's.dateline', sql<string | null>`s.body_html`.as('body_html')])
      .where('s.id', 'in', ids)
      .unionAll(db.selectFrom('story_media as sm').innerJoin('media as m', 'm.id', 'sm.media_id').select(['sm.story_id', sql<number>`1`.as('part'), 'sm.position as place', 'm.caption as first', 'm.credit as second', none.as('modified_at'), none.as('status'), none.as('published_at'), none.as('dateline'), none.as('body_html')]).where('sm.story_id', 'in', ids))
      .unionAll(db.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select(['sa.story_id', sql<number>`2`.as('part'), 'sa.position as place', 'a.name as first', 'sa.affiliation as second', none.as('modified_at'), none.as('status'), none.as('published_at'), none.as('dateline'), none.as('body_html')]).where('sa.story_id', 'in', ids))
      .unionAll(db.selectFrom('story_topics as st').innerJoin('topics as t', 't.id', 'st.topic_id').select(['st.story_id', sql<number>`3`.as('part'), sql<number>`0`.as('place'), 't.name as first', none.as('second'), none.as('modified_at'), none.as('status'), none.as('published_at'), none.as('dateline'), none.as('body_html')]).where('st.story_id', 'in', ids))
      .execute();
    const stories = rows.filter((r) => Number(r.part) === 0);
    const parts = rows.filter((r) => Number(r.part) !== 0);
    // Captions and credits in the story's order, then bylines in theirs, then topics by name.
    parts.sort((a, b) => (a.story_id < b.story_id ? -1 : a.story_id > b.story_id ? 1 : Number(a.part) - Number(b.part) || Number(a.place) - Number(b.place) || (a.first ?? '').localeCompare(b.first ?? '')));
    const extras = grouped(parts, (r) => [r.first, r.second]);
    for (const story of stories) {
      const extra = [...(extras.get(story.story_id) ?? []), story.dateline ?? ''];
      documents.push({
        storyId: story.story_id,
        stamp: story.modified_at!,
        status: story.status as StoryStatus,
        publishedAt: story.published_at!,
        headline: words(story.first ?? ''),
        standfirst: words(story.second ?? ''),
        body: words(bodyText(story.body_html ?? '')),
        extra: words(extra.join(' ')),
      });
    }
  }
  return documents;
}
