// Ingest benchmarks: items parsed and stored per second (ninjs 2.x and RSS, both engines; NITF
// against single ninjs items, each a payload), a
// 100,000-item backfill through `masthead ingest` with its peak memory, and the CPU cost of a
// poll answered 304.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { folderPictureFetcher, ingestPayload, pollDueSources, upsertSource } from '../src/modules/ingest/index.ts';
import { createDb, migrateToLatest, type DbHandle } from '../src/storage/index.ts';
import { watchPeakRss } from './harness.ts';
import { wordDrawer } from './text.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BATCH = 500;

// Story text as wire copy has it, a different 150 words a story: a repeated phrase would give
// the search index a handful of distinct words a story and hide most of its cost.
const say = wordDrawer(31);
const body = () => `<p>${say(75)}.</p><p>${say(75)}.</p>`;

function ninjsPayload(offset: number, count: number, tag: string): Buffer {
  return Buffer.from(
    JSON.stringify(
      Array.from({ length: count }, (_, i) => ({
        uri: `urn:bench:${tag}:${offset + i}`,
        type: 'text',
        version: '1',
        versioncreated: '2026-11-20T10:00:00Z',
        headlines: [{ role: 'main', value: `Bench ninjs story ${tag} ${offset + i}` }],
        descriptions: [{ role: 'summary', value: 'A synthetic item for measuring ingest.' }],
        by: 'By Ana Ruiz and Tom Pell, BW',
        bodies: [{ role: 'main', contenttype: 'text/html', value: body() }],
        subjects: [{ name: ['World', 'US', 'Business', 'Health'][i % 4] }],
      })),
    ),
  );
}

function rssPayload(offset: number, count: number, tag: string): Buffer {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<item><guid>bench-${tag}-${offset + i}</guid><title>Bench RSS story ${tag} ${offset + i}</title><link>https://wire.example/${tag}/${offset + i}</link><pubDate>Tue, 24 Nov 2026 15:30:00 GMT</pubDate><dc:creator>Mei Chen</dc:creator><category>Local</category><description>Summary ${i}.</description><content:encoded><![CDATA[${body()}]]></content:encoded></item>`,
  ).join('');
  return Buffer.from(`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>${items}</channel></rss>`);
}

/** NITF is one story a document: these payloads are stories like ninjsPayload's, one at a time. */
function nitfPayload(n: number, tag: string): Buffer {
  return Buffer.from(
    `<?xml version="1.0"?><nitf><head><docdata management-status="usable"><doc-id id-string="bench-${tag}-${n}"/><du-key key="bench-${tag}-${n}" version="1"/>` +
      `<date.issue norm="20261120T100000Z"/><key-list><keyword key="${['World', 'US', 'Business', 'Health'][n % 4]}"/></key-list></docdata></head>` +
      `<body><body.head><hedline><hl1>Bench NITF story ${tag} ${n}</hl1></hedline><byline>By Ana Ruiz and Tom Pell, BW</byline>` +
      `<abstract><p>A synthetic item for measuring ingest.</p></abstract></body.head>` +
      `<body.content>${body()}</body.content></body></nitf>`,
  );
}

export interface IngestThroughput {
  dialect: string;
  format: string;
  items: number;
  seconds: number;
  perSecond: number;
}

type BenchFormat = 'ninjs' | 'rss' | 'ninjs, one item a payload' | 'nitf, one document a payload';

function payloadsOf(format: BenchFormat, total: number, tag: string): Buffer[] {
  if (format === 'ninjs') return Array.from({ length: total / BATCH }, (_, b) => ninjsPayload(b * BATCH, BATCH, tag));
  if (format === 'rss') return Array.from({ length: total / BATCH }, (_, b) => rssPayload(b * BATCH, BATCH, tag));
  if (format === 'nitf, one document a payload') return Array.from({ length: total }, (_, n) => nitfPayload(n, tag));
  // A single ninjs object, as a newsroom system pushes each story.
  return Array.from({ length: total }, (_, n) => Buffer.from(JSON.stringify((JSON.parse(ninjsPayload(n, 1, tag).toString()) as unknown[])[0])));
}

async function throughput(handle: DbHandle, dialect: string, format: BenchFormat, total: number, mediaDir: string): Promise<IngestThroughput> {
  const slug = `bench-${format.split(',')[0]}-${total}`;
  const source = await upsertSource(handle.db, { slug, name: `Bench ${format}`, shortName: 'BW', kind: 'wire', defaultRights: null, canonicalPolicy: 'original' });
  const tag = `${slug}-${Date.now()}`;
  const payloads = payloadsOf(format, total, tag);
  const started = performance.now();
  let created = 0;
  for (const bytes of payloads) {
    const report = await ingestPayload({ db: handle.db, mediaDir }, { source, bytes, transport: 'file', origin: null, fetchPicture: folderPictureFetcher(mediaDir) });
    created += report.items.filter((i) => i.outcome === 'created').length;
  }
  const seconds = (performance.now() - started) / 1000;
  if (created !== total) throw new Error(`${format} on ${dialect}: ${created} of ${total} created`);
  return { dialect, format, items: total, seconds, perSecond: Math.round(total / seconds) };
}

type BenchDatabase = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

async function measureThroughput(dialect: 'sqlite' | 'postgres', database: BenchDatabase, workDir: string): Promise<IngestThroughput[]> {
  const handle = await createDb({ database });
  try {
    await migrateToLatest(handle.db);
    const results = [];
    for (const format of ['ninjs', 'rss'] as const) results.push(await throughput(handle, dialect, format, 10_000, path.join(workDir, 'media')));
    // NITF against the same stories as single ninjs items: each payload is its own transaction.
    for (const format of ['ninjs, one item a payload', 'nitf, one document a payload'] as const) results.push(await throughput(handle, dialect, format, 3_000, path.join(workDir, 'media')));
    return results;
  } finally {
    await handle.close();
  }
}

