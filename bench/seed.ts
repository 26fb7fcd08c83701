// Bulk-loads synthetic stories for benchmarks, straight into the tables in batches (the
// publishing path's per-story queries would make a 100,000-story load take minutes).
import { randomUUID } from 'node:crypto';
import { syncSearchIndex } from '../src/modules/search/index.ts';
import type { Database, Db } from '../src/storage/index.ts';
import { type Insertable, sql } from 'kysely';

const BATCH = 500;
const WORDS = 'river council school bridge budget storm harvest library market transit clinic election festival'.split(' ');

function paragraphs(seed: number): string {
  const out: string[] = [];
  for (let p = 0; p < 8; p++) {
    const words = Array.from({ length: 45 }, (_, i) => WORDS[(seed + p * 7 + i * 3) % WORDS.length]);
    out.push(`<p>${words.join(' ')}.</p>`);
  }
  return out.join('');
}

/** Adds stories until the site has `target` stories in all; returns how many were added. */
export async function growStories(db: Db, target: number): Promise<number> {
  const row = await db.selectFrom('stories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const existing = Number(row.n);
  const topics = await db.selectFrom('topics').select('id').execute();
  const authors = await db.selectFrom('authors').select('id').execute();
  if (topics.length === 0 || authors.length === 0) throw new Error('seed the demo first: benchmarks reuse its topics and authors');
  const start = Date.UTC(2020, 0, 1);
  let added = 0;
  for (let n = existing; n < target; n += BATCH) {
    const count = Math.min(BATCH, target - n);
    const stories: Insertable<Database['stories']>[] = [];
    const links: Insertable<Database['story_topics']>[] = [];
    const bylines: Insertable<Database['story_authors']>[] = [];
    for (let i = 0; i < count; i++) {
      const index = n + i;
      const id = randomUUID();
      const at = new Date(start + index * 60_000).toISOString();
      const topic = topics[index % topics.length]!.id;
      stories.push({
        id,
        slug: `bench-story-${index}`,
        status: 'published',
        headline: `Benchmark story number ${index} about the ${WORDS[index % WORDS.length]}`,
        standfirst: 'A synthetic story for measuring page speed.',
        dateline: 'KESTREL FALLS',
        body_html: paragraphs(index),
        rights_line: null,
        source_id: null,
        origin_guid: null,
        origin_url: null,
        version: 1,
        primary_topic_id: topic,
        published_at: at,
        updated_at: null,
        withdrawn_at: null,
        withdrawn_reason: null,
        created_at: at,
        modified_at: at,
      });
      links.push({ story_id: id, topic_id: topic, is_primary: 1, published_at: at });
      bylines.push({ story_id: id, author_id: authors[index % authors.length]!.id, position: 0, affiliation: 'Kestrel Valley 7', published_at: at });
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('stories').values(stories).execute();
      await tx.insertInto('story_topics').values(links).execute();
      await tx.insertInto('story_authors').values(bylines).execute();
    });
    added += count;
  }
  // Indexed for search as a live site's stories are, so the server measured next does not spend
  // its first minutes indexing them in the background.
  await syncSearchIndex(db);
  // Fresh statistics, as autovacuum or a scheduled ANALYZE would give a live site.
  await sql`analyze`.execute(db);
  return added;
}

/**
 * After a bulk load, does now the work PostgreSQL would otherwise do in the background while
 * the next measurement runs (vacuuming the new rows, writing the dirty buffers): on two cores
 * that work took CPU from the server being measured. SQLite's equivalent happens at close.
 */
export async function settle(db: Db, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`vacuum (analyze)`.execute(db);
  await sql`checkpoint`.execute(db);
}
