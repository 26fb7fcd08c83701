// Story search at a million stories (issue #15's targets): p95 < 50 ms and p99 < 150 ms for one-,
// two- and three-word queries and a phrase, on both engines; the index built for 1,000,000
// stories by `masthead search reindex` with peak RSS < 500 MB, its time reported.
//
// The stories are generated text over a Zipfian vocabulary (as words are distributed in news
// text: a few very common, most rare), so a one-word query can hit a tenth of the archive or a
// handful of stories. Queries draw their words the same way from the 20th to the 3,000th most
// common word; the most common word of all is reported on its own as the worst case.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql, type Insertable } from 'kysely';
import { seedDemo } from '../src/modules/demo/index.ts';
import { searchStories } from '../src/modules/search/index.ts';
import { createDb, migrateToLatest, type Database, type Db } from '../src/storage/index.ts';
import { percentile, ROOT, watchPeakRss, WORK } from './harness.ts';
import { random, vocabulary, VOCABULARY, zipf } from './text.ts';
import { settle } from './seed.ts';

const STORIES = Number(process.env.BENCH_SEARCH_STORIES || 1_000_000);
const BODY_WORDS = 150;
const QUERIES = 200;
const BATCH = 500;

export interface SearchBench {
  dialect: 'sqlite' | 'postgres';
  stories: number;
  seedSeconds: number;
  build: { seconds: number; peakRssMb: number; indexed: number };
  queries: { kind: string; p50: number; p95: number; p99: number; meanHits: number }[];
}

async function seedStories(db: Db, words: string[]): Promise<void> {
  const topics = await db.selectFrom('topics').select('id').execute();
  const authors = await db.selectFrom('authors').select('id').execute();
  const next = random(11);
  const rank = zipf(words.length, next);
  const text = (n: number) => Array.from({ length: n }, () => words[rank()]).join(' ');
  const start = Date.UTC(2021, 0, 1);
  for (let n = 0; n < STORIES; n += BATCH) {
    const stories: Insertable<Database['stories']>[] = [];
    const links: Insertable<Database['story_topics']>[] = [];
    const bylines: Insertable<Database['story_authors']>[] = [];
    for (let i = n; i < Math.min(STORIES, n + BATCH); i++) {
      const id = `search-bench-${String(i).padStart(7, '0')}`;
      const at = new Date(start + i * 150_000).toISOString();
      const topic = topics[i % topics.length]!.id;
      const paragraphs = [0, 1, 2].map(() => `<p>${text(BODY_WORDS / 3)}.</p>`).join('');
      stories.push({ id, slug: id, status: 'published', headline: text(8), standfirst: text(15), dateline: null, body_html: paragraphs, rights_line: null, source_id: null, origin_guid: null, origin_url: null, version: 1, primary_topic_id: topic, published_at: at, updated_at: null, withdrawn_at: null, withdrawn_reason: null, created_at: at, modified_at: at });
      links.push({ story_id: id, topic_id: topic, is_primary: 1, published_at: at });
      bylines.push({ story_id: id, author_id: authors[i % authors.length]!.id, position: 0, affiliation: 'Kestrel Valley 7', published_at: at });
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('stories').values(stories).execute();
      await tx.insertInto('story_topics').values(links).execute();
      await tx.insertInto('story_authors').values(bylines).execute();
    });
  }
}

/** `masthead search reindex` in its own process, its peak resident memory read from /proc as it runs. */
function reindexInChild(url: string): Promise<{ seconds: number; peakRssMb: number; indexed: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'masthead.js'), 'search', 'reindex'], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const peak = watchPeakRss(child);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const peakRssMb = peak();
      if (code !== 0) return reject(new Error(`search reindex exited ${code}: ${out}`));
      resolve({ seconds: (performance.now() - started) / 1000, peakRssMb, indexed: Number(/Indexed (\d+)/.exec(out)?.[1] ?? 0) });
    });
  });
}

async function measure(db: Db, kind: string, queries: string[]): Promise<SearchBench['queries'][number]> {
  for (const q of queries.slice(0, 20)) await searchStories(db, q, { audience: 'reader' });
  const times: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const started = performance.now();
    const found = await searchStories(db, q, { audience: 'reader' });
    times.push(performance.now() - started);
    if (found.ok) hits += found.hits.length;
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { kind, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), p99: round(percentile(times, 99)), meanHits: Math.round((hits / queries.length) * 10) / 10 };
}