/**
 * Items per second through `ingestPayload`, in a fresh process: the benchmark's own process has
 * by then grown 100,000 stories and seeded thousands of comments, and its heap and caches made
 * the same code measure a third slower there than alone.
 */
export async function benchIngestThroughput(dialect: 'sqlite' | 'postgres', database: BenchDatabase, workDir: string): Promise<IngestThroughput[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'ingest.ts')], {
    env: { ...process.env, BENCH_INGEST_CHILD: JSON.stringify({ dialect, database, workDir }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`ingest throughput on ${dialect} exited ${code}: ${out.slice(0, 300)}`);
  const results = JSON.parse(out.trim().split('\n').pop() ?? '[]') as IngestThroughput[];
  for (const r of results) console.log(`  ingest ${r.format} on ${dialect}: ${r.perSecond} items/s (${r.items} items in ${r.seconds.toFixed(1)} s)`);
  return results;
}

if (process.env.BENCH_INGEST_CHILD) {
  const { dialect, database, workDir } = JSON.parse(process.env.BENCH_INGEST_CHILD) as { dialect: 'sqlite' | 'postgres'; database: BenchDatabase; workDir: string };
  console.log(JSON.stringify(await measureThroughput(dialect, database, workDir)));
}

export interface BackfillResult {
  items: number;
  seconds: number;
  peakRssMb: number;
}

/** Items in the backfill (issue #13: 1,000,000); BENCH_BACKFILL_ITEMS makes a quicker run. */
const BACKFILL_ITEMS = Number(process.env.BENCH_BACKFILL_ITEMS || 1_000_000);

/** 1,000,000 ninjs items in files of 1,000 (about 1.4 GB), loaded by `masthead ingest FOLDER` on SQLite. */
export async function benchBackfill(workDir: string): Promise<BackfillResult> {
  const folder = path.join(workDir, 'backfill');
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const perFile = 1000;
  const files = Math.ceil(BACKFILL_ITEMS / perFile);
  for (let f = 0; f < files; f++) fs.writeFileSync(path.join(folder, `batch-${String(f).padStart(4, '0')}.json`), ninjsPayload(f * perFile, perFile, 'backfill'));
  const dbFile = path.join(workDir, 'backfill.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  const env = { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, LOG_LEVEL: 'silent', MASTHEAD_DATA_DIR: workDir };
  const bin = path.join(ROOT, 'bin', 'masthead.js');
  await new Promise<void>((resolve, reject) => {
    const setup = spawn(process.execPath, [bin, 'source', 'add', 'backfill', '--name', 'Backfill Wire', '--short-name', 'BW'], { env, stdio: 'ignore' });
    setup.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`source add exited ${code}`))));
  });
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'ingest', folder, '--source', 'backfill'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const peak = watchPeakRss(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const peakRssMb = peak();
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 || !out.includes(`${files * perFile} created`)) throw new Error(`backfill failed (${code}): ${out}`);
  console.log(`  backfill: ${files * perFile} items in ${seconds.toFixed(1)} s, peak RSS ${peakRssMb} MB`);
  fs.rmSync(folder, { recursive: true, force: true });
  return { items: files * perFile, seconds, peakRssMb };
}

export interface PollCost {
  polls: number;
  cpuMsPerPoll: number;
  wallMsPerPoll: number;
}

/** CPU time this process spends on a poll the feed answers 304 (the feed runs in another process). */
export async function benchNotModifiedPoll(workDir: string): Promise<PollCost> {
  const feed = spawn(
    process.execPath,
    [
      '-e',
      `const http=require('node:http');const s=http.createServer((q,r)=>{if(q.headers['if-none-match']==='"v1"'){r.writeHead(304);return r.end()}r.writeHead(200,{etag:'"v1"','content-type':'application/rss+xml'});r.end('<rss><channel><item><guid>x</guid><title>t</title></item></channel></rss>')});s.listen(0,'127.0.0.1',()=>console.log('port='+s.address().port))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve) => feed.stdout?.on('data', (d: Buffer) => resolve(Number(/port=(\d+)/.exec(d.toString())?.[1]))));
  const dbFile = path.join(workDir, 'poll.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  const handle = await createDb({ database: { kind: 'sqlite', file: dbFile } });
  try {
    await migrateToLatest(handle.db);
    await upsertSource(handle.db, { slug: 'poll', name: 'Poll', shortName: 'P', kind: 'wire', defaultRights: null, canonicalPolicy: 'original', transport: 'http', location: `http://127.0.0.1:${port}/feed`, pollSeconds: 60, allowLocal: true });
    const ctx = { db: handle.db, mediaDir: path.join(workDir, 'media') };
    let t = Date.UTC(2026, 0, 1);
    await pollDueSources(ctx, { now: new Date(t) });
    const polls = 300;
    for (let i = 0; i < 20; i++) await pollDueSources(ctx, { now: new Date((t += 61_000)) });
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < polls; i++) {
      const [result] = await pollDueSources(ctx, { now: new Date((t += 61_000)) });
      if (result?.status !== 'not-modified') throw new Error(`expected 304, got ${result?.status}`);
    }
    const used = process.cpuUsage(cpu);
    const cost = { polls, cpuMsPerPoll: (used.user + used.system) / 1000 / polls, wallMsPerPoll: (performance.now() - started) / polls };
    console.log(`  304 poll: ${cost.cpuMsPerPoll.toFixed(2)} ms CPU, ${cost.wallMsPerPoll.toFixed(2)} ms wall per poll`);
    return cost;
  } finally {
    await handle.close();
    feed.kill();
  }
}