export async function benchSearch(dialect: 'sqlite' | 'postgres', url: string): Promise<SearchBench> {
  const database = dialect === 'sqlite' ? { kind: 'sqlite' as const, file: url.slice(7) } : { kind: 'postgres' as const, url };
  const handle = await createDb({ database });
  await migrateToLatest(handle.db);
  await seedDemo(handle.db, path.join(WORK, 'media'));
  const words = vocabulary();
  const seedStarted = performance.now();
  await seedStories(handle.db, words);
  await sql`analyze`.execute(handle.db);
  const seedSeconds = Math.round((performance.now() - seedStarted) / 1000);
  console.log(`  ${dialect}: ${STORIES} stories seeded in ${seedSeconds} s; building the index`);
  await handle.close();
  const build = await reindexInChild(url);
  console.log(`  ${dialect}: index built in ${build.seconds.toFixed(0)} s, peak RSS ${build.peakRssMb} MB`);
  return { ...(await measureQueries(dialect, database, words)), seedSeconds, build };
}

/** The queries alone, on an archive already seeded and indexed (BENCH_SEARCH_REUSE reruns them on the last one). */
async function measureQueries(dialect: 'sqlite' | 'postgres', database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }, words: string[]): Promise<Omit<SearchBench, 'seedSeconds' | 'build'>> {
  const handle = await createDb({ database });
  try {
    await settle(handle.db, dialect);
    if (dialect === 'postgres') await sql`analyze story_search`.execute(handle.db);
    const next = random(23);
    const pick = () => words[20 + Math.floor(next() * 2_980)]!;
    const many = (n: number) => Array.from({ length: QUERIES }, () => Array.from({ length: n }, pick).join(' '));
    // A phrase that is in the archive: two neighbouring words of a story's body.
    const phrases: string[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const id = `search-bench-${String(Math.floor(next() * STORIES)).padStart(7, '0')}`;
      const row = await handle.db.selectFrom('stories').select('body_html').where('id', '=', id).executeTakeFirstOrThrow();
      const body = row.body_html.replace(/<[^>]+>|\./g, ' ').trim().split(/\s+/);
      const at = Math.floor(next() * (body.length - 1));
      phrases.push(`"${body[at]} ${body[at + 1]}"`);
    }
    const queries = [
      await measure(handle.db, 'one word', many(1)),
      await measure(handle.db, 'two words', many(2)),
      await measure(handle.db, 'three words', many(3)),
      await measure(handle.db, 'a phrase', phrases),
      await measure(handle.db, `the most common word ("${words[0]}")`, Array.from({ length: 40 }, () => words[0]!)),
    ];
    for (const q of queries) console.log(`  ${dialect} ${q.kind}: p50 ${q.p50} ms, p95 ${q.p95} ms, p99 ${q.p99} ms (${q.meanHits} results a page)`);
    return { dialect, stories: STORIES, queries };
  } finally {
    await handle.close();
  }
}

export function searchReport(results: SearchBench[]): string[] {
  if (results.length === 0) return [];
  const lines = ['', '## Search at scale', ''];
  lines.push(`Generated stories (headline 8 words, standfirst 15, body ${BODY_WORDS}) over a Zipfian vocabulary of ${VOCABULARY.toLocaleString('en-US')} words; ${QUERIES} queries a kind, words drawn from the 20th to the 3,000th most common, first page of 20 with excerpts. Targets: p95 < 50 ms, p99 < 150 ms; build peak RSS < 500 MB.`, '');
  lines.push('| engine | stories | index build | build peak RSS | query | p50 | p95 | p99 | results a page |', '|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const q of r.queries) lines.push(`| ${r.dialect} | ${r.stories.toLocaleString('en-US')} | ${Math.round(r.build.seconds)} s | ${r.build.peakRssMb} MB | ${q.kind} | ${q.p50} ms | ${q.p95} ms | ${q.p99} ms | ${q.meanHits} |`);
  }
  return lines;
}

// `BENCH_SEARCH_REUSE=sqlite npx tsx bench/search.ts` (or `=postgres://…/masthead_bench_N`): the
// queries again on the archive the last run left, without seeding and indexing it again.
if (process.env.BENCH_SEARCH_REUSE && import.meta.url === `file://${process.argv[1]}`) {
  const reuse = process.env.BENCH_SEARCH_REUSE;
  const postgres = reuse.startsWith('postgres');
  const database = postgres ? { kind: 'postgres' as const, url: reuse } : { kind: 'sqlite' as const, file: path.join(WORK, 'bench.db') };
  const result = await measureQueries(postgres ? 'postgres' : 'sqlite', database, vocabulary());
  console.log(JSON.stringify(result.queries));
}
